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
 * {@link SignalEngine#swapModel} under sustained load: several threads predicting back to back, their predictions
 * overlapping so that some prediction is always running. A reader-preferring lock would let the swap wait until no
 * prediction happens to run at all, which under such load can take seconds or forever; the engine lets the swap in
 * after the predictions already running, so each swap waits about one prediction.
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
