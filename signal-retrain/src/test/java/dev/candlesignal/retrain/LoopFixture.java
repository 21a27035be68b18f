package dev.candlesignal.retrain;

import dev.candlesignal.Candle;
import dev.candlesignal.Evaluation;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.journal.OutcomeRule;
import dev.candlesignal.journal.OutcomeTracker;
import dev.candlesignal.journal.SignalJournal;
import dev.candlesignal.model.Model;
import dev.candlesignal.replay.ReplaySource;
import dev.candlesignal.store.ModelStore;
import dev.candlesignal.testkit.TestFeatureSet;
import dev.candlesignal.training.HeldOutScores;
import dev.candlesignal.training.RetrainDecision;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One zigzag stream served by a fake champion from a store, an engine with an outcome tracker on an in-memory
 * journal, and a retraining loop on a simulation clock with a fake trainer: feed candles one by one in candle time.
 * History 10 days, 3 of them held out, windows of 5 candles. Not thread-safe.
 */
final class LoopFixture implements AutoCloseable {
    static final StreamKey BTC = StreamKey.of("BTCUSDT", Interval.HOUR_1);
    /** A second stream with the same candles, for tests with a second model. */
    static final StreamKey ETH = StreamKey.of("ETHUSDT", Interval.HOUR_1);
    static final int SEQUENCE = 5;

    final FakeModels models = new FakeModels(TestFeatureSet.create(), SEQUENCE);
    final FakeTrainer trainer = new FakeTrainer(models);
    final List<Candle> candles;
    final SimulationClock clock;
    final ModelStore store;
    final SignalJournal journal = SignalJournal.inMemory();
    final Model champion;
    final SignalEngine engine;
    final OutcomeTracker tracker;
    final RetrainLoop loop;
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<RetrainDecision> decisions = new CopyOnWriteArrayList<>();
    final List<Evaluation> evaluations = new ArrayList<>();
    private int fed;

    LoopFixture(Path dir, int n, double championSkill, RetrainPolicy policy) {
        this(dir, n, championSkill, policy, b -> {
        });
    }

    LoopFixture(Path dir, int n, double championSkill, RetrainPolicy policy, Consumer<RetrainLoop.Builder> config) {
        this(dir, n, championSkill, policy, config, OutcomeRule.defaults());
    }

    LoopFixture(Path dir, int n, double championSkill, RetrainPolicy policy, Consumer<RetrainLoop.Builder> config,
            OutcomeRule rule) {
        this(dir, n, championSkill, policy, config, rule, m -> m);
    }

    LoopFixture(Path dir, int n, double championSkill, RetrainPolicy policy, Consumer<RetrainLoop.Builder> config,
            OutcomeRule rule, java.util.function.UnaryOperator<dev.candlesignal.model.ModelManifest.Builder> first) {
        candles = Zigzag.candles(n);
        clock = new SimulationClock(candles.get(0).openTime());
        store = ModelStore.builder(dir.resolve("store")).clock(clock).create(true).open();
        store.save(models.bundle(dir.resolve("v1"), "1", null, candles.subList(0, 100), championSkill, first)
                .directory());
        store.promote(FakeModels.MODEL, "1", "the first model");
        champion = FakeModels.model(store.openCurrent(FakeModels.MODEL).manifest());
        engine = SignalEngine.builder().featureSet(models.featureSet).model(champion).build();
        tracker = OutcomeTracker.builder().journal(journal).rule(rule).attach(engine);
        RetrainLoop.Builder b = RetrainLoop.builder().store(store).trainer(trainer)
                .source(new HistoryUpToNow(ReplaySource.of(java.util.Map.of(BTC, candles, ETH, candles)), clock)).opener(models.opener())
                .clock(clock).policy(policy).history(Duration.ofDays(10)).heldOut(Duration.ofDays(3))
                .listener(new Recorder());
        config.accept(b);
        loop = b.build();
        loop.attach(engine, tracker, List.of(BTC));
    }

    /** Feeds the next {@code count} candles, each at its close in candle time, waiting for the loop after each. */
    LoopFixture feed(int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            Candle c = candles.get(fed++);
            clock.set(BTC.interval().next(c.openTime()));
            evaluations.add(engine.onCandle(BTC, c));
            if (!loop.awaitIdle(Duration.ofSeconds(30))) {
                throw new AssertionError("the loop did not finish a retraining within 30 s");
            }
        }
        return this;
    }

    int fed() {
        return fed;
    }

    @Override
    public void close() {
        loop.close();
        tracker.close();
        engine.close();
        journal.close();
    }

    /** Records every event as a short line. */
    private final class Recorder implements RetrainListener {
        @Override
        public void onTrigger(StreamKey stream, String modelId, Trigger trigger) {
            events.add("trigger " + trigger.name());
        }

        @Override
        public void onProgress(String modelId, Phase phase, String detail) {
            events.add(phase.name());
        }

        @Override
        public void onEvaluated(String modelId, String challengerVersion, HeldOutScores scores) {
            events.add("evaluated v" + challengerVersion);
        }

        @Override
        public void onPromoted(RetrainDecision decision) {
            events.add("promoted v" + decision.challengerVersion().orElseThrow());
            decisions.add(decision);
        }

        @Override
        public void onRejected(RetrainDecision decision) {
            events.add("rejected v" + decision.challengerVersion().orElseThrow());
            decisions.add(decision);
        }

        @Override
        public void onFailed(RetrainDecision decision) {
            events.add("failed");
            decisions.add(decision);
        }
    }

    /** A policy that asks once, at the first check at or after candle {@code index} of the fixture's candles. */
    static RetrainPolicy onceAt(int index) {
        java.time.Instant at = Interval.HOUR_1.next(Zigzag.candles(index + 1).get(index).openTime());
        return in -> !in.now().isBefore(at) && in.lastDecision().isEmpty()
                ? java.util.Optional.of(new Trigger("test", "asked by the test at candle " + index))
                : java.util.Optional.empty();
    }
}
