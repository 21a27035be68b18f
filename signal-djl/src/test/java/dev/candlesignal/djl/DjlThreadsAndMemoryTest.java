package dev.candlesignal.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.pytorch.jni.JniUtils;
import dev.candlesignal.ModelLoadException;
import dev.candlesignal.ModelLoadException.Reason;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.testkit.ModelFixtures;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Thread settings are applied as documented, and no per-call native memory is left behind. */
class DjlThreadsAndMemoryTest {

    static ModelBundle bundle() throws ModelLoadException {
        return ModelBundle.load(ModelFixtures.bundle(ModelFixtures.LSTM14_X3));
    }

    /** Runs on a new thread and returns libtorch's intra-op setting on that thread afterwards. */
    static int intraOpAfter(Runnable predictions) throws Exception {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                predictions.run();
                result.complete(JniUtils.getNumThreads());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        t.start();
        return result.get(60, TimeUnit.SECONDS);
    }

    @Test
    void intraOpThreadsApplyPerModelOnTheCallingThread() throws Exception {
        float[] w = new float[60 * 14];
        try (DjlModel one = DjlModel.load(bundle(), DjlOptions.builder().intraOpThreads(1).build());
                DjlModel two = DjlModel.load(bundle(), DjlOptions.builder().intraOpThreads(2).build())) {
            assertThat(intraOpAfter(() -> two.predict(w, 0))).isEqualTo(2);
            assertThat(intraOpAfter(() -> one.predict(w, 0))).isEqualTo(1);
            assertThat(intraOpAfter(() -> {
                two.predict(w, 0);
                one.predictBatch(new float[][] {w, w});
            })).as("the last model used on a thread sets it").isEqualTo(1);
            assertThat((double) one.predict(w, 0)).isCloseTo(two.predict(w, 0), within(1e-6));
        }
    }

    @Test
    void interOpThreadsAreProcessWideAndFixedOnce() throws Exception {
        try (DjlModel model = DjlModel.load(bundle(), DjlOptions.defaults())) {
            assertThat(model.options().interOpThreads()).isEmpty();
            int fixed = JniUtils.getNumInteropThreads();
            if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
                assertThat(fixed).as("the default when nothing was set").isEqualTo(1);
            }
            DjlModel.load(bundle(), DjlOptions.builder().interOpThreads(fixed).build()).close();
            int other = fixed + 2;
            assertThatThrownBy(() -> DjlModel.load(bundle(), DjlOptions.builder().interOpThreads(other).build()))
                    .isInstanceOfSatisfying(ModelLoadException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.BACKEND_ERROR))
                    .hasMessageContaining("interOpThreads(" + other + ")")
                    .hasMessageContaining("process-wide")
                    .hasMessageContaining("already fixed at " + fixed);
            assertThat(JniUtils.getNumInteropThreads()).isEqualTo(fixed);
        }
    }

    @Test
    void callsLeaveNoArraysBehind() throws Exception {
        float[][] batch = DjlModelConcurrencyTest.windows(8, 3);
        try (DjlModel model = DjlModel.load(bundle(), DjlOptions.builder().poolSize(2).build())) {
            int baseline = model.liveArrays();
            for (int i = 0; i < 300; i++) {
                model.predict(batch[i % 8], 0);
                if (i % 10 == 0) {
                    model.predictBatch(batch);
                }
            }
            assertThat(model.liveArrays()).isEqualTo(baseline);
        }
    }

    @Test
    void aFailedCallLeavesNoArraysBehind() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("djl-unbounded");
        try {
            ModelBundle b = TestBundles.withTorchScript(dir.resolve("b"), TestBundles.resource(dir, "unbounded.pt"),
                    14);
            try (DjlModel model = DjlModel.load(b, DjlOptions.builder().poolSize(1).build())) {
                int baseline = model.liveArrays();
                float[] ones = new float[60 * 14];
                java.util.Arrays.fill(ones, 1f);
                for (int i = 0; i < 20; i++) {
                    assertThatThrownBy(() -> model.predict(ones, 0)).isInstanceOf(
                            dev.candlesignal.InferenceException.class);
                }
                assertThat(model.liveArrays()).isEqualTo(baseline);
            }
        } finally {
            try (var files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
