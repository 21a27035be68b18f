package dev.candlesignal.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.djl.engine.StandardCapabilities;
import dev.candlesignal.InferenceException;
import dev.candlesignal.ModelLoadException;
import dev.candlesignal.ModelLoadException.Reason;
import dev.candlesignal.djl.internal.PyTorchRuntime;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.testkit.ModelFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading fails early and clearly, with the reason classified and expected vs found in the message. */
class DjlModelLoadTest {

    @TempDir
    Path tmp;

    @Test
    void loadsAFixtureBundleAndDescribesIt() throws Exception {
        try (DjlModel model = DjlModel.load(ModelFixtures.bundle(ModelFixtures.LSTM14_X3))) {
            assertThat(model.spec().featureCount()).isEqualTo(14);
            assertThat(model.spec().sequenceLength()).isEqualTo(60);
            assertThat(model.options()).isEqualTo(DjlOptions.defaults());
            // the versions the build put on the classpath (2.7.1 and 0.35.1 unless overridden)
            String torch = System.getProperty("candlesignal.test.pytorch.version", "2.7.1");
            String djl = System.getProperty("candlesignal.test.djl.version", "0.35.1");
            assertThat(model.toString()).contains("fixture-lstm14-x3", "model.pt", "PyTorch " + torch, "DJL " + djl,
                    "cpu()");
        }
    }

