package dev.candlesignal.retrain;

import static dev.candlesignal.retrain.LoopFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Candle;
import dev.candlesignal.Evaluation;
import dev.candlesignal.Interval;
import dev.candlesignal.Signal;
import dev.candlesignal.SignalListener;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.model.Scaler;
import dev.candlesignal.store.StoredVersion;
import dev.candlesignal.testkit.TestModel;
import dev.candlesignal.training.HeldOutScores;
import dev.candlesignal.training.RetrainDecision;
import dev.candlesignal.training.RetrainDecision.Verdict;
import dev.candlesignal.training.TrainingException;
import dev.candlesignal.training.TrainingJob;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetrainLoopTest {
    @TempDir
    Path tmp;

    @Test
    void aBetterChallengerIsPromotedStorePointerFirstThenTheEngine() throws Exception {
        try (LoopFixture f = new LoopFixture(tmp, 400, 0.0, LoopFixture.onceAt(300))) {
            f.trainer.then(1.0);
            f.feed(300);
            assertThat(f.decisions).isEmpty();
            f.feed(1);

            RetrainDecision d = f.decisions.get(0);
            assertThat(d.verdict()).isEqualTo(Verdict.PROMOTED);
            assertThat(d.trigger()).isEqualTo("test");
            assertThat(d.championVersion()).isEqualTo("1");
            assertThat(d.challengerVersion()).contains("2");
            Instant now = Interval.HOUR_1.next(f.candles.get(300).openTime());
            assertThat(d.time()).isEqualTo(now);
            HeldOutScores s = d.scores().orElseThrow();
            assertThat(s.championLogLoss()).isCloseTo(Math.log(2), org.assertj.core.data.Offset.offset(1e-6));
            assertThat(s.challengerLogLoss()).isCloseTo(-Math.log(0.9), org.assertj.core.data.Offset.offset(1e-6));
            assertThat(s.challengerHitRate()).isEqualTo(1.0);
            assertThat(s.previousDirectionHitRate()).as("the zigzag never repeats its last move").isEqualTo(0.0);
            assertThat(d.reason()).startsWith("challenger beats the champion's log loss 0.6931 with 0.1054");

            // the held-out window is after the challenger's training range, purged by sequence length + horizon
            Instant heldOutFrom = now.minus(Duration.ofDays(3));
            assertThat(s.from()).isEqualTo(heldOutFrom);
            assertThat(s.to()).isEqualTo(now);
            TrainingJob job = f.trainer.jobs.get(0);
            assertThat(job.modelId()).isEqualTo(FakeModels.MODEL);
            assertThat(job.version()).isEqualTo("2");
            assertThat(job.parentVersion()).isEqualTo("1");
            List<Candle> trained = job.candles().get(BTC);
            assertThat(trained.get(0).openTime()).isEqualTo(now.minus(Duration.ofDays(10)));
            assertThat(trained.get(trained.size() - 1).openTime())
                    .isEqualTo(heldOutFrom.minus(Duration.ofHours(LoopFixture.SEQUENCE + 1 + 1)));
            ModelManifest challenger = f.store.version(FakeModels.MODEL, "2").orElseThrow().manifest();
            assertThat(challenger.training().to()).isEqualTo(heldOutFrom.minus(Duration.ofHours(6)));
            assertThat(challenger.scaler()).as("fitted on its own training candles")
                    .isNotEqualTo(f.champion.scaler());

            // pointer, engine, records, counters
            assertThat(f.store.current(FakeModels.MODEL)).map(StoredVersion::version).contains("2");
            assertThat(f.store.pointer(FakeModels.MODEL).orElseThrow().reason())
                    .isEqualTo("promoted by retraining (test)");
            assertThat(f.engine.model().version()).isEqualTo("2");
            assertThat(f.engine.model().scaler()).isEqualTo(challenger.scaler());
            assertThat(f.store.decisions(FakeModels.MODEL)).containsExactly(d);
            assertThat(f.journal.decisions()).containsExactly(d);
            assertThat(f.events).containsExactly("trigger test", "FETCHING", "TRAINING", "SAVING", "EVALUATING",
                    "evaluated v2", "PROMOTING", "promoted v2");
            StreamRetrainStatus status = f.loop.status(BTC).orElseThrow();
            assertThat(status.modelVersion()).isEqualTo("2");
            assertThat(status.countingSince()).isEqualTo(now);
            assertThat(status.lastDecision()).contains(now);
            assertThat(status.resolvedOutcomes()).isZero();
            assertThat(((TestModel) f.champion).isClosed()).as("the model the caller gave is the caller's").isFalse();

            // the next candles are predicted by v2, and nothing retrains again: the policy asked once
            f.feed(20);
            Evaluation last = f.evaluations.get(f.evaluations.size() - 1);
            assertThat(last.signal().map(Signal::modelVersion)).contains("2");
            assertThat(f.decisions).hasSize(1);
        }
    }

    @Test
    void aModelThatNoLongerRecognisesItsMarketIsReplacedUnderTheDefaultPolicy() throws Exception {
        // the champion's scaler puts every window far outside its training data: the engine suppresses its signals
        Scaler elsewhere = new Scaler(new double[] {5, 5, 50}, new double[] {0.01, 0.01, 0.1}, 1e-8);
        try (LoopFixture f = new LoopFixture(tmp, 120, 1.0, RetrainPolicy.defaults(),
                b -> b.history(Duration.ofDays(1)).heldOut(Duration.ofHours(12)),
                dev.candlesignal.journal.OutcomeRule.defaults(), m -> m.scaler(elsewhere))) {
            f.trainer.then(1.0);
            f.feed(60);
            int ready = 0;
            while (f.evaluations.get(ready).status() == Evaluation.Status.NOT_READY) {
                ready++;
            }
            assertThat(f.evaluations.subList(ready, ready + 24)).allMatch(
                    e -> e.status() == Evaluation.Status.OUT_OF_DOMAIN);
            RetrainDecision d = f.decisions.get(0);
            assertThat(d.trigger()).isEqualTo(Trigger.OUT_OF_DOMAIN);
            assertThat(d.verdict()).isEqualTo(Verdict.PROMOTED);
            // out of domain from the first ready candle on: the 24th such candle triggers
            assertThat(d.time()).isEqualTo(Interval.HOUR_1.next(f.candles.get(ready + 23).openTime()));
            assertThat(f.engine.model().version()).isEqualTo("2");
            assertThat(f.evaluations.get(59).status()).isEqualTo(Evaluation.Status.SIGNAL);
            assertThat(f.loop.status(BTC).orElseThrow().outOfDomainRun()).isZero();
        }
    }

    @Test
    void aChallengerThatDoesNotBeatTheChampionByTheMarginIsRejected() throws Exception {
        try (LoopFixture f = new LoopFixture(tmp, 320, 1.0, LoopFixture.onceAt(300))) {
            f.trainer.then(1.0);
            f.feed(301);
            RetrainDecision d = f.decisions.get(0);
            assertThat(d.verdict()).isEqualTo(Verdict.REJECTED);
            assertThat(d.reason()).isEqualTo("challenger log loss 0.1054 does not beat the champion's 0.1054 (margin "
                    + "0.0020)");
            assertThat(f.engine.model()).isSameAs(f.champion);
            assertThat(f.store.current(FakeModels.MODEL)).map(StoredVersion::version).contains("1");
            assertThat(f.store.version(FakeModels.MODEL, "2")).as("kept for inspection").isPresent();
            assertThat(f.models.opened).hasSize(1);
            assertThat(f.models.opened.get(0).isClosed()).as("the rejected challenger is closed").isTrue();
            assertThat(f.journal.decisions()).containsExactly(d);
            assertThat(f.loop.status(BTC).orElseThrow().countingSince()).isEqualTo(d.time());
        }
    }

    @Test
    void beatingTheChampionIsNotEnoughWithoutBeatingTheConstantForecast() throws Exception {
        try (LoopFixture f = new LoopFixture(tmp, 320, -1.0, LoopFixture.onceAt(300))) {
            f.trainer.then(-0.05); // a little worse than a coin, far better than the champion
            f.feed(301);
            RetrainDecision d = f.decisions.get(0);
            HeldOutScores s = d.scores().orElseThrow();
            assertThat(s.improvement()).isGreaterThan(1.0);
            assertThat(d.verdict()).isEqualTo(Verdict.REJECTED);
            assertThat(d.reason()).startsWith("challenger log loss 0.7340 does not beat the constant forecast's 0.69");
            assertThat(f.engine.model()).isSameAs(f.champion);
        }
    }

    @Test
    void aFailedTrainingIsRecordedAndLeavesTheChampionServing() throws Exception {
        try (LoopFixture f = new LoopFixture(tmp, 320, 0.0, LoopFixture.onceAt(300))) {
            f.trainer.then(new TrainingException(TrainingException.Reason.NON_FINITE_FEATURES,
                    "feature 'rsi_14' is NaN at 2024-01-05T00:00:00Z"));
            f.feed(301);
            RetrainDecision d = f.decisions.get(0);
            assertThat(d.verdict()).isEqualTo(Verdict.FAILED);
            assertThat(d.challengerVersion()).contains("2");
            assertThat(d.scores()).isEmpty();
            assertThat(d.reason()).isEqualTo("failed: training v2 failed (NON_FINITE_FEATURES): feature 'rsi_14' is NaN "
                    + "at 2024-01-05T00:00:00Z");
            assertThat(f.engine.model()).isSameAs(f.champion);
            assertThat(f.store.versions(FakeModels.MODEL)).hasSize(1);
            assertThat(f.store.decisions(FakeModels.MODEL)).containsExactly(d);
            assertThat(f.journal.decisions()).containsExactly(d);
            assertThat(f.events).containsExactly("trigger test", "FETCHING", "TRAINING", "failed");
            assertThat(ModelStoreLeftovers.of(f.store)).as("the work directory is gone").isEmpty();
        }
    }

    @Test
    void aSourceThatCannotServeTheHistoryFailsTheRetraining() throws Exception {
        try (LoopFixture f = new LoopFixture(tmp, 200, 0.0, LoopFixture.onceAt(120))) {
            f.feed(121);
            RetrainDecision d = f.decisions.get(0);
            assertThat(d.verdict()).isEqualTo(Verdict.FAILED);
            assertThat(d.challengerVersion()).isEmpty();
            assertThat(d.reason()).isEqualTo("failed: source served 5 days of BTCUSDT@1h of the 10 days asked (first candle "
                    + "2024-01-01T00:00:00Z)");
            assertThat(f.trainer.jobs).isEmpty();
            assertThat(f.engine.model()).isSameAs(f.champion);
        }
    }

    @Test
    void aChallengerWithAnotherFeatureSetOrWindowIsRefused() throws Exception {
        try (LoopFixture f = new LoopFixture(tmp, 320, 0.0, LoopFixture.onceAt(300))) {
            f.trainer.then(1.0);
            f.trainer.change = m -> m.sequenceLength(7);
            f.feed(301);
            RetrainDecision d = f.decisions.get(0);
            assertThat(d.verdict()).isEqualTo(Verdict.FAILED);
            assertThat(d.reason()).isEqualTo("failed: challenger v2's window of 7 candles differs from the champion's 5");
            assertThat(f.store.versions(FakeModels.MODEL)).as("not saved").hasSize(1);
            assertThat(f.engine.model()).isSameAs(f.champion);
        }
        try (LoopFixture f = new LoopFixture(tmp.resolve("b"), 320, 0.0, LoopFixture.onceAt(300))) {
            f.trainer.then(1.0);
            f.trainer.change = m -> m.featureSet("other@3", List.of("a", "b", "c"));
            f.feed(301);
            assertThat(f.decisions.get(0).reason()).isEqualTo("failed: challenger v2's feature set other@3 [a, b, c] "
                    + "differs from the champion's test3@3 [return_1, sma_ratio_3, log_volume]");
        }
    }

    @Test
    void whileARetrainingRunsThePolicyIsNotAskedForThatModel() throws Exception {
        Instant from = Zigzag.START.plus(Duration.ofHours(31));
        List<Instant> triggered = new java.util.concurrent.CopyOnWriteArrayList<>();
        RetrainPolicy fromCandle30 = in -> {
            if (in.now().isBefore(from)) {
                return Optional.empty();
            }
            triggered.add(in.now());
            return Optional.of(new Trigger("test", "from candle 30 on"));
        };
        try (LoopFixture f = new LoopFixture(tmp, 320, 0.0, fromCandle30,
                b -> b.history(Duration.ofDays(1)).heldOut(Duration.ofHours(12)))) {
            f.trainer.then(0.0);
            f.trainer.hold = new java.util.concurrent.CountDownLatch(1);
            f.feed(30);
            // candle 30 triggers; the training holds while more candles come, without waiting for the loop
            for (int i = 30; i < 60; i++) {
                Candle c = f.candles.get(i);
                f.clock.set(BTC.interval().next(c.openTime()));
                f.engine.onCandle(BTC, c);
            }
            assertThat(f.trainer.started.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(triggered).as("asked once, then not while busy").containsExactly(from);
            assertThat(f.loop.status(BTC).orElseThrow().retraining()).isTrue();
            assertThat(f.loop.busy()).isTrue();
            f.trainer.hold.countDown();
            assertThat(f.loop.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(f.decisions).hasSize(1);
            assertThat(f.loop.status(BTC).orElseThrow().retraining()).isFalse();
        }
    }

    @Test
    void anOldModelMakesItsStreamStaleOrStopsItsSignals() throws Exception {
        List<Signal> gated = new ArrayList<>();
        List<Signal> direct = new ArrayList<>();
        RetrainPolicy never = in -> Optional.empty();
        // the champion was trained on candles up to hour 100; a limit of 5 days passes at hour 220
        try (LoopFixture f = new LoopFixture(tmp, 260, 1.0, never,
                b -> b.ageLimit(new AgeLimit(Duration.ofDays(5), AgeLimit.Action.STOP)))) {
            f.engine.addListener(f.loop.gate(gated::add));
            f.engine.addListener((SignalListener) direct::add);
            f.feed(200);
            assertThat(f.loop.status(BTC).orElseThrow().stale()).isFalse();
            int before = gated.size();
            assertThat(before).isPositive();
            f.feed(60);
            StreamRetrainStatus status = f.loop.status(BTC).orElseThrow();
            assertThat(status.stale()).isTrue();
            assertThat(status.stopped()).isTrue();
            assertThat(f.loop.stopped(BTC)).isTrue();
            assertThat(direct.size() - gated.size()).as("signals stopped after the limit").isPositive();
            assertThat(gated).allMatch(s -> s.candleTime().isBefore(Zigzag.START.plus(Duration.ofHours(220))));
            assertThat(direct).anyMatch(s -> !s.candleTime().isBefore(Zigzag.START.plus(Duration.ofHours(220))));
        }
        try (LoopFixture f = new LoopFixture(tmp.resolve("b"), 260, 1.0, never,
                b -> b.ageLimit(new AgeLimit(Duration.ofDays(5), AgeLimit.Action.STALE)))) {
            f.feed(260);
            assertThat(f.loop.status(BTC).orElseThrow().stale()).isTrue();
            assertThat(f.loop.stopped(BTC)).isFalse();
        }
    }

    @Test
    void aRetrainingInterruptedByCloseIsAbandonedWithoutADecision() throws Exception {
        try (LoopFixture f = new LoopFixture(tmp, 320, 0.0, LoopFixture.onceAt(300))) {
            f.trainer.then(1.0);
            f.trainer.hold = new java.util.concurrent.CountDownLatch(1); // never released: close interrupts it
            for (int i = 0; i <= 300; i++) {
                Candle c = f.candles.get(i);
                f.clock.set(BTC.interval().next(c.openTime()));
                f.engine.onCandle(BTC, c);
            }
            assertThat(f.trainer.started.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            f.loop.close();
            assertThat(f.loop.busy()).isFalse();
            assertThat(f.store.decisions(FakeModels.MODEL)).isEmpty();
            assertThat(f.journal.decisions()).isEmpty();
            assertThat(f.engine.model()).isSameAs(f.champion);
            assertThat(ModelStoreLeftovers.of(f.store)).isEmpty();
        }
    }

    @Test
    void theSameCandlesGiveTheSameDecisions() throws Exception {
        List<RetrainDecision> first;
        RetrainPolicy everyTwoDays = in -> in.lastDecision().map(t -> !in.now().isBefore(t.plus(Duration.ofDays(2))))
                .orElse(in.now().isAfter(Zigzag.START.plus(Duration.ofDays(11))))
                        ? Optional.of(new Trigger("test", "every two days")) : Optional.empty();
        try (LoopFixture f = new LoopFixture(tmp.resolve("a"), 500, 0.0, everyTwoDays)) {
            f.trainer.then(0.5, 0.5, 1.0, new TrainingException(TrainingException.Reason.BACKEND_ERROR, "boom"), 1.0);
            f.feed(500);
            first = List.copyOf(f.store.decisions(FakeModels.MODEL));
        }
        try (LoopFixture f = new LoopFixture(tmp.resolve("b"), 500, 0.0, everyTwoDays)) {
            f.trainer.then(0.5, 0.5, 1.0, new TrainingException(TrainingException.Reason.BACKEND_ERROR, "boom"), 1.0);
            f.feed(500);
            assertThat(f.store.decisions(FakeModels.MODEL)).isEqualTo(first);
        }
        assertThat(first).extracting(RetrainDecision::verdict).containsExactly(Verdict.PROMOTED, Verdict.REJECTED,
                Verdict.PROMOTED, Verdict.FAILED, Verdict.REJECTED);
        assertThat(first).extracting(d -> d.challengerVersion().orElse("-")).containsExactly("2", "3", "4", "5", "6");
        assertThat(first).extracting(RetrainDecision::championVersion).containsExactly("1", "2", "2", "4", "4");
    }

    @Test
    void attachRequiresTheServingModelToBeTheStoresCurrentVersion() throws Exception {
        try (LoopFixture f = new LoopFixture(tmp, 150, 0.0, in -> Optional.empty())) {
            assertThatThrownBy(() -> f.loop.attach(f.engine, f.tracker, List.of(BTC)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("attached already");
            f.store.save(f.models.bundle(tmp.resolve("v9"), "9", "1", f.candles.subList(0, 50), 0, m -> m)
                    .directory());
            f.store.promote(FakeModels.MODEL, "9", "by hand");
            RetrainLoop other = RetrainLoop.builder().store(f.store).trainer(f.trainer).source(
                    dev.candlesignal.replay.ReplaySource.of(BTC, f.candles)).opener(f.models.opener()).build();
            assertThatThrownBy(() -> other.attach(f.engine, f.tracker, List.of(BTC)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the engine serves zigzag v1 but model store")
                    .hasMessageContaining("says v9 serves");
            other.close();
        }
    }

    @Test
    void theBuilderNamesWhatIsMissingOrWrong() {
        assertThatThrownBy(() -> RetrainLoop.builder().build()).hasMessage("store is required");
        assertThatThrownBy(() -> RetrainLoop.builder().margin(-0.1)).hasMessageContaining("margin must be finite and "
                + ">= 0 but was -0.1");
        assertThatThrownBy(() -> RetrainLoop.builder().maxConcurrentTrainings(0)).hasMessageContaining("[1, 64]");
        assertThatThrownBy(() -> RetrainLoop.builder().history(Duration.ZERO)).hasMessageContaining("history");
    }
}
