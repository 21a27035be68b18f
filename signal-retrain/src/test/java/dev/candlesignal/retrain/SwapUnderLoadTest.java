package dev.candlesignal.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.Evaluation;
import dev.candlesignal.Interval;
import dev.candlesignal.Signal;
import dev.candlesignal.SignalListener;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.journal.OutcomeTracker;
import dev.candlesignal.journal.SignalJournal;
import dev.candlesignal.model.Model;
import dev.candlesignal.replay.ReplaySource;
import dev.candlesignal.store.ModelStore;
import dev.candlesignal.testkit.TestFeatureSet;
import dev.candlesignal.training.RetrainDecision;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many streams fire on several threads while the loop promotes challenger after challenger: every signal the engine
 * emitted (a SIGNAL evaluation returned to the caller) reaches the listener exactly once, no candle fails (a
 * prediction on a closed model would), and the signals come from several versions.
 */
class SwapUnderLoadTest {
    private static final int STREAMS = 32;
    private static final int THREADS = 4;
    private static final int CANDLES = 400;

    @TempDir
    Path tmp;

    @Test
    void noSignalIsLostOrDuplicatedWhileModelsAreSwapped() throws Exception {
        FakeModels models = new FakeModels(TestFeatureSet.create(), 5);
        List<StreamKey> streams = new ArrayList<>();
        Map<StreamKey, List<Candle>> candles = new HashMap<>();
        for (int s = 0; s < STREAMS; s++) {
            StreamKey key = StreamKey.of("S" + s, Interval.HOUR_1);
            streams.add(key);
            candles.put(key, Zigzag.candles(CANDLES, Zigzag.START, 100 + s));
        }
        Clock end = Clock.fixed(Zigzag.START.plus(Duration.ofHours(CANDLES)), ZoneOffset.UTC);
        ModelStore store = ModelStore.builder(tmp.resolve("store")).clock(end).create(true).open();
        store.save(models.bundle(tmp.resolve("v1"), "1", null, candles.get(streams.get(0)).subList(0, 100), 0.5,
                m -> m).directory());
        store.promote(FakeModels.MODEL, "1", "first");
        Model champion = FakeModels.model(store.openCurrent(FakeModels.MODEL).manifest());

        List<Signal> delivered = new CopyOnWriteArrayList<>();
        FakeTrainer trainer = new FakeTrainer(models).then(0.6, 0.7, 0.8, 0.9, 1.0);
        // asks for a retraining every 400 checks, on a stream that changes each time (distinct journal keys)
        AtomicInteger checks = new AtomicInteger();
        RetrainPolicy often = in -> checks.incrementAndGet() % 400 == 0
                ? Optional.of(new Trigger("test", "check " + checks.get())) : Optional.empty();
        List<RetrainDecision> decisions = new CopyOnWriteArrayList<>();
        try (SignalJournal journal = SignalJournal.inMemory();
                SignalEngine engine = SignalEngine.builder().featureSet(models.featureSet).model(champion)
                        .listener((SignalListener) delivered::add).build();
                OutcomeTracker tracker = OutcomeTracker.attach(engine, journal);
                RetrainLoop loop = RetrainLoop.builder().store(store).trainer(trainer)
                        .source(ReplaySource.of(candles)).opener(models.opener()).clock(end).policy(often)
                        .history(Duration.ofDays(10)).heldOut(Duration.ofDays(3)).listener(new RetrainListener() {
                            @Override
                            public void onPromoted(RetrainDecision d) {
                                decisions.add(d);
                            }

                            @Override
                            public void onRejected(RetrainDecision d) {
                                decisions.add(d);
                            }

                            @Override
                            public void onFailed(RetrainDecision d) {
                                decisions.add(d);
                            }
                        }).build()) {
            loop.attach(engine, tracker, streams);
            Set<String> expected = ConcurrentHashMap.newKeySet();
            AtomicInteger failed = new AtomicInteger();
            ExecutorService feeders = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(feeders.submit(() -> {
                    for (int i = 0; i < CANDLES; i++) {
                        for (int s = thread; s < STREAMS; s += THREADS) {
                            StreamKey key = streams.get(s);
                            Evaluation e = engine.onCandle(key, candles.get(key).get(i));
                            if (e.status() == Evaluation.Status.SIGNAL) {
                                expected.add(key + " " + e.candle().openTime());
                            } else if (e.status() == Evaluation.Status.FAILED) {
                                failed.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
            feeders.shutdown();
            assertThat(loop.awaitIdle(Duration.ofMinutes(1))).isTrue();

            List<String> seen = delivered.stream().map(s -> s.stream() + " " + s.candleTime()).toList();
            assertThat(new HashSet<>(seen)).as("no duplicates").hasSameSizeAs(seen);
            assertThat(new HashSet<>(seen)).as("none lost").isEqualTo(expected);
            assertThat(failed).hasValue(0);
            assertThat(decisions).extracting(RetrainDecision::verdict)
                    .contains(RetrainDecision.Verdict.PROMOTED);
            Set<String> versions = new HashSet<>();
            delivered.forEach(s -> versions.add(s.modelVersion()));
            assertThat(versions).as("signals from before and after swaps").hasSizeGreaterThanOrEqualTo(2);
            assertThat(expected).hasSizeGreaterThan(STREAMS * (CANDLES - 10) / 2);
            String lastPromoted = decisions.stream().filter(RetrainDecision::promoted)
                    .map(d -> d.challengerVersion().orElseThrow()).reduce((a, b) -> b).orElseThrow();
            assertThat(engine.model().version()).isEqualTo(lastPromoted);
            assertThat(store.current(FakeModels.MODEL).orElseThrow().version()).isEqualTo(lastPromoted);
        }
    }
}
