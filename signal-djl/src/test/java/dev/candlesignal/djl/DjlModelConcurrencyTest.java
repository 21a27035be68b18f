package dev.candlesignal.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.testkit.ModelFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** More threads than predictors, chunked batches, and close while callers wait. */
class DjlModelConcurrencyTest {

    static DjlModel load(int poolSize) throws Exception {
        return DjlModel.load(ModelBundle.load(ModelFixtures.bundle(ModelFixtures.LSTM14_X3)),
                DjlOptions.builder().poolSize(poolSize).build());
    }

    static float[][] windows(int count, long seed) {
        return windows(count, seed, 60 * 14);
    }

    /** Uniform values in [-2, 2): scaled features, well inside what the models saw. */
    static float[][] windows(int count, long seed, int size) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] w = new float[count][size];
        for (float[] row : w) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) (r.nextDouble() * 4 - 2);
            }
        }
        return w;
    }

    @Test
    void eightThreadsShareTwoPredictorsAndGetTheSequentialAnswers() throws Exception {
        float[][] w = windows(12, 5);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (DjlModel model = load(2)) {
            float[] expected = model.predictBatch(w);
            List<Future<float[]>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int shift = t;
                futures.add(pool.submit(() -> {
                    float[] got = new float[w.length * 3];
                    for (int k = 0; k < got.length; k++) {
                        got[k] = model.predict(w[(k + shift) % w.length], 0);
                    }
                    return got;
                }));
            }
            for (int t = 0; t < futures.size(); t++) {
                float[] got = futures.get(t).get(60, TimeUnit.SECONDS);
                for (int k = 0; k < got.length; k++) {
                    assertThat((double) got[k]).isCloseTo(expected[(k + t) % w.length], within(1e-6));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBatchLargerThanOneChunkEqualsItsSingles() throws Exception {
        int n = DjlModel.MAX_CHUNK + 3;
        float[][] w = windows(n, 11);
        int[] offsets = new int[n];
        float[] out = new float[n + 1];
        out[n] = -7f;
        try (DjlModel model = load(1)) {
            model.predictBatch(w, offsets, n, out);
            for (int i : new int[] {0, 1, DjlModel.MAX_CHUNK - 1, DjlModel.MAX_CHUNK, n - 1}) {
                assertThat((double) out[i]).as("window %d", i).isCloseTo(model.predict(w[i], 0), within(1e-6));
            }
            assertThat(out[n]).as("beyond count").isEqualTo(-7f);
        }
    }

    @Test
    void aBatchOfZeroWindowsDoesNothing() throws Exception {
        try (DjlModel model = load(1)) {
            float[] out = {3f};
            model.predictBatch(new float[0][], new int[0], 0, out);
            assertThat(out[0]).isEqualTo(3f);
            assertThatThrownBy(() -> model.predictBatch(new float[1][], new int[1], 2, new float[2]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count 2");
        }
    }

    @Test
    void callsAfterCloseFailClearlyAndCloseIsIdempotent() throws Exception {
        DjlModel model = load(1);
        float[] window = new float[60 * 14];
        model.predict(window, 0);
        model.close();
        assertThatThrownBy(() -> model.predict(window, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> model.predictBatch(new float[][] {window})).isInstanceOf(IllegalStateException.class);
        model.close();
    }
}
