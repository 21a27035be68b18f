package dev.candlesignal.indicators;

import dev.candlesignal.feature.Feature;
import java.util.function.Function;
import org.ta4j.core.BarSeries;
import org.ta4j.core.Indicator;
import org.ta4j.core.num.Num;

/**
 * Any Ta4j 0.22 indicator as a feature column, to combine with the standard sets through
 * {@link dev.candlesignal.feature.FeatureSet#builder()}:
 *
 * <pre>{@code
 * FeatureSet set = FeatureSet.builder()
 *         .addAll(FeatureSets.standard28())
 *         .add(Ta4jFeature.of("rsi_wilder_14", 100, series -> new RSIIndicator(new ClosePriceIndicator(series), 14)))
 *         .build();
 * }</pre>
 *
 * <p>Each stream's calculator keeps its own bounded {@link BarSeries} ({@code maximumBarCount = window}, prices
 * as {@code DoubleNum}) and its own indicator, built by calling {@code indicator} on that series; every candle
 * adds one bar (begin = open time, end = close time + 1 ms, volume, quote volume as amount, trades) and the
 * column's value is the indicator at the new bar, as a double (Ta4j's NaN as NaN). Recursive indicators (EMA,
 * Wilder's RSI) continue from their cached previous values, so a bounded series gives the same values as an
 * unbounded one, provided the window covers everything the indicator reads. That is checked when the feature
 * is created: the window must exceed {@code getCountOfUnstableBars()}, and the indicator must give the same
 * values on a bounded and an unbounded series of synthetic candles (a running-sum SMA of period p, for example,
 * reads the bar leaving its period and needs a window above p). Rows before the unstable bars are over are NaN:
 * {@code warmupBars()} is {@code getCountOfUnstableBars() + 1}.
 *
 * <p>Ta4j allocates objects for every bar and value, so a set with Ta4j columns is not allocation-free per
 * update, unlike the standard sets. Candles must arrive with increasing close times (a candle that does not is
 * rejected before any state changes). If the indicator itself throws, the bar has already been added: that
 * calculator then refuses further candles with {@link IllegalStateException}.
 *
 * <p>The {@code definition()} that enters a combined set's id is the indicator's class name, the window and
 * the unstable bar count; the indicator's parameters are not visible from outside, so give columns with other
 * parameters other names.
 *
 * <p>Static factory only; the features are immutable and thread-safe (the factory function must be too, and
 * must build a new indicator on the series it is given).
 */
public final class Ta4jFeature {
    private Ta4jFeature() {
    }

    /**
     * A column computed by a Ta4j indicator over the last {@code window} candles.
     *
     * @param name the column name
     * @param window bars the series keeps; must cover everything the indicator reads (checked)
     * @param indicator builds the indicator on a stream's series
     * @throws dev.candlesignal.FeatureConfigurationException if the name is invalid, the window is too small for
     *     the indicator, or the function returns null
     */
    public static Feature of(String name, int window, Function<BarSeries, Indicator<Num>> indicator) {
        return new Ta4jColumn(name, window, indicator);
    }
}
