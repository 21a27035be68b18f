package dev.candlesignal.journal;

import dev.candlesignal.Action;
import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.Strength;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.policy.Decision;
import dev.candlesignal.policy.MarketContext;
import dev.candlesignal.policy.SignalPolicy;
import dev.candlesignal.testkit.TestFeatureSet;
import dev.candlesignal.testkit.TestModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-made runs for tracker tests: an engine whose policy emits exactly the signals a test scripts (the model's
 * probability is a constant), on hand-made 1h candles. The engine is ready after 4 candles (test feature set with a
 * warm-up of 3, windows of 2).
 */
final class ScriptedRun {
    static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    static final StreamKey BTC = StreamKey.of("BTCUSDT", Interval.HOUR_1);
    static final StreamKey ETH = StreamKey.of("ETHUSDT", Interval.HOUR_1);
    static final int READY = 4;

    private ScriptedRun() {
    }

    /** The 1h candle {@code h} hours after T0. */
    static Candle candle(int h, double open, double high, double low, double close) {
        Instant o = T0.plus(Duration.ofHours(h));
        return Candle.of(o, o.plus(Duration.ofHours(1)).minusMillis(1), open, high, low, close, 10 + h);
    }

    /** A quiet candle around {@code price}: high +0.5, low -0.5. */
    static Candle quiet(int h, double price) {
        return candle(h, price, price + 0.5, price - 0.5, price);
    }

    /** A policy that says HOLD except on scripted candles. Thread-safe once built. */
    static final class Script implements SignalPolicy {
        private final Map<Instant, Decision> decisions = new HashMap<>();

        /** A BUY (SELL for a negative distance) on candle {@code h}: stop and target {@code stop}/{@code target} away. */
        Script buy(int h, double entry, double stop, double target) {
            decisions.put(T0.plus(Duration.ofHours(h)), new Decision(Action.BUY, Strength.MEDIUM, 0.7, entry, stop,
                    target));
            return this;
        }

        Script sell(int h, double entry, double stop, double target) {
            decisions.put(T0.plus(Duration.ofHours(h)), new Decision(Action.SELL, Strength.STRONG, 0.7, entry, stop,
                    target));
            return this;
        }

        @Override
        public Decision decide(MarketContext context) {
            Decision d = decisions.get(context.candle().openTime());
            return d != null ? d : Decision.hold(Math.max(context.probability(), 1 - context.probability()),
                    context.candle().close());
        }

        @Override
        public String toString() {
            return "Script" + decisions.keySet();
        }
    }

    static TestModel model(String version) {
        return TestModel.constant(TestFeatureSet.create(), 2, version, 0.7);
    }

    static SignalEngine engine(Script script, TestModel model) {
        return SignalEngine.builder().featureSet(TestFeatureSet.create()).model(model).policy(script)
                .cooldown(Duration.ZERO).build();
    }

    /** {@code n} quiet candles at 100, hours {@code from .. from + n - 1}. */
    static List<Candle> quietRun(int from, int n) {
        List<Candle> out = new ArrayList<>();
        for (int h = from; h < from + n; h++) {
            out.add(quiet(h, 100));
        }
        return out;
    }
}
