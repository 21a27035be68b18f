package dev.candlesignal.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.backtest.internal.Decider;
import dev.candlesignal.backtest.internal.Signals;
import dev.candlesignal.engine.Cooldown;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.indicators.FeatureSets;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.TestModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * No look-ahead: with the real standard28 features, changing every candle after {@code t} changes nothing at or
 * before {@code t}: not the predictions, not the signals, not the trades that closed by {@code t}, not the equity.
 */
class LookAheadTest {
    private static final StreamKey STREAM = StreamKey.of("BTCUSDT", Interval.HOUR_1);

    @Test
    void changingEveryCandleAfterTChangesNothingAtOrBeforeT() {
        FeatureSet features = FeatureSets.standard28();
        List<Candle> original = Candles.randomWalk(5, 900);
        try (TestModel model = TestModel.linear(features, 60, "1")) {
            Backtester b = Backtester.builder().featureSet(features).model(model).build();
            Strategy strategy = Strategy.defaults(Interval.HOUR_1).withCooldown(Cooldown.ofCandles(2));
            Predictions before = b.predict(Map.of(STREAM, original));
            BacktestResult runBefore = b.evaluate(before, BacktestRange.all(), strategy);
            assertThat(runBefore.run().trades()).hasSizeGreaterThan(20);
            for (int t : new int[] {300, 512, 777}) {
                List<Candle> changed = new ArrayList<>(original.subList(0, t + 1));
                SplittableRandom random = new SplittableRandom(t);
                double close = original.get(t).close();
                for (int i = t + 1; i < original.size(); i++) {
                    double c = close * (1 + (random.nextDouble() - 0.5) * 0.2); // wilder moves than the original
                    Candle o = original.get(i);
                    changed.add(Candles.candle(o.openTime(), Interval.HOUR_1, close, Math.max(close, c) * 1.03,
                            Math.min(close, c) * 0.97, c, 10 + 5000 * random.nextDouble(), 5));
                    close = c;
                }
                Predictions after = b.predict(Map.of(STREAM, changed));
                StreamPredictions p0 = before.streams().get(STREAM);
                StreamPredictions p1 = after.streams().get(STREAM);
                for (int i = 0; i <= t; i++) {
                    assertThat(Double.valueOf(p1.probability(i))).as("P(up) at %d", i).isEqualTo(Double.valueOf(p0.probability(i)));
                    assertThat(p1.outOfDomain(i)).isEqualTo(p0.outOfDomain(i));
                }
                assertThat(Double.valueOf(p1.probability(t + 1))).isNotEqualTo(Double.valueOf(p0.probability(t + 1)));

                Signals s0 = new Decider(features, 60).decide(p0, strategy);
                Signals s1 = new Decider(features, 60).decide(p1, strategy);
                for (int i = 0; i <= t; i++) {
                    assertThat(s1.action[i]).isEqualTo(s0.action[i]);
                    assertThat(s1.stop[i]).isEqualTo(s0.stop[i]);
                    assertThat(s1.target[i]).isEqualTo(s0.target[i]);
                }

                BacktestResult runAfter = b.evaluate(after, BacktestRange.all(), strategy);
                long cut = original.get(t).openTime().toEpochMilli();
                assertThat(closedBy(runAfter, cut)).isEqualTo(closedBy(runBefore, cut));
                EquityCurve e0 = runBefore.run().equity();
                EquityCurve e1 = runAfter.run().equity();
                for (int i = 0; i < e0.size() && e0.timeMillis(i) <= cut + 3_600_000; i++) {
                    assertThat(e1.value(i)).as("equity at %s", e0.time(i)).isEqualTo(e0.value(i));
                }
            }
        }
    }

    private static List<Trade> closedBy(BacktestResult r, long cut) {
        return r.run().trades().stream().filter(x -> x.exitTime().toEpochMilli() <= cut && x.exitReason() != ExitReason.END)
                .toList();
    }
}
