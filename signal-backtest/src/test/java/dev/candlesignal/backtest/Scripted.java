package dev.candlesignal.backtest;

import dev.candlesignal.Action;
import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.Strength;
import dev.candlesignal.feature.Feature;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.policy.Decision;
import dev.candlesignal.policy.MarketContext;
import dev.candlesignal.policy.SignalPolicy;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.TestModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-made backtests: a one-column feature set that passes the candle's volume through, and a model with a window
 * of one candle that answers that value, so each candle's volume is the P(up) the backtest sees. With the
 * {@link #fixedLevels} policy, a BUY at close {@code c} has stop {@code c - 2} and target {@code c + 4}.
 */
final class Scripted {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    static final StreamKey BTC = StreamKey.of("BTCUSDT", Interval.HOUR_1);
    static final StreamKey ETH = StreamKey.of("ETHUSDT", Interval.HOUR_1);

    static final FeatureSet VOLUME = FeatureSet.builder()
            .add(Feature.of("scripted_p", 1, w -> w.volume(0)))
            .build();

    private Scripted() {
    }

    static TestModel model() {
        return TestModel.ofNewestFirstFeature(VOLUME, 1, "1", v -> v);
    }

    /** The hour {@code i} after {@link #T0}. */
    static Instant hour(int i) {
        return T0.plusSeconds(3600L * i);
    }

    /** A 1h candle at hour {@code i} whose volume is the P(up) the scripted model answers. */
    static Candle candle(int i, double o, double h, double l, double c, double p) {
        return Candles.hourly(hour(i), o, h, l, c, p);
    }

    /** Candles of the rows {@code {o, h, l, c, p}}, hour 0 on. */
    static List<Candle> candles(double[]... rows) {
        List<Candle> out = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            double[] r = rows[i];
            out.add(candle(i, r[0], r[1], r[2], r[3], r[4]));
        }
        return out;
    }

    /**
     * The threshold rule of the default policy (p > 0.5 with confidence >= 0.55 is BUY, p < 0.5 with it SELL) with
     * levels at fixed distances from the close: stop {@code stop} away, target {@code target} away.
     */
    static SignalPolicy fixedLevels(double stop, double target) {
        return new SignalPolicy() {
            @Override
            public Decision decide(MarketContext ctx) {
                double p = ctx.probability();
                double close = ctx.candle().close();
                double confidence = Math.max(p, 1 - p);
                if (confidence < 0.55 || p == 0.5) {
                    return Decision.hold(confidence, close);
                }
                double sign = p > 0.5 ? 1 : -1;
                return new Decision(p > 0.5 ? Action.BUY : Action.SELL, Strength.MEDIUM, confidence, close,
                        close - sign * stop, close + sign * target);
            }

            @Override
            public String toString() {
                return "FixedLevels[" + stop + ", " + target + "]";
            }
        };
    }
}
