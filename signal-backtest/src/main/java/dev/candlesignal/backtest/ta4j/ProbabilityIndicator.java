package dev.candlesignal.backtest.ta4j;

import org.ta4j.core.BarSeries;
import org.ta4j.core.indicators.AbstractIndicator;
import org.ta4j.core.num.NaN;
import org.ta4j.core.num.Num;

/** The model's P(up) per bar, precomputed ({@link Ta4jBridge#probability}). Immutable. */
final class ProbabilityIndicator extends AbstractIndicator<Num> {
    private final double[] values;
    private final int unstable;

    ProbabilityIndicator(BarSeries series, double[] values, int unstable) {
        super(series);
        this.values = values;
        this.unstable = unstable;
    }

    @Override
    public Num getValue(int index) {
        int b = index - getBarSeries().getBeginIndex();
        if (b < 0 || b >= values.length || Double.isNaN(values[b])) {
            return NaN.NaN;
        }
        return getBarSeries().numFactory().numOf(values[b]);
    }

    /** Bars before the first prediction (the engine's warm-up). */
    @Override
    public int getCountOfUnstableBars() {
        return unstable;
    }

    @Override
    public String toString() {
        return "ProbabilityIndicator";
    }
}
