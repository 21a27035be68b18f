package dev.candlesignal.engine;

import dev.candlesignal.Evaluation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Action;
import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.testkit.RecordingListener;
import dev.candlesignal.testkit.TestFeatureSet;
import dev.candlesignal.testkit.TestModel;
import dev.candlesignal.testkit.Generator;
import dev.candlesignal.testkit.Generators;
import dev.candlesignal.testkit.Property;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineCooldownTest {
    static final StreamKey BTC15 = StreamKey.of("BTCUSDT", Interval.MINUTE_15);
    static final Instant START = Instant.parse("2020-01-01T00:00:00Z");
    final TestFeatureSet fs = TestFeatureSet.withPeriod(2);

    SignalEngine engine(Duration cooldown, RecordingListener listener) {
        return SignalEngine.builder().featureSet(fs).model(TestModel.linear(fs, 1, "1"))
                .policy(new EngineFixtures.ScriptedPolicy()).cooldown(cooldown).listener(listener).build();
    }

    @Test
    void sameDirectionWithinTheCooldownIsSuppressedOppositeNever() {
        // 15-minute candles: warm-up candle (HOLD volume 0), then BUY, BUY, SELL, BUY, BUY, SELL, SELL
        int[] volumes = {0, 0, 1, 1, 2, 1, 1, 2, 2};
        List<Candle> candles = EngineFixtures.scripted(Interval.MINUTE_15, START, volumes, new int[volumes.length]);
        RecordingListener listener = new RecordingListener();
        SignalEngine engine = engine(Duration.ofMinutes(60), listener);
        List<Evaluation.Status> statuses = new ArrayList<>();
        for (Candle c : candles) {
            statuses.add(engine.onCandle(BTC15, c).status());
        }
        assertThat(statuses).containsExactly(
                Evaluation.Status.NOT_READY,
                Evaluation.Status.HOLD,     // 00:15
                Evaluation.Status.SIGNAL,   // BUY at 00:30
                Evaluation.Status.COOLDOWN, // BUY at 00:45, 15 min after the BUY at 00:30
                Evaluation.Status.SIGNAL,   // SELL at 01:00: the opposite direction is never blocked
                Evaluation.Status.COOLDOWN, // BUY at 01:15, 45 min after the BUY at 00:30
                Evaluation.Status.SIGNAL,   // BUY at 01:30, exactly 60 min later: no longer within the cooldown
                Evaluation.Status.COOLDOWN, // SELL at 01:45, 45 min after the SELL at 01:00
                Evaluation.Status.SIGNAL);  // SELL at 02:00
        assertThat(listener.signals()).extracting(s -> s.action()).containsExactly(Action.BUY, Action.SELL, Action.BUY,
                Action.SELL);
    }

    record Script(List<Integer> volumes, List<Integer> gaps, int cooldownMinutes) {
    }

    @Test
    void matchesTheCooldownRuleAndNeverBlocksTheOppositeDirection() {
        Property.forAll(Generators.combine(volumes(), gaps(), cooldowns(), Script::new)).tries(300)
                .check(s -> matchesTheCooldownRuleAndNeverBlocksTheOppositeDirection(s.volumes(), s.gaps(),
                        s.cooldownMinutes()));
    }

    private void matchesTheCooldownRuleAndNeverBlocksTheOppositeDirection(List<Integer> volumes, List<Integer> gaps,
            int cooldownMinutes) {
        int n = Math.min(volumes.size(), gaps.size());
        int[] v = new int[n];
        int[] g = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = volumes.get(i);
            g[i] = gaps.get(i);
        }
        List<Candle> candles = EngineFixtures.scripted(Interval.MINUTE_15, START, v, g);
        SignalEngine engine = engine(Duration.ofMinutes(cooldownMinutes), new RecordingListener());
        long lastBuy = Long.MIN_VALUE;
        long lastSell = Long.MIN_VALUE;
        long cooldownMillis = cooldownMinutes * 60_000L;
        for (Candle c : candles) {
            Evaluation e = engine.onCandle(BTC15, c);
            if (e.signal().isEmpty() || e.signal().get().action() == Action.HOLD) {
                continue;
            }
            Action action = e.signal().get().action();
            long t = c.openTime().toEpochMilli();
            long lastSame = action == Action.BUY ? lastBuy : lastSell;
            boolean blocked = lastSame != Long.MIN_VALUE && t - lastSame < cooldownMillis;
            assertThat(e.status()).as("%s at %s", action, c.openTime())
                    .isEqualTo(blocked ? Evaluation.Status.COOLDOWN : Evaluation.Status.SIGNAL);
            if (!blocked) {
                if (action == Action.BUY) {
                    lastBuy = t;
                } else {
                    lastSell = t;
                }
            }
        }
    }

    /** Per candle: 0 HOLD, 1 BUY, 2 SELL (see {@link EngineFixtures.ScriptedPolicy}). */
    static Generator<List<Integer>> volumes() {
        return Generators.of(0, 1, 2).list(2, 60);
    }

    /** Per candle: missing 15-minute candles before it, mostly none. */
    static Generator<List<Integer>> gaps() {
        return Generators.frequency(Generators.weighted(8, Generators.constant(0)),
                Generators.weighted(1, Generators.integers(1, 6))).list(2, 60);
    }

    static Generator<Integer> cooldowns() {
        return Generators.of(0, 15, 30, 60, 120);
    }
}
