package dev.candlesignal.engine;

import static dev.candlesignal.engine.EngineFixtures.BTC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Action;
import dev.candlesignal.Candle;
import dev.candlesignal.Evaluation;
import dev.candlesignal.Evaluation.Status;
import dev.candlesignal.Interval;
import dev.candlesignal.Strength;
import dev.candlesignal.model.Scaler;
import dev.candlesignal.policy.Decision;
import dev.candlesignal.policy.SignalPolicy;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.RecordingListener;
import dev.candlesignal.testkit.TestFeatureSet;
import dev.candlesignal.testkit.TestModel;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The domain guard on a small scripted stream: {@code test3@3} features (return, SMA ratio, log volume), a scaler
 * "fitted" on volume ~100 (log volume 4.6 +- 0.1), and candles whose volume jumps to 1e6 (log volume 13.8, 92 sd out)
 * for a while. Only the log-volume column goes out, a third of the window's values, so a 4-row window is out of domain
 * (more than 25 %) only once all 4 rows are.
 */
class EngineDomainGuardTest {
    static final int WINDOW = 4;
    final TestFeatureSet fs = TestFeatureSet.create(); // warm-up 3: ready after 3 + 4 - 1 = 6 candles
    final Scaler trained = new Scaler(new double[] {0, 0, Math.log1p(100)}, new double[] {0.01, 0.01, 0.1}, 1e-8);

    /** Always BUY; one Decision object, so the policy allocates nothing. */
    static final class AlwaysBuy implements SignalPolicy {
        final Decision buy = new Decision(Action.BUY, Strength.MEDIUM, 0.6, 100, 99, 102);

        @Override
        public Decision decide(dev.candlesignal.policy.MarketContext context) {
            return buy;
        }
    }

    SignalEngine.Builder engine(Scaler scaler) {
        return SignalEngine.builder().featureSet(fs).model(TestModel.linear(fs, WINDOW, "1", scaler, 1))
                .policy(new AlwaysBuy()).cooldown(Cooldown.none());
    }

    /** {@code calm} candles at volume 100, {@code far} at 1e6, then {@code calm} again; flat prices. */
    static List<Candle> calmFarCalm(int calm, int far) {
        List<Candle> out = new ArrayList<>();
        Instant open = Candles.START;
        for (int i = 0; i < 2 * calm + far; i++) {
            double volume = i >= calm && i < calm + far ? 1e6 : 100;
            out.add(Candles.candle(open, Interval.HOUR_1, 100, 100.5, 99.5, 100, volume, volume / 2));
            open = open.plus(Duration.ofHours(1));
        }
        return out;
    }

