package dev.candlesignal.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.ModelLoadException.Reason;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.Scaler;
import dev.candlesignal.testkit.ModelFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a bundle can be unusable gives a typed {@link ModelLoadException} naming expected and found. */
class LoadFailureTest {
    @TempDir
    Path dir;

    private static AbstractThrowableAssert<?, ? extends Throwable> assertLoadFails(Path bundle, Reason reason) {
        return assertThatThrownBy(() -> OnnxModel.load(bundle)).isInstanceOfSatisfying(ModelLoadException.class,
                e -> assertThat(e.reason()).as("reason of: %s", e.getMessage()).isEqualTo(reason));
    }

    @Test
    void missingDirectory() {
        assertLoadFails(dir.resolve("nope"), Reason.MISSING_FILE).hasMessageContaining("no model bundle at")
                .hasMessageContaining("manifest.json does not exist");
    }

    @Test
    void missingManifest() throws Exception {
        Path b = Bundles.copy(ModelFixtures.LSTM14, dir);
        Files.delete(b.resolve("manifest.json"));
        assertLoadFails(b, Reason.MISSING_FILE).hasMessageContaining("manifest.json does not exist");
    }

    @Test
    void missingWeights() throws Exception {
        Path b = Bundles.copy(ModelFixtures.LSTM14, dir);
        Files.delete(b.resolve("model.onnx"));
        assertLoadFails(b, Reason.MISSING_FILE).hasMessageContaining("onnx weights file model.onnx")
                .hasMessageContaining("does not exist");
    }

    @Test
    void truncatedWeights() throws Exception {
        Path b = Bundles.copy(ModelFixtures.LSTM14, dir);
        byte[] graph = Files.readAllBytes(b.resolve("model.onnx"));
        Files.write(b.resolve("model.onnx"), Arrays.copyOf(graph, graph.length / 2));
        assertLoadFails(b, Reason.TRUNCATED).hasMessageContaining("has " + graph.length / 2 + " bytes")
                .hasMessageContaining("manifest says " + graph.length);
    }

    @Test
    void hashMismatch() throws Exception {
        Path b = Bundles.copy(ModelFixtures.LSTM14, dir);
        byte[] graph = Files.readAllBytes(b.resolve("model.onnx"));
        graph[graph.length - 5] ^= 0x40; // a weight bit: same size, different content
        Files.write(b.resolve("model.onnx"), graph);
        String expected = ModelBundle.describe(ModelFixtures.bundle(ModelFixtures.LSTM14), "model.onnx").sha256();
        assertLoadFails(b, Reason.HASH_MISMATCH).hasMessageContaining("manifest expects " + expected);
    }

