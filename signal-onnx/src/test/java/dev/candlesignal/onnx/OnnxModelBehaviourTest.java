package dev.candlesignal.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.candlesignal.InferenceException;
import dev.candlesignal.testkit.ModelFixtures;
import dev.candlesignal.testkit.ReferenceCase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Buffer reuse, fixed-batch graphs, output validation and the close protocol. */
class OnnxModelBehaviourTest {

    @Test
    void buffersAreReusedOnTheHotPath() throws Exception {
        try (OnnxModel model = OnnxModel.load(ModelFixtures.bundle(ModelFixtures.LSTM14))) {
            float[] w = ModelFixtures.reference(ModelFixtures.LSTM14).cases().get(1).window();
            float first = model.predict(w, 0);
            long created = model.buffersCreated();
            for (int i = 0; i < 50; i++) {
                assertThat(model.predict(w, 0)).isEqualTo(first);
            }
            float[][] batch = {w, w, w};
            model.predictBatch(batch);
            long afterBatch = model.buffersCreated();
            for (int i = 0; i < 20; i++) {
                assertThat(model.predictBatch(batch)).containsOnly(first);
            }
            assertThat(model.buffersCreated()).as("no new buffers once a batch size was seen").isEqualTo(afterBatch)
                    .isLessThanOrEqualTo(created + 1);
        }
    }

    @Test
    void overwritingTheReusedBufferGivesFreshResults() throws Exception {
        List<ReferenceCase> cases = ModelFixtures.reference(ModelFixtures.LSTM28_X3).cases();
        try (OnnxModel model = OnnxModel.load(ModelFixtures.bundle(ModelFixtures.LSTM28_X3))) {
            for (int round = 0; round < 3; round++) {
                for (ReferenceCase c : cases) {
                    assertThat((double) model.predict(c.window(), 0)).isCloseTo(c.expected(), within(1e-5));
                }
            }
        }
    }

    @Test
    void fixedBatchGraphRunsInPaddedChunks() throws Exception {
        ModelFixtures.Reference ref = ModelFixtures.reference("test-graphs/tiny");
        try (OnnxModel dynamic = OnnxModel.load(ModelFixtures.bundle("test-graphs/tiny"));
                OnnxModel fixed = OnnxModel.load(ModelFixtures.bundle("test-graphs/tiny-fixed3"))) {
            float[][] windows = ref.allCases().stream().map(ReferenceCase::window).toArray(float[][]::new);
            assertThat(windows.length).isEqualTo(14); // not a multiple of 3: the last chunk is padded
            float[] a = dynamic.predictBatch(windows);
            float[] b = fixed.predictBatch(windows);
            for (int i = 0; i < windows.length; i++) {
                assertThat((double) b[i]).isCloseTo(a[i], within(1e-6));
                assertThat((double) fixed.predict(windows[i], 0)).isCloseTo(ref.allCases().get(i).expected(),
                        within(1e-5));
            }
        }
    }

    @Test
    void outputsThatAreNotProbabilitiesAreRefused() throws Exception {
        try (OnnxModel model = OnnxModel.load(ModelFixtures.bundle("test-graphs/tiny-unbounded"))) {
            float[] zeros = new float[model.spec().windowSize()];
            assertThat(model.predict(zeros, 0)).isEqualTo(0.5f); // loads: the trial run sees 0.5
            float[] ramp = new float[zeros.length];
            for (int i = 0; i < ramp.length; i++) {
                ramp[i] = (i % 3 - 1) * 3f;
            }
            assertThatThrownBy(() -> model.predict(ramp, 0)).isInstanceOf(InferenceException.class)
                    .hasMessageContaining("model test-tiny-unbounded v1 returned")
                    .hasMessageContaining("not a probability in [0, 1]")
                    .hasMessageContaining("does the graph end in a sigmoid?");
            float[] out = {-7f, -7f};
            assertThatThrownBy(() -> model.predictBatch(new float[][] {zeros, ramp}, new int[2], 2, out))
                    .isInstanceOf(InferenceException.class).hasMessageContaining("for window 1 of 2");
            assertThat(out).as("nothing written for a failed batch").containsOnly(-7f);
        }
    }

