package dev.candlesignal.retrain;

import static dev.candlesignal.retrain.LoopFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.journal.OutcomeRule;
import dev.candlesignal.journal.OutcomeTracker;
import dev.candlesignal.model.Model;
import dev.candlesignal.replay.ReplaySource;
import dev.candlesignal.training.RetrainDecision;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop's counters with real outcomes from the tracker: per stream and serving version, restarted at every
 * decision (no retrain storm), and read back from the journal when a loop attaches again after a restart.
 */
class LoopCountersTest {
    /** Signals resolve two hours later (a timeout), so outcomes come quickly. */
    private static final OutcomeRule QUICK = OutcomeRule.builder().maxHold(Duration.ofHours(2)).build();

    @TempDir
    Path tmp;

    @Test
    void everyDecisionRestartsTheCountersSoTheNextNeedsNewOutcomes() throws Exception {
        List<PolicyInput> fired = new CopyOnWriteArrayList<>();
        // retrain as soon as 10 outcomes since the last decision have not all been won
        SeedRetrainPolicy seed = SeedRetrainPolicy.builder().minOutcomes(10).winRate(1.0, 50)
                .minimumSpacing(Duration.ZERO).build();
        RetrainPolicy recording = in -> {
            Optional<Trigger> t = seed.check(in);
            t.ifPresent(x -> fired.add(in));
            return t;
        };
        try (LoopFixture f = new LoopFixture(tmp, 400, 1.0, recording, b -> {
        }, QUICK)) {
            f.trainer.then(0.0); // every challenger is a coin: rejected, the champion keeps serving
            f.feed(400);
            List<RetrainDecision> decisions = f.store.decisions(FakeModels.MODEL);
            assertThat(decisions).hasSizeGreaterThanOrEqualTo(3);
            // the first ones fail (the source has less than the 10 days asked), the later ones are rejected
            assertThat(decisions).noneMatch(RetrainDecision::promoted);
            assertThat(decisions).anyMatch(d -> d.verdict() == RetrainDecision.Verdict.REJECTED);
            assertThat(fired).hasSameSizeAs(decisions);
            Instant previous = Instant.MIN;
            int failures = 0;
            for (int i = 0; i < fired.size(); i++) {
                PolicyInput in = fired.get(i);
                assertThat(in.failuresInARow()).as("failures before trigger %d", i).isEqualTo(failures);
                failures = decisions.get(i).verdict() == RetrainDecision.Verdict.FAILED ? failures + 1 : 0;
                assertThat(in.countingSince()).as("trigger %d counts from the decision before", i).isEqualTo(previous);
                assertThat(in.lastDecision()).isEqualTo(i == 0 ? Optional.empty() : Optional.of(previous));
                assertThat(in.resolved()).as("new outcomes behind trigger %d", i).isGreaterThanOrEqualTo(10);
                previous = decisions.get(i).time();
            }
            // between two decisions, at least 10 outcomes of signals emitted after the first resolved
            assertThat(Duration.between(decisions.get(0).time(), decisions.get(1).time()))
                    .isGreaterThanOrEqualTo(Duration.ofHours(10));
        }
    }

    @Test
    void aRestartedLoopReadsItsCountersBackFromTheJournalAndTheStore() throws Exception {
        RetrainPolicy once = LoopFixture.onceAt(300);
        try (LoopFixture f = new LoopFixture(tmp, 400, 0.0, once, b -> {
        }, QUICK)) {
            f.trainer.then(1.0);
            f.feed(360);
            RetrainDecision promoted = f.store.decisions(FakeModels.MODEL).get(0);
            assertThat(promoted.promoted()).isTrue();
            assertThat(f.tracker.flush(Duration.ofSeconds(30))).isTrue();
            StreamRetrainStatus before = f.loop.status(BTC).orElseThrow();
            assertThat(before.resolvedOutcomes()).isGreaterThan(20);
            f.loop.close();

            // a new process: the engine serves the store's current version, the tracker the same journal
            Model current = FakeModels.model(f.store.openCurrent(FakeModels.MODEL).manifest());
            try (SignalEngine engine = SignalEngine.builder().featureSet(f.models.featureSet).model(current).build();
                    OutcomeTracker tracker = OutcomeTracker.builder().journal(f.journal).rule(QUICK).attach(engine);
                    RetrainLoop loop = RetrainLoop.builder().store(f.store).trainer(f.trainer)
                            .source(new HistoryUpToNow(ReplaySource.of(BTC, f.candles), f.clock))
                            .opener(f.models.opener()).clock(f.clock).policy(once).build()) {
                loop.attach(engine, tracker, List.of(BTC));
                StreamRetrainStatus after = loop.status(BTC).orElseThrow();
                assertThat(after.modelVersion()).isEqualTo("2");
                assertThat(after.countingSince()).isEqualTo(promoted.time());
                assertThat(after.lastDecision()).contains(promoted.time());
                assertThat(after.resolvedOutcomes()).isEqualTo(before.resolvedOutcomes());
            }
        }
    }

    @Test
    void aRequestForAnotherModelWhileOneTrainsIsQueuedNotDropped() throws Exception {
        // two models on two engines share one loop that trains one at a time
        RetrainPolicy once = LoopFixture.onceAt(300);
        try (LoopFixture a = new LoopFixture(tmp.resolve("a"), 320, 0.0, once)) {
            a.trainer.then(1.0);
            a.trainer.hold = new java.util.concurrent.CountDownLatch(1);
            FakeModels models = a.models;
            a.store.save(models.bundle(tmp.resolve("b1"), "1", null, a.candles.subList(0, 100), 0.0,
                    m -> m.modelId("other")).directory());
            a.store.promote("other", "1", "first");
            Model otherModel = FakeModels.model(a.store.openCurrent("other").manifest());
            dev.candlesignal.StreamKey eth = LoopFixture.ETH;
            try (SignalEngine engine = SignalEngine.builder().featureSet(models.featureSet).model(otherModel)
                    .build();
                    OutcomeTracker tracker = OutcomeTracker.attach(engine, a.journal)) {
                a.loop.attach(engine, tracker, List.of(eth));
                List<dev.candlesignal.Candle> candles = a.candles;
                for (int i = 0; i < 301; i++) {
                    a.clock.set(BTC.interval().next(candles.get(i).openTime()));
                    a.engine.onCandle(BTC, candles.get(i));
                    engine.onCandle(eth, candles.get(i));
                }
                assertThat(a.trainer.started.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                assertThat(a.trainer.jobs).as("one training at a time").hasSize(1);
                assertThat(a.loop.busy()).isTrue();
                a.trainer.hold.countDown();
                assertThat(a.loop.awaitIdle(Duration.ofSeconds(30))).isTrue();
                List<String> trained = new ArrayList<>();
                a.trainer.jobs.forEach(j -> trained.add(j.modelId()));
                assertThat(trained).containsExactlyInAnyOrder(FakeModels.MODEL, "other");
                assertThat(a.store.decisions(FakeModels.MODEL)).hasSize(1);
                assertThat(a.store.decisions("other")).hasSize(1);
            }
        }
    }
}
