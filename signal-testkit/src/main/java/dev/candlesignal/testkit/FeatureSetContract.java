package dev.candlesignal.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.feature.FeatureCalculator;
import dev.candlesignal.feature.FeatureSet;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tests every {@link FeatureSet} must pass: well-formed columns, streaming equals batch on random candle series
 * (flat prices, zero volume, huge and tiny prices, gaps), defined values after warm-up, independent calculators.
 * Subclass it in the feature set's test sources.
 */
public abstract class FeatureSetContract {

    /** The feature set under test. */
    protected abstract FeatureSet featureSet();

    /** Candle series for the streaming-equals-batch property; override for sets that need more (order books). */
    protected Generator<List<Candle>> candleSeries() {
        return Candles.series(1, 260);
    }

    /** Well-behaved candles (no flat or zero-volume candles) for the warm-up check. */
    protected List<Candle> wellBehavedCandles(int n) {
        return Candles.randomWalk(42, n);
    }

    /**
     * A second well-behaved series, different from {@link #wellBehavedCandles}, for the independence check;
     * override together with it for sets that need more than OHLCV (order books).
     */
    protected List<Candle> otherWellBehavedCandles(int n) {
        return Candles.randomWalk(7, n);
    }

    /**
     * Relative tolerance between streaming and batch values; 0 (the default) demands identical doubles. Sets
     * whose batch form sums in another order may allow a few ulps.
     */
    protected double streamingTolerance() {
        return 0;
    }

    @Test
    void idAndColumnsAreWellFormed() {
        FeatureSet fs = featureSet();
        assertThat(fs.id()).isNotBlank().matches("[A-Za-z0-9_.:@()/+,=-]+");
        assertThat(fs.columns()).isNotEmpty().doesNotContainNull();
        assertThat(new HashSet<>(fs.columns())).as("unique columns").hasSize(fs.columns().size());
        fs.columns().forEach(c -> assertThat(c).isNotBlank());
        assertThat(fs.featureCount()).isEqualTo(fs.columns().size());
        assertThat(fs.warmupBars()).isPositive();
        assertThat(fs.newCalculator().featureCount()).isEqualTo(fs.featureCount());
        assertThat(featureSet().id()).as("id is stable").isEqualTo(fs.id());
    }

    @Test
    void streamingEqualsBatch() {
        Property.forAll(candleSeries()).tries(60).check(this::assertStreamingEqualsBatch);
    }

    private void assertStreamingEqualsBatch(List<Candle> candles) {
        FeatureSet fs = featureSet();
        double[][] batch = fs.compute(candles);
        FeatureCalculator calc = fs.newCalculator();
        double[] row = new double[fs.featureCount()];
        for (int i = 0; i < candles.size(); i++) {
            calc.update(candles.get(i), row, 0);
            for (int c = 0; c < row.length; c++) {
                assertSame(batch[i][c], row[c], i, fs.columns().get(c));
            }
        }
        assertThat(calc.count()).isEqualTo(candles.size());
    }

    private void assertSame(double expected, double actual, int row, String column) {
        if (Double.isNaN(expected) || Double.isNaN(actual) || Double.isInfinite(expected) || streamingTolerance() == 0) {
            assertThat(Double.doubleToLongBits(actual)).as("row %d column %s: batch %s, streaming %s", row, column,
                    expected, actual).isEqualTo(Double.doubleToLongBits(expected));
        } else {
            double scale = Math.max(1e-12, Math.abs(expected));
            assertThat(Math.abs(actual - expected) / scale).as("row %d column %s: batch %s, streaming %s", row, column,
                    expected, actual).isLessThanOrEqualTo(streamingTolerance());
        }
    }

    @Test
    void everyValueIsDefinedFromTheWarmupRowOn() {
        FeatureSet fs = featureSet();
        List<Candle> candles = wellBehavedCandles(fs.warmupBars() + 150);
        double[][] rows = fs.compute(candles);
        for (int r = fs.warmupBars() - 1; r < rows.length; r++) {
            for (int c = 0; c < rows[r].length; c++) {
                assertThat(Double.isFinite(rows[r][c])).as("row %d column %s = %s", r, fs.columns().get(c), rows[r][c])
                        .isTrue();
            }
        }
    }

    @Test
    void warmupIsTight() {
        FeatureSet fs = featureSet();
        if (fs.warmupBars() < 2) {
            return;
        }
        double[][] rows = fs.compute(wellBehavedCandles(fs.warmupBars() + 5));
        assertThat(Arrays.stream(rows[fs.warmupBars() - 2]).anyMatch(v -> !Double.isFinite(v)))
                .as("row %d (one before warm-up ends) still has an undefined value", fs.warmupBars() - 2).isTrue();
    }

    @Test
    void calculatorWritesOnlyItsSlice() {
        FeatureSet fs = featureSet();
        FeatureCalculator calc = fs.newCalculator();
        int n = fs.featureCount();
        double[] buffer = new double[n + 10];
        for (Candle candle : wellBehavedCandles(fs.warmupBars() + 3)) {
            Arrays.fill(buffer, -12345.0);
            calc.update(candle, buffer, 5);
            for (int i = 0; i < 5; i++) {
                assertThat(buffer[i]).isEqualTo(-12345.0);
                assertThat(buffer[n + 5 + i]).isEqualTo(-12345.0);
            }
        }
    }

    @Test
    void calculatorsAreIndependent() {
        FeatureSet fs = featureSet();
        List<Candle> a = wellBehavedCandles(fs.warmupBars() + 20);
        List<Candle> b = otherWellBehavedCandles(fs.warmupBars() + 20);
        FeatureCalculator ca = fs.newCalculator();
        FeatureCalculator cb = fs.newCalculator();
        double[] ra = new double[fs.featureCount()];
        double[] rb = new double[fs.featureCount()];
        double[][] expectedA = fs.compute(a);
        double[][] expectedB = fs.compute(b);
        for (int i = 0; i < a.size(); i++) {
            ca.update(a.get(i), ra, 0);
            cb.update(b.get(i), rb, 0);
            assertThat(ra).containsExactly(expectedA[i]);
            assertThat(rb).containsExactly(expectedB[i]);
        }
    }
}