    @Test
    void nonFiniteInputIsRefusedAndNamedByRowAndColumn() throws Exception {
        try (OnnxModel model = OnnxModel.load(ModelFixtures.bundle("test-graphs/tiny"))) {
            float[] w = new float[model.spec().windowSize()];
            w[2 * 3 + 1] = Float.NaN;
            assertThatThrownBy(() -> model.predict(w, 0)).isInstanceOf(InferenceException.class)
                    .hasMessageContaining("window 0 holds NaN at row 2, column 'b'; model inputs must be finite");
            float[] inf = new float[w.length];
            inf[w.length - 1] = Float.NEGATIVE_INFINITY;
            float[] out = {-7f, -7f};
            assertThatThrownBy(() -> model.predictBatch(new float[][] {new float[w.length], inf}, new int[2], 2, out))
                    .isInstanceOf(InferenceException.class)
                    .hasMessageContaining("window 1 of 2 holds -Infinity at row 4, column 'c'");
            assertThat(out).containsOnly(-7f);
        }
    }

    @Test
    void argumentsAreChecked() throws Exception {
        try (OnnxModel model = OnnxModel.load(ModelFixtures.bundle("test-graphs/tiny"))) {
            int n = model.spec().windowSize();
            assertThatThrownBy(() -> model.predict(new float[n], -1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("5 x 3 = 15 values").hasMessageContaining("offset -1");
            assertThatThrownBy(() -> model.predictBatch(new float[2][n], new int[2], 3, new float[3]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count 3");
            assertThatThrownBy(() -> model.predictBatch(new float[][] {new float[n], new float[n - 1]}, new int[2], 2,
                    new float[2])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("windows[1]");
            float[] out = {9f};
            model.predictBatch(new float[0][], new int[0], 0, out);
            assertThat(out).containsExactly(9f);
        }
    }

    @Test
    void closeIsIdempotentAndLaterPredictionsFail() throws Exception {
        OnnxModel model = OnnxModel.load(ModelFixtures.bundle("test-graphs/tiny"));
        float[] w = new float[model.spec().windowSize()];
        model.predict(w, 0);
        model.close();
        model.close();
        assertThat(model.isClosed()).isTrue();
        assertThat(model.toString()).contains("closed");
        assertThatThrownBy(() -> model.predict(w, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("model test-tiny v1 (ONNX) is closed");
        assertThatThrownBy(() -> model.predictBatch(new float[][] {w})).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeWaitsForPredictionsInProgress() throws Exception {
        OnnxModel model = OnnxModel.load(ModelFixtures.bundle(ModelFixtures.LSTM28));
        float[][] batch = new float[64][model.spec().windowSize()];
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            // each worker predicts until the model is closed under it: a batch is in flight when close() runs, so a
            // close() that did not wait would free the session under it and fail that batch (not with "is closed")
            CountDownLatch predicting = new CountDownLatch(3);
            List<Future<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                workers.add(pool.submit(() -> {
                    int done = 0;
                    try {
                        while (!Thread.currentThread().isInterrupted()) { // shutdownNow() ends a stuck test
                            model.predictBatch(batch);
                            done++;
                            if (done == 1) {
                                predicting.countDown();
                            }
                        }
                    } catch (IllegalStateException closed) {
                        assertThat(closed).hasMessageContaining("is closed");
                        return done;
                    }
                    throw new AssertionError("interrupted before the model was closed");
                }));
            }
            assertThat(predicting.await(30, TimeUnit.SECONDS)).as("every worker is predicting").isTrue();
            model.close(); // must wait for running batches, then make later calls fail cleanly
            for (Future<Integer> f : workers) {
                assertThat(f.get(60, TimeUnit.SECONDS)).as("a worker stops only when the model is closed").isPositive();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void describesItself() throws Exception {
        try (OnnxModel model = OnnxModel.load(ModelFixtures.bundle(ModelFixtures.LSTM28))) {
            assertThat(model.spec().featureSetId()).isEqualTo("standard28");
            assertThat(model.manifest().modelId()).isEqualTo("fixture-lstm28");
            assertThat(model.directory()).isEqualTo(ModelFixtures.bundle(ModelFixtures.LSTM28));
            assertThat(model.toString()).isEqualTo("OnnxModel[fixture-lstm28 v1, [60, 28] (standard28), CPU]");
        }
    }
}