    @Test
    void truncatedGraphWithARecomputedHashIsRefusedByOnnxRuntime() throws Exception {
        Path b = Bundles.copy(ModelFixtures.LSTM14, dir);
        byte[] graph = Files.readAllBytes(b.resolve("model.onnx"));
        Files.write(b.resolve("model.onnx"), Arrays.copyOf(graph, graph.length - 1000));
        Bundles.editManifest(b, m -> {
            try {
                return m.weights("onnx", ModelBundle.describe(b, "model.onnx"));
            } catch (ModelLoadException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(ModelBundle.load(b).manifest().weights()).containsKey("onnx"); // the bundle itself verifies
        assertLoadFails(b, Reason.BACKEND_ERROR).hasMessageContaining("refused the ONNX graph");
    }

    @Test
    void garbageWithTheRightHashIsRefusedByOnnxRuntime() throws Exception {
        Path b = Bundles.copy(ModelFixtures.LSTM14, dir);
        Files.writeString(b.resolve("model.onnx"), "this is not an ONNX graph");
        Bundles.editManifest(b, m -> {
            try {
                return m.weights("onnx", ModelBundle.describe(b, "model.onnx"));
            } catch (ModelLoadException e) {
                throw new IllegalStateException(e);
            }
        });
        assertLoadFails(b, Reason.BACKEND_ERROR).hasMessageContaining("ONNX Runtime");
    }

    @Test
    void unsupportedFormatVersion() throws Exception {
        Path b = Bundles.copy(ModelFixtures.LSTM14, dir);
        Bundles.editManifestText(b, s -> s.replace("\"formatVersion\": 1", "\"formatVersion\": 2"));
        assertLoadFails(b, Reason.UNSUPPORTED_FORMAT).hasMessageContaining("format version 2 is not supported")
                .hasMessageContaining("reads version 1");
    }

    @Test
    void foreignFormat() throws Exception {
        Path b = Bundles.copy(ModelFixtures.LSTM14, dir);
        Bundles.editManifestText(b, s -> s.replace("\"candlesignal-model\"", "\"keras-model\""));
        assertLoadFails(b, Reason.UNSUPPORTED_FORMAT).hasMessageContaining("expected format \"candlesignal-model\"");
    }

    @Test
    void malformedManifest() throws Exception {
        Path b = Bundles.copy(ModelFixtures.LSTM14, dir);
        Bundles.editManifestText(b, s -> s.substring(0, s.length() / 2));
        assertLoadFails(b, Reason.MALFORMED_MANIFEST).hasMessageContaining("not valid JSON");

        Path c = Bundles.copy(ModelFixtures.LSTM14_X3, dir);
        Bundles.editManifestText(c, s -> s.replace("\"sequenceLength\": 60,", ""));
        assertLoadFails(c, Reason.MALFORMED_MANIFEST).hasMessageContaining("'sequenceLength': missing");
    }

    @Test
    void manifestWith28FeaturesForThe14FeatureGraph() throws Exception {
        Path b = Bundles.copy(ModelFixtures.LSTM14, dir);
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < 28; i++) {
            columns.add("f" + i);
        }
        Bundles.editManifest(b, m -> m.featureSet("standard28", columns).scaler(Scaler.identity(28)));
        assertLoadFails(b, Reason.SHAPE_MISMATCH)
                .hasMessageContaining("input 'features' has shape [?, 60, 14]")
                .hasMessageContaining("[60, 28] (standard28)")
                .hasMessageContaining("expected float32 [batch, 60, 28]");
    }

    @Test
    void manifestWithAnotherSequenceLength() throws Exception {
        Path b = Bundles.copy(ModelFixtures.LSTM28, dir);
        Bundles.editManifest(b, m -> m.sequenceLength(30));
        assertLoadFails(b, Reason.SHAPE_MISMATCH).hasMessageContaining("[?, 60, 28]")
                .hasMessageContaining("expected float32 [batch, 30, 28]");
    }

    @Test
    void graphWithOtherInputAndOutputNames() {
        assertLoadFails(ModelFixtures.bundle("test-graphs/tiny-names"), Reason.SHAPE_MISMATCH)
                .hasMessageContaining("expected exactly one graph input 'features' float32 [batch, 5, 3]")
                .hasMessageContaining("'x' FLOAT [?, 5, 3]");
    }

    @Test
    void graphThatDoesNotReturnProbabilitiesFailsTheTrialRun() {
        assertLoadFails(ModelFixtures.bundle("test-graphs/tiny-logit5"), Reason.BACKEND_ERROR)
                .hasMessageContaining("trial run on 1 zero window")
                .hasMessageContaining("returned 5.0")
                .hasMessageContaining("not a probability in [0, 1]");
    }

    @Test
    void bundleWithoutOnnxWeights() throws Exception {
        Path b = Bundles.copy(ModelFixtures.LSTM14_X3, dir);
        Files.delete(b.resolve("model.onnx"));
        Bundles.editManifestText(b, s -> s.replaceAll("\"onnx\": \\{[^}]*\\},\\s*", ""));
        assertThat(Bundles.manifestText(b)).doesNotContain("model.onnx").contains("model.pt");
        assertLoadFails(b, Reason.NO_WEIGHTS_FOR_BACKEND).hasMessageContaining("has no onnx weights")
                .hasMessageContaining("[torchscript]");
    }

    @Test
    void weightsChangedAfterTheBundleWasVerified() throws Exception {
        Path b = Bundles.copy(ModelFixtures.LSTM14, dir);
        ModelBundle verified = ModelBundle.load(b);
        byte[] graph = Files.readAllBytes(b.resolve("model.onnx"));
        graph[graph.length - 5] ^= 0x40;
        Files.write(b.resolve("model.onnx"), graph);
        assertThatThrownBy(() -> OnnxModel.load(verified, OnnxOptions.defaults()))
                .isInstanceOfSatisfying(ModelLoadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.HASH_MISMATCH))
                .hasMessageContaining("onnx weights file model.onnx has SHA-256");
    }
}
