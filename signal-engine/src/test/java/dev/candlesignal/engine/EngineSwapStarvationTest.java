package dev.candlesignal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.Evaluation;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.model.Model;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.TestFeatureSet;
import dev.candlesignal.testkit.TestModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link SignalEngine#swapModel} under load: a swap publishes the new model at once and waits only for the predictions
 * that took the old one, so it is never starved by predictions that keep overlapping (a reader-preferring lock let a
 * swap wait until no prediction happened to run at all: minutes under this test's load), and no prediction ever waits
 * for a swap.
 */
class EngineSwapStarvationTest {
    private static final int THREADS = 3;

    @Test
    void aSwapIsNotStarvedByPredictionsThatKeepOverlapping() throws Exception {
        TestFeatureSet fs = TestFeatureSet.create();
        TestModel first = TestModel.linear(fs, 3, "1");
        TestModel second = TestModel.linear(fs, 3, "2");
        for (TestModel m : List.of(first, second)) {
            m.onPredict(() -> sleep(2)); // a slow prediction: the threads' predictions overlap all the time
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch running = new CountDownLatch(THREADS);
        try (SignalEngine engine = SignalEngine.builder().featureSet(fs).model(first).build()) {
            List<Thread> feeders = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                StreamKey key = StreamKey.of("S" + t, Interval.HOUR_1);
                List<Candle> candles = Candles.randomWalk(t, 100_000);
                Thread feeder = new Thread(() -> {
                    for (int i = 0; i < candles.size() && !stop.get(); i++) {
                        Evaluation e = engine.onCandle(key, candles.get(i));
                        if (e.status() == Evaluation.Status.FAILED) {
                            failed.incrementAndGet();
                        }
                        if (i == 10) {
                            running.countDown();
                        }
                    }
                });
                feeders.add(feeder);
                feeder.start();
            }
            assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
            Model next = second;
            long worst = 0;
            for (int k = 0; k < 10; k++) {
                long started = System.nanoTime();
                Model previous = engine.swapModel(next);
                worst = Math.max(worst, System.nanoTime() - started);
                next = previous;
            }
            stop.set(true);
            for (Thread f : feeders) {
                f.join();
            }
            // a swap waits for the predictions running when it starts (2 ms each); allow plenty for a loaded machine
            assertThat(Duration.ofNanos(worst)).as("the slowest of 10 swaps").isLessThan(Duration.ofSeconds(1));
            assertThat(failed).hasValue(0);
        }
    }

    @Test
    void aPredictionNeverWaitsForASwapThatWaitsForAnother() throws Exception {
        TestFeatureSet fs = TestFeatureSet.create();
        TestModel first = TestModel.linear(fs, 3, "1");
        TestModel second = TestModel.linear(fs, 3, "2");
        StreamKey held = StreamKey.of("HELD", Interval.HOUR_1);
        StreamKey free = StreamKey.of("FREE", Interval.HOUR_1);
        List<Candle> candles = Candles.randomWalk(7, 40);
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (SignalEngine engine = SignalEngine.builder().featureSet(fs).model(first).build()) {
            for (int i = 0; i < 30; i++) {
                engine.onCandle(held, candles.get(i));
                engine.onCandle(free, candles.get(i));
            }
            first.onPredict(() -> {
                if (Thread.currentThread().getName().equals("held")) {
                    inFlight.countDown();
                    await(release);
                }
            });
            Thread holder = new Thread(() -> engine.onCandle(held, candles.get(30)), "held");
            holder.start();
            assertThat(inFlight.await(30, TimeUnit.SECONDS)).isTrue();
            java.util.concurrent.CompletableFuture<Model> swap = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> engine.swapModel(second));
            // the swap waits for the prediction in flight; a new prediction goes ahead on the new model meanwhile
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (engine.model() != second && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            Evaluation e = engine.onCandle(free, candles.get(30));
            assertThat(e.signal().orElseThrow().modelVersion()).isEqualTo("2");
            assertThat(swap).isNotDone();
            release.countDown();
            assertThat(swap.get(30, TimeUnit.SECONDS)).isSameAs(first);
            holder.join();
            assertThat(first.isClosed()).isFalse();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
