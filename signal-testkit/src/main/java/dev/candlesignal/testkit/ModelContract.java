package dev.candlesignal.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tests every {@link Model} backend must pass. Subclass it in the backend's test sources and supply a model and
 * reference cases (inputs with the probabilities the reference implementation computed).
 */
public abstract class ModelContract {

    /** The model under test; a new one per test. */
    protected abstract Model createModel() throws Exception;

    /** Inputs and expected probabilities; at least one. */
    protected abstract List<ReferenceCase> referenceCases() throws Exception;

    /** Absolute tolerance on probabilities against the reference. */
    protected double tolerance() {
        return 1e-5;
    }

    /** Absolute tolerance between batched and single predictions of the same backend. */
    protected double batchTolerance() {
        return 1e-6;
    }

    protected Model model;

    @BeforeEach
    void openModel() throws Exception {
        model = createModel();
    }

    @AfterEach
    void closeModel() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void specIsConsistent() {
        ModelSpec spec = model.spec();
        assertThat(spec.sequenceLength()).isPositive();
        assertThat(spec.featureCount()).isEqualTo(spec.columns().size()).isEqualTo(spec.scaler().columns());
        assertThat(spec.featureSetId()).isNotBlank();
        assertThat(spec.version()).isNotBlank();
    }

    @Test
    void predictsReferenceProbabilities() throws Exception {
        List<ReferenceCase> cases = referenceCases();
        assertThat(cases).isNotEmpty();
        for (ReferenceCase c : cases) {
            assertThat(c.window()).as("window size of case %s", c.name()).hasSize(model.spec().windowSize());
            assertThat((double) model.predict(c.window(), 0)).as("case %s", c.name())
                    .isCloseTo(c.expected(), within(tolerance()));
        }
    }

    @Test
    void predictsAtAnOffset() throws Exception {
        ReferenceCase c = referenceCases().get(0);
        int n = model.spec().windowSize();
        float[] padded = new float[n + 37];
        java.util.Arrays.fill(padded, Float.NaN);
        System.arraycopy(c.window(), 0, padded, 17, n);
        assertThat((double) model.predict(padded, 17)).isCloseTo(c.expected(), within(tolerance()));
    }

    @Test
    void batchEqualsSinglePredictions() throws Exception {
        for (int size : new int[] {1, 2, 7, 64}) {
            float[][] windows = randomWindows(size, 1000 + size);
            int[] offsets = new int[size];
            float[] out = new float[size];
            model.predictBatch(windows, offsets, size, out);
            for (int i = 0; i < size; i++) {
                assertThat((double) out[i]).as("batch %d, window %d", size, i)
                        .isCloseTo(model.predict(windows[i], 0), within(batchTolerance()));
            }
        }
    }

    @Test
    void batchMatchesReference() throws Exception {
        List<ReferenceCase> cases = referenceCases();
        float[][] windows = new float[cases.size()][];
        for (int i = 0; i < windows.length; i++) {
            windows[i] = cases.get(i).window();
        }
        float[] out = model.predictBatch(windows);
        for (int i = 0; i < out.length; i++) {
            assertThat((double) out[i]).as("case %s in a batch", cases.get(i).name())
                    .isCloseTo(cases.get(i).expected(), within(tolerance()));
        }
    }

    @Test
    void probabilitiesAreInTheUnitInterval() {
        for (float[] w : randomWindows(32, 7)) {
            assertThat(model.predict(w, 0)).isBetween(0f, 1f);
        }
    }

    @Test
    void concurrentPredictionsAgreeWithSequentialOnes() throws Exception {
        float[][] windows = randomWindows(16, 99);
        float[] expected = new float[windows.length];
        for (int i = 0; i < windows.length; i++) {
            expected[i] = model.predict(windows[i], 0);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    float[] got = new float[windows.length * 5];
                    for (int rep = 0; rep < 5; rep++) {
                        for (int i = 0; i < windows.length; i++) {
                            got[rep * windows.length + i] = model.predict(windows[i], 0);
                        }
                    }
                    return got;
                }));
            }
            for (Future<float[]> f : futures) {
                float[] got = f.get();
                for (int k = 0; k < got.length; k++) {
                    assertThat((double) got[k]).isCloseTo(expected[k % windows.length], within(batchTolerance()));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsAWindowThatDoesNotFit() {
        int n = model.spec().windowSize();
        assertThatThrownBy(() -> model.predict(new float[n - 1], 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> model.predict(new float[n], 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closeIsIdempotent() {
        model.close();
        model.close();
    }

    /** Random scaled windows (standard normal values) of the model's shape. */
    protected float[][] randomWindows(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = model.spec().windowSize();
        float[][] windows = new float[count][n];
        for (float[] w : windows) {
            for (int i = 0; i < n; i++) {
                w[i] = (float) gaussian(random);
            }
        }
        return windows;
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