    @Test
    void aWindowFarOutsideTheTrainingDataIsOutOfDomainAndEmitsNothing() {
        RecordingListener listener = new RecordingListener();
        SignalEngine engine = engine(trained).listener(listener).build();
        List<Candle> candles = calmFarCalm(10, 8);
        List<Status> statuses = new ArrayList<>();
        for (Candle c : candles) {
            statuses.add(engine.onCandle(BTC, c).status());
        }
        List<Status> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expected.add(Status.NOT_READY);
        }
        for (int i = 5; i < candles.size(); i++) {
            // candles 10..17 are far; a window is out once its 4 rows all are: candles 13..17
            expected.add(i >= 13 && i <= 17 ? Status.OUT_OF_DOMAIN : Status.SIGNAL);
        }
        assertThat(statuses).containsExactlyElementsOf(expected);
        assertThat(listener.signals()).hasSize(candles.size() - 5 - 5);
        assertThat(listener.evaluations()).filteredOn(e -> e.status() == Status.OUT_OF_DOMAIN).hasSize(5)
                .allSatisfy(e -> {
                    assertThat(e.signal()).as("the withheld decision").get().extracting(s -> s.action())
                            .isEqualTo(Action.BUY);
                    assertThat(e.emitted()).isFalse();
                    assertThat(e.reason()).contains("out of the model's training domain").contains("33.3% of its values")
                            .contains("beyond 4 sd").contains("allows 25%").contains("SUPPRESS");
                });
        assertThat(engine.status(BTC).orElseThrow().outOfDomain()).isEqualTo(5);
    }

    @Test
    void warnEmitsTheSignalAndCountsIt() {
        RecordingListener listener = new RecordingListener();
        SignalEngine engine = engine(trained).onDrift(DriftPolicy.WARN).listener(listener).build();
        List<Candle> candles = calmFarCalm(10, 8);
        List<Evaluation> evaluations = new ArrayList<>();
        for (Candle c : candles) {
            evaluations.add(engine.onCandle(BTC, c));
        }
        assertThat(evaluations).extracting(Evaluation::status).doesNotContain(Status.OUT_OF_DOMAIN);
        assertThat(listener.signals()).hasSize(candles.size() - 5);
        assertThat(evaluations.subList(13, 18)).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(Status.SIGNAL);
            assertThat(e.reason()).contains("out of the model's training domain").contains("WARN");
        });
        assertThat(evaluations.get(12).reason()).isEmpty();
        assertThat(engine.status(BTC).orElseThrow().outOfDomain()).isEqualTo(5);
    }

    @Test
    void theCandleResultSaysSoAndCarriesTheStatistic() {
        for (DriftPolicy policy : DriftPolicy.values()) {
            SignalEngine engine = engine(trained).onDrift(policy).build();
            CandleResult out = new CandleResult();
            List<Candle> candles = calmFarCalm(10, 8);
            for (int i = 0; i < candles.size(); i++) {
                Status status = engine.onCandle(BTC, candles.get(i), out);
                boolean far = i >= 13 && i <= 17;
                assertThat(out.outOfDomain()).as("%s candle %d", policy, i).isEqualTo(far);
                assertThat(status).isEqualTo(far && policy == DriftPolicy.SUPPRESS ? Status.OUT_OF_DOMAIN
                        : i < 5 ? Status.NOT_READY : Status.SIGNAL);
                if (i < 5) {
                    assertThat(out.farFraction()).isNaN();
                } else {
                    assertThat(out.hasPrediction()).isTrue();
                    assertThat(out.action()).isEqualTo(Action.BUY);
                    // rows of the window with far log volume, out of 4 rows x 3 columns
                    long farRows = java.util.stream.IntStream.rangeClosed(i - 3, i).filter(r -> r >= 10 && r <= 17).count();
                    assertThat(out.farFraction()).as("candle %d", i).isCloseTo(farRows / 12.0,
                            org.assertj.core.data.Offset.offset(1e-12));
                }
            }
        }
    }

    @Test
    void aWithheldSignalDoesNotStartTheCooldown() {
        // far candles 10..17 (out of domain at 13..17), then calm: the first calm candle after them may BUY
        SignalEngine engine = engine(trained).cooldownCandles(2).build();
        List<Candle> candles = calmFarCalm(10, 8);
        List<Status> statuses = new ArrayList<>();
        for (Candle c : candles) {
            statuses.add(engine.onCandle(BTC, c).status());
        }
        // BUY at 5, cooldown 6 7, BUY at 8, cooldown 9 10, BUY at 11, cooldown 12, out 13..17, BUY at 18 (the last
        // emitted BUY was at 11), cooldown 19 20, BUY 21 ...
        assertThat(statuses.subList(5, 22)).containsExactly(Status.SIGNAL, Status.COOLDOWN, Status.COOLDOWN,
                Status.SIGNAL, Status.COOLDOWN, Status.COOLDOWN, Status.SIGNAL, Status.COOLDOWN,
                Status.OUT_OF_DOMAIN, Status.OUT_OF_DOMAIN, Status.OUT_OF_DOMAIN, Status.OUT_OF_DOMAIN,
                Status.OUT_OF_DOMAIN, Status.SIGNAL, Status.COOLDOWN, Status.COOLDOWN, Status.SIGNAL);
    }

    @Test
    void anIdentityScalerOrADisabledGuardJudgesNothing() {
        for (SignalEngine engine : List.of(engine(Scaler.identity(3)).build(),
                engine(trained).domainGuard(DomainGuard.disabled()).build())) {
            CandleResult out = new CandleResult();
            for (Candle c : calmFarCalm(10, 8)) {
                assertThat(engine.onCandle(BTC, c, out)).isIn(Status.NOT_READY, Status.SIGNAL);
                assertThat(out.outOfDomain()).isFalse();
            }
            assertThat(engine.status(BTC).orElseThrow().outOfDomain()).isZero();
        }
    }

    @Test
    void aStricterGuardFiresEarlier() {
        // more than 10 % beyond 4 sd: a window with 2 far rows (2/12) is already out
        SignalEngine engine = engine(trained).domainGuard(new DomainGuard(4, 0.10)).build();
        List<Candle> candles = calmFarCalm(10, 8);
        List<Status> statuses = new ArrayList<>();
        for (Candle c : candles) {
            statuses.add(engine.onCandle(BTC, c).status());
        }
        for (int i = 5; i < candles.size(); i++) {
            assertThat(statuses.get(i)).as("candle %d", i)
                    .isEqualTo(i >= 11 && i <= 19 ? Status.OUT_OF_DOMAIN : Status.SIGNAL);
        }
    }

    @Test
    void replayAndBatchesJudgeLikeSingleCandles() {
        List<Candle> candles = calmFarCalm(10, 8);
        List<Status> single = new ArrayList<>();
        SignalEngine one = engine(trained).build();
        for (Candle c : candles) {
            single.add(one.onCandle(BTC, c).status());
        }
        SignalEngine replaying = engine(trained).maxBatchSize(3).build();
        assertThat(replaying.replay(BTC, candles)).extracting(Evaluation::status).containsExactlyElementsOf(single);
        SignalEngine batching = engine(trained).build();
        List<Status> batched = new ArrayList<>();
        for (Candle c : candles) {
            batched.add(batching.onCandles(List.of(new StreamCandle(BTC, c))).get(0).status());
        }
        assertThat(batched).containsExactlyElementsOf(single);
        assertThat(replaying.status(BTC).orElseThrow().outOfDomain()).isEqualTo(5);
    }

    @Test
    void aSwapToAModelWithAnotherScalerIsJudgedWithIt() {
        SignalEngine engine = engine(trained).build();
        List<Candle> candles = calmFarCalm(10, 8);
        for (Candle c : candles.subList(0, 15)) {
            engine.onCandle(BTC, c);
        }
        // a model trained where volume was 1e6: the far candles are its domain, the calm ones are not
        Scaler loud = new Scaler(new double[] {0, 0, Math.log1p(1e6)}, new double[] {0.01, 0.01, 0.1}, 1e-8);
        engine.swapModel(TestModel.linear(fs, WINDOW, "2", loud, 1));
        assertThat(engine.onCandle(BTC, candles.get(15)).status()).isEqualTo(Status.SIGNAL);
        engine.swapModel(TestModel.linear(fs, WINDOW, "3", Scaler.identity(3), 1));
        assertThat(engine.onCandle(BTC, candles.get(16)).status()).isEqualTo(Status.SIGNAL);
    }

    @Test
    void theGuardValidatesItsNumbersAndCountsFarValues() {
        assertThatThrownBy(() -> new DomainGuard(0, 0.25)).hasMessageContaining("zLimit").hasMessageContaining("0.0");
        assertThatThrownBy(() -> new DomainGuard(Double.NaN, 0.25)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> new DomainGuard(4, 0)).hasMessageContaining("maxFraction").hasMessageContaining("0.0");
        assertThatThrownBy(() -> new DomainGuard(4, 1.5)).hasMessageContaining("1.5");
        DomainGuard guard = DomainGuard.DEFAULT;
        assertThat(guard.zLimit()).isEqualTo(4);
        assertThat(guard.maxFraction()).isEqualTo(0.25);
        float[] window = {9, 0, 4, -4.5f, Float.NaN, 0.1f, -9, 1};
        // from offset 1, 6 values: 0, 4 (not beyond), -4.5, NaN (not counted), 0.1, -9
        assertThat(guard.farFraction(window, 1, 6)).isEqualTo(2 / 6.0);
        assertThat(guard.outOfDomain(0.25)).isFalse();
        assertThat(guard.outOfDomain(0.2501)).isTrue();
        assertThat(guard.outOfDomain(Double.NaN)).isFalse();
        assertThat(DomainGuard.disabled().outOfDomain(1.0)).isFalse();
        assertThat(guard.describe()).isEqualTo("more than 25% of the window beyond 4 sd of the training data");
        assertThat(guard.judges(trained)).isTrue();
        assertThat(guard.judges(Scaler.identity(3))).isFalse();
        assertThat(DomainGuard.disabled().judges(trained)).isFalse();
    }

    @Test
    void theHotPathStaysAllocationFreeWithTheGuardAndACandleCooldown() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        for (DriftPolicy policy : DriftPolicy.values()) {
            SignalEngine engine = engine(trained).onDrift(policy).cooldownCandles(2).build();
            // alternate calm and far stretches of 6 candles, so windows go in and out of domain all the time
            List<Candle> candles = new ArrayList<>();
            Instant open = Candles.START;
            for (int i = 0; i < 8192; i++) {
                double volume = (i / 6) % 2 == 0 ? 100 : 1e6;
                candles.add(Candles.candle(open, Interval.HOUR_1, 100, 100.5, 99.5, 100, volume, volume / 2));
                open = open.plus(Duration.ofHours(1));
            }
            CandleResult out = new CandleResult();
            int half = candles.size() / 2;
            for (int i = 0; i < half; i++) { // warm up the JIT
                engine.onCandle(BTC, candles.get(i), out);
            }
            long allocated = Long.MAX_VALUE;
            StringBuilder seen = new StringBuilder();
            int start = half;
            for (int repeat = 0; repeat < 3; repeat++) {
                long calibration = threads.getThreadAllocatedBytes(thread);
                calibration = threads.getThreadAllocatedBytes(thread) - calibration;
                long before = threads.getThreadAllocatedBytes(thread);
                for (int i = start; i < start + 1024; i++) {
                    engine.onCandle(BTC, candles.get(i), out);
                }
                long bytes = threads.getThreadAllocatedBytes(thread) - before - calibration;
                seen.append(bytes).append(' ');
                allocated = Math.min(allocated, bytes);
                start += 1024;
            }
            // a few dozen bytes show up now and then (counters, JIT transitions); one object per candle is >= 16 KiB
            assertThat(allocated).as("%s: bytes allocated by 1024 candles (%s)", policy, seen).isLessThan(1024);
            assertThat(engine.status(BTC).orElseThrow().outOfDomain()).isGreaterThan(1000);
        }
    }
}
