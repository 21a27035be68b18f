package dev.candlesignal.backtest.ta4j;

import dev.candlesignal.Action;
import dev.candlesignal.Candle;
import dev.candlesignal.StreamKey;
import dev.candlesignal.backtest.Predictions;
import dev.candlesignal.backtest.StreamPredictions;
import dev.candlesignal.backtest.Strategy;
import dev.candlesignal.backtest.internal.Decider;
import dev.candlesignal.backtest.internal.Signals;
import dev.candlesignal.feature.FeatureSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.Rule;
import org.ta4j.core.num.DoubleNumFactory;
import org.ta4j.core.num.NumFactory;
import org.ta4j.core.num.Num;

/**
 * Plugs the model into a Ta4j backtest: {@link #probability} is an {@code Indicator<Num>} of the model's P(up) on
 * each bar, and {@link #signals} a {@code Rule} satisfied on the bars where the strategy emitted a BUY (or SELL), with
 * the policy, drift policy and cooldown applied exactly as the backtester and the engine apply them. Use them with
 * Ta4j's {@code BaseStrategy}, {@code BarSeriesManager} and {@code AnalysisCriterion}s like any indicator and rule.
 * Bars are matched to candles by their begin time (a candle's open time); a bar without a prediction has P(up)
 * {@code NaN} and no signal.
 *
 * {@snippet :
 * Predictions p = backtester.predict(Map.of(btc, candles));
 * BarSeries series = Ta4jBridge.series("BTCUSDT", candles);
 * Rule entry = Ta4jBridge.signals(series, p, btc, featureSet, strategy, Action.BUY);
 * Rule exit = new OpenedPositionMinimumBarCountRule(24);
 * TradingRecord record = new BarSeriesManager(series, new TradeOnCurrentCloseModel())
 *         .run(new BaseStrategy(entry, exit));
 * }
 *
 * <p>Stateless; the indicators and rules it makes are immutable once made.
 */
public final class Ta4jBridge {
    private Ta4jBridge() {
    }

    /** A Ta4j bar series of candles (double-precision numbers), one bar per candle, named {@code name}. */
    public static BarSeries series(String name, List<Candle> candles) {
        BarSeries series = new BaseBarSeriesBuilder().withName(name).withNumFactory(DoubleNumFactory.getInstance())
                .build();
        NumFactory f = series.numFactory();
        for (Candle c : candles) {
            Instant end = c.closeTime().plusMillis(1);
            series.barBuilder().timePeriod(java.time.Duration.between(c.openTime(), end)).endTime(end)
                    .openPrice(f.numOf(c.open())).highPrice(f.numOf(c.high())).lowPrice(f.numOf(c.low()))
                    .closePrice(f.numOf(c.close())).volume(f.numOf(c.volume()))
                    .amount(f.numOf(c.quoteVolume())).trades(c.trades()).add();
        }
        return series;
    }

    /** The model's P(up) on each bar of {@code series}; {@code NaN} where it made no prediction. */
    public static Indicator<Num> probability(BarSeries series, StreamPredictions predictions) {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(predictions, "predictions");
        Map<Instant, Integer> index = index(predictions);
        int n = series.getBarCount();
        double[] values = new double[n];
        int unstable = n;
        for (int b = 0; b < n; b++) {
            Integer i = index.get(series.getBar(series.getBeginIndex() + b).getBeginTime());
            values[b] = i == null ? Double.NaN : predictions.probability(i);
            if (!Double.isNaN(values[b]) && unstable == n) {
                unstable = b;
            }
        }
        return new ProbabilityIndicator(series, values, unstable);
    }

    /**
     * A rule satisfied on the bars where {@code strategy} emits {@code direction} from the predictions of
     * {@code stream}.
     *
     * @param featureSet the feature set the model read (for policies that look at features)
     */
    public static Rule signals(BarSeries series, Predictions all, StreamKey stream, FeatureSet featureSet,
            Strategy strategy, Action direction) {
        Objects.requireNonNull(series, "series");
        StreamPredictions predictions = all.streams().get(stream);
        if (predictions == null) {
            throw new IllegalArgumentException("no predictions of " + stream + " (streams: " + all.streams().keySet()
                    + ")");
        }
        if (direction == Action.HOLD) {
            throw new IllegalArgumentException("a signal rule is for BUY or SELL, not HOLD");
        }
        int window = all.models().isEmpty() ? 1 : all.models().get(0).sequenceLength();
        Signals s = new Decider(featureSet, window).decide(predictions, strategy);
        byte wanted = direction == Action.BUY ? Signals.BUY : Signals.SELL;
        Map<Instant, Integer> index = index(predictions);
        boolean[] on = new boolean[series.getBarCount()];
        for (int b = 0; b < on.length; b++) {
            Integer i = index.get(series.getBar(series.getBeginIndex() + b).getBeginTime());
            on[b] = i != null && s.action[i] == wanted;
        }
        return new SignalRule(series.getBeginIndex(), on, direction);
    }

    private static Map<Instant, Integer> index(StreamPredictions p) {
        Map<Instant, Integer> m = new HashMap<>(p.size() * 2);
        for (int i = 0; i < p.size(); i++) {
            m.put(p.candle(i).openTime(), i);
        }
        return m;
    }
}
