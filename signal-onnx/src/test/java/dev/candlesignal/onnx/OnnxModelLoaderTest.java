package dev.candlesignal.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.ModelLoadException.Reason;
import dev.candlesignal.model.BackendOptions;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.Models;
import dev.candlesignal.testkit.ModelFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** signal-onnx registers the {@code onnx} backend for {@link Models}, and it loads through the one verification. */
class OnnxModelLoaderTest {
    static final Path DEMO = Path.of("../models/demo-btcusdt-1h");

    @TempDir
    Path dir;

    @Test
    void discoveryFindsTheOnnxBackendAndItLoadsTheDemoBundle() throws Exception {
        Models models = Models.discover();
        assertThat(models.backends()).as("signal-djl is not on this module's test class path").containsExactly("onnx");
        try (Model model = models.load(DEMO, BackendOptions.builder().intraOpThreads(2).build())) {
            assertThat(model).isInstanceOf(OnnxModel.class);
            OnnxModel onnx = (OnnxModel) model;
            assertThat(onnx.options()).isEqualTo(OnnxOptions.builder().intraOpThreads(2).build());
            assertThat(onnx.provider()).isEqualTo(OnnxOptions.Provider.CPU);
            assertThat(model.predict(new float[model.spec().windowSize()], 0)).isBetween(0f, 1f);
        }
        try (Model model = models.load(DEMO, "onnx")) {
            assertThat(((OnnxModel) model).options()).isEqualTo(OnnxOptions.defaults());
        }
    }

    @Test
    void aTorchScriptOnlyBundleNamesTheArtifactToAdd() throws Exception {
        Path b = Bundles.copy(ModelFixtures.LSTM14_X3, dir);
        Files.delete(b.resolve("model.onnx"));
        Bundles.editManifestText(b, s -> s.replaceAll("\"onnx\": \\{[^}]*\\},\\s*", ""));
        assertThatThrownBy(() -> Models.discover().load(b)).isInstanceOfSatisfying(ModelLoadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NO_LOADER))
                .hasMessageContaining("its weights are [torchscript]").hasMessageContaining("backends found: onnx")
                .hasMessageContaining("add dev.candlesignal:signal-djl (backend djl)");
        assertThatThrownBy(() -> Models.discover().load(DEMO, "djl")).isInstanceOfSatisfying(ModelLoadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NO_LOADER))
                .hasMessage("backend 'djl' is not on the class path (available: onnx); add dev.candlesignal:signal-djl");
    }

    @Test
    void tamperedOnnxWeightsFailThroughTheOneVerification() throws Exception {
        Path b = Bundles.copy(ModelFixtures.LSTM14_X3, dir);
        byte[] graph = Files.readAllBytes(b.resolve("model.onnx"));
        graph[graph.length - 5] ^= 0x40;
        Files.write(b.resolve("model.onnx"), graph);
        String expected = ModelBundle.describe(ModelFixtures.bundle(ModelFixtures.LSTM14_X3), "model.onnx").sha256();
        String actual = ModelBundle.describe(b, "model.onnx").sha256();
        String message = "bundle " + b + ": onnx weights file model.onnx has SHA-256 " + actual
                + " but the manifest expects " + expected;
        ModelBundle bundle = ModelBundle.load(b);
        // the same message, from ModelBundle.readWeights, whichever way the model is loaded
        assertThatThrownBy(() -> bundle.readWeights("onnx")).hasMessage(message);
        assertThatThrownBy(() -> OnnxModel.load(b)).hasMessage(message);
        assertThatThrownBy(() -> Models.discover().load(b)).hasMessage(message)
                .isInstanceOfSatisfying(ModelLoadException.class, e -> assertThat(e.reason()).isEqualTo(Reason.HASH_MISMATCH));
    }
}
