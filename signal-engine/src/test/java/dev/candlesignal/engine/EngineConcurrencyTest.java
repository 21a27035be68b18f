package dev.candlesignal.engine;

import dev.candlesignal.Evaluation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.Signal;
import dev.candlesignal.StreamKey;
import dev.candlesignal.model.Scaler;
import dev.candlesignal.policy.SignalPolicy;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.RecordingListener;
import dev.candlesignal.testkit.TestFeatureSet;
import dev.candlesignal.testkit.TestModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Many streams on several threads, single and batched calls mixed, and a model swap in the middle: every candle
 * is evaluated exactly once, every emitted signal reaches the listener exactly once, each stream switches from the
 * old model to the new one exactly once, and every probability equals what a sequential run computes with the
 * model that was in charge for that candle.
 */
class EngineConcurrencyTest {
    static final int STREAMS = 40;
    static final int CANDLES = 120;
    static final int THREADS = 4;

    @RepeatedTest(3)
    void noLostOrDuplicatedSignalAcrossAModelSwap() throws Exception {
        TestFeatureSet fs = TestFeatureSet.create();
        TestModel oldModel = TestModel.linear(fs, 5, "old", Scaler.identity(3), 40);
        Scaler newScaler = new Scaler(new double[] {0.001, 0, 4}, new double[] {0.03, 0.04, 1.5}, 1e-8);
        TestModel newModel = TestModel.linear(fs, 5, "new", newScaler, 3);
        RecordingListener listener = new RecordingListener();
        SignalEngine engine = SignalEngine.builder().featureSet(fs).model(oldModel).listener(listener)
                .cooldown(Duration.ofHours(3)).parallelism(2).maxBatchSize(8)
                .policy(ThresholdPolicy.builder().atrPeriod(3).minConfidence(0.51).build()).build();
        List<StreamKey> keys = new ArrayList<>();
        Map<StreamKey, List<Candle>> walks = new HashMap<>();
        for (int s = 0; s < STREAMS; s++) {
            StreamKey key = StreamKey.of("S" + s, Interval.HOUR_1);
            keys.add(key);
            walks.put(key, Candles.randomWalk(500 + s, CANDLES, Interval.HOUR_1, 50 + s));
        }
        // every thread passes its midpoint before the swap starts, and none passes three quarters before it ends,
        // so the swap always happens while the threads are busy
        CountDownLatch halfway = new CountDownLatch(THREADS);
        CountDownLatch swapped = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<List<Evaluation>>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                List<StreamKey> mine = new ArrayList<>();
                for (int s = thread; s < STREAMS; s += THREADS) {
                    mine.add(keys.get(s));
                }
                List<Evaluation> out = new ArrayList<>();
                for (int i = 0; i < CANDLES; i++) {
                    if (i == CANDLES / 2) {
                        halfway.countDown();
                    }
                    if (i == CANDLES * 3 / 4 && !swapped.await(30, TimeUnit.SECONDS)) {
                        throw new AssertionError("no swap");
                    }
                    if (i % 2 == 0) {
                        List<StreamCandle> tick = new ArrayList<>();
                        for (StreamKey k : mine) {
                            tick.add(new StreamCandle(k, walks.get(k).get(i)));
                        }
                        out.addAll(engine.onCandles(tick));
                    } else {
                        for (StreamKey k : mine) {
                            out.add(engine.onCandle(k, walks.get(k).get(i)));
                        }
                    }
                }
                return out;
            }));
        }
        assertThat(halfway.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(engine.swapModel(newModel)).isSameAs(oldModel);
        swapped.countDown();
        List<Evaluation> all = new ArrayList<>();
        for (Future<List<Evaluation>> f : futures) {
            all.addAll(f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        engine.close();

        // every candle exactly once
        assertThat(all).hasSize(STREAMS * CANDLES);
        Set<String> seen = new HashSet<>();
        for (Evaluation e : all) {
            assertThat(seen.add(e.stream() + "@" + e.candle().openTime())).isTrue();
            assertThat(e.error()).isEmpty();
        }
        // every emitted signal reached the listener exactly once
        List<Signal> emitted = all.stream().filter(Evaluation::emitted).map(e -> e.signal().get()).toList();
        assertThat(listener.signals()).hasSameSizeAs(emitted).containsExactlyInAnyOrderElementsOf(emitted);
        assertThat(emitted).isNotEmpty();
        assertThat(listener.evaluations()).hasSize(all.size());

        // per stream: old then new, one switch, and probabilities equal a sequential replay of the same history
        Map<StreamKey, List<Evaluation>> byStream = new HashMap<>();
        for (Evaluation e : all) {
            byStream.computeIfAbsent(e.stream(), k -> new ArrayList<>()).add(e);
        }
        int switched = 0;
        for (StreamKey key : keys) {
            List<Evaluation> evs = byStream.get(key);
            evs.sort((a, b) -> a.candle().openTime().compareTo(b.candle().openTime()));
            int firstNew = -1;
            for (int i = 0; i < evs.size(); i++) {
                String v = evs.get(i).signal().map(Signal::modelVersion).orElse(null);
                if ("new".equals(v) && firstNew < 0) {
                    firstNew = i;
                }
                if (firstNew >= 0 && v != null) {
                    assertThat(v).as("%s candle %d after the switch", key, i).isEqualTo("new");
                }
            }
            if (firstNew >= 0) {
                switched++;
            }
            List<Evaluation> expected = sequential(fs, oldModel, newModel, walks.get(key), key,
                    firstNew < 0 ? Integer.MAX_VALUE : firstNew);
            for (int i = 0; i < evs.size(); i++) {
                assertThat(evs.get(i).status()).as("%s candle %d", key, i).isEqualTo(expected.get(i).status());
                assertThat(evs.get(i).probability()).as("%s candle %d", key, i).isEqualTo(expected.get(i).probability());
            }
        }
        assertThat(switched).as("every stream was still running at the swap").isEqualTo(STREAMS);
    }

    private static List<Evaluation> sequential(TestFeatureSet fs, TestModel oldModel, TestModel newModel, List<Candle> walk,
            StreamKey key, int switchAt) {
        SignalEngine engine = SignalEngine.builder().featureSet(fs).model(oldModel).cooldown(Duration.ofHours(3))
                .policy(ThresholdPolicy.builder().atrPeriod(3).minConfidence(0.51).build()).build();
        List<Evaluation> out = new ArrayList<>();
        for (int i = 0; i < walk.size(); i++) {
            if (i == switchAt) {
                engine.swapModel(newModel);
            }
            out.add(engine.onCandle(key, walk.get(i)));
        }
        return out;
    }
}