    @Test
    void aBundleWithoutTorchScriptWeightsIsRefused() {
        // the plain lstm14 fixture carries ONNX weights only
        assertThatThrownBy(() -> DjlModel.load(ModelFixtures.bundle(ModelFixtures.LSTM14)))
                .isInstanceOfSatisfying(ModelLoadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NO_WEIGHTS_FOR_BACKEND))
                .hasMessageContaining("torchscript").hasMessageContaining("onnx");
    }

    @Test
    void aModuleForAnotherFeatureCountIsAShapeMismatch() throws Exception {
        // the 28-feature module under a manifest that promises 14 features
        Path pt = ModelFixtures.bundle(ModelFixtures.LSTM28_X3).resolve("model.pt");
        ModelBundle bundle = TestBundles.withTorchScript(tmp.resolve("b"), pt, 14);
        assertThatThrownBy(() -> DjlModel.load(bundle, DjlOptions.defaults()))
                .isInstanceOfSatisfying(ModelLoadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SHAPE_MISMATCH))
                .hasMessageContaining("[60, 14] (test14)")
                .hasMessageContaining("weight_ih_l0 [512, 28]")
                .hasMessageContaining("reads 28 features");
    }

    @Test
    void aManifestWithAnotherSequenceLengthIsRefusedAtLoad() throws Exception {
        // a traced LSTM runs on windows of any length: only model.onnx's declared [batch, 60, 14] reveals it
        for (Path source : List.of(ModelFixtures.bundle(ModelFixtures.LSTM14_X3), DemoModelTest.DEMO)) {
            Path dir = TestBundles.copy(source, tmp.resolve(source.getFileName()));
            Path manifest = dir.resolve(ModelBundle.MANIFEST_FILE);
            String text = Files.readString(manifest);
            assertThat(text).contains("\"sequenceLength\": 60");
            Files.writeString(manifest, text.replace("\"sequenceLength\": 60", "\"sequenceLength\": 30"));
            assertThatThrownBy(() -> DjlModel.load(dir)).as(source.toString())
                    .isInstanceOfSatisfying(ModelLoadException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.SHAPE_MISMATCH))
                    .hasMessage("bundle " + dir + ": manifest.json says sequenceLength 30 but model.onnx declares"
                            + " its input 'features' as [?, 60, 14]: the model was built for windows of 60 candles,"
                            + " not 30 (fix the manifest's sequenceLength, or the weights)");
        }
    }

    @Test
    void withoutModelOnnxAWrongSequenceLengthCannotBeDetected() throws Exception {
        // the documented limit: the 60-candle module alone, under a manifest that says 30, loads and runs
        Path pt = ModelFixtures.bundle(ModelFixtures.LSTM14_X3).resolve("model.pt");
        ModelBundle bundle = TestBundles.withTorchScript(tmp.resolve("b"), pt, 14, 30);
        try (DjlModel model = DjlModel.load(bundle, DjlOptions.defaults())) {
            assertThat(model.spec().sequenceLength()).isEqualTo(30);
            assertThat(model.predict(new float[30 * 14], 0)).isBetween(0f, 1f);
        }
    }

    @Test
    void aModuleThatRejectsTheProbeIsAShapeMismatch() throws Exception {
        // no LSTM parameter to compare, so the probe finds out: Linear(16, 1) cannot take a 14-feature row
        ModelBundle bundle = TestBundles.withTorchScript(tmp.resolve("b"), TestBundles.resource(tmp, "linear16.pt"),
                14);
        assertThatThrownBy(() -> DjlModel.load(bundle, DjlOptions.defaults()))
                .isInstanceOfSatisfying(ModelLoadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SHAPE_MISMATCH))
                .hasMessageContaining("rejected a [1, 60, 14] float32 input")
                .hasMessageContaining("[60, 14] (test14)");
    }

    @Test
    void aModuleWithTheWrongOutputShapeIsAShapeMismatch() throws Exception {
        ModelBundle bundle = TestBundles.withTorchScript(tmp.resolve("b"), TestBundles.resource(tmp, "flat.pt"), 14);
        assertThatThrownBy(() -> DjlModel.load(bundle, DjlOptions.defaults()))
                .isInstanceOfSatisfying(ModelLoadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SHAPE_MISMATCH))
                .hasMessageContaining("shape [1, 1]").hasMessageContaining("shape [1]");
    }

    @Test
    void aFileThatIsNotTorchScriptIsABackendError() throws Exception {
        byte[] junk = new byte[4096];
        new SplittableRandom(1).nextBytes(junk);
        ModelBundle bundle = TestBundles.withTorchScript(tmp.resolve("b"), junk, 14);
        assertThatThrownBy(() -> DjlModel.load(bundle, DjlOptions.defaults()))
                .isInstanceOfSatisfying(ModelLoadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BACKEND_ERROR))
                .hasMessageContaining("cannot load the TorchScript file").hasMessageContaining("model.pt");
    }

    @Test
    void aTamperedWeightsFileIsCaughtBeforeDjlSeesIt() throws Exception {
        Path dir = tmp.resolve("b");
        TestBundles.withTorchScript(dir, TestBundles.resource(tmp, "unbounded.pt"), 14);
        byte[] bytes = Files.readAllBytes(dir.resolve("model.pt"));
        bytes[bytes.length / 2] ^= 1;
        Files.write(dir.resolve("model.pt"), bytes);
        assertThatThrownBy(() -> DjlModel.load(dir))
                .isInstanceOfSatisfying(ModelLoadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.HASH_MISMATCH));
    }

    @Test
    void anOutputThatIsNotAProbabilityIsAnInferenceError() throws Exception {
        ModelBundle bundle = TestBundles.withTorchScript(tmp.resolve("b"), TestBundles.resource(tmp, "unbounded.pt"),
                14);
        try (DjlModel model = DjlModel.load(bundle, DjlOptions.defaults())) {
            float[] window = new float[60 * 14];
            assertThat(model.predict(window, 0)).isZero(); // the zero window sums to 0, a valid probability
            Arrays.fill(window, 1f);
            assertThatThrownBy(() -> model.predict(window, 0)).isInstanceOf(InferenceException.class)
                    .hasMessageContaining("840.0").hasMessageContaining("not a probability");
            float[][] batch = {new float[60 * 14], window};
            assertThatThrownBy(() -> model.predictBatch(batch)).isInstanceOf(InferenceException.class)
                    .hasMessageContaining("window 1");
        }
    }

    @Test
    void gpuWithoutCudaLibtorchNamesTheCoordinatesToAdd() throws Exception {
        assumeFalse(PyTorchRuntime.engine().hasCapability(StandardCapabilities.CUDA), "this libtorch has CUDA");
        DjlOptions gpu = DjlOptions.builder().gpu(0).build();
        assertThatThrownBy(() -> DjlModel.load(ModelBundle.load(ModelFixtures.bundle(ModelFixtures.LSTM14_X3)), gpu))
                .isInstanceOfSatisfying(ModelLoadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BACKEND_ERROR))
                .hasMessageContaining("gpu(0)")
                .hasMessageContaining("CPU build")
                .hasMessageContaining("ai.djl.pytorch:pytorch-native-cu124:2.5.1:linux-x86_64")
                .hasMessageContaining("ai.djl.pytorch:pytorch-jni:2.5.1-0.32.0");
    }
}
