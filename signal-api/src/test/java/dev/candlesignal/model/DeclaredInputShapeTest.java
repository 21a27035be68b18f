package dev.candlesignal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.ModelLoadException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ModelBundle#declaredOnnxInputShape()} and {@link ModelBundle#checkDeclaredInputShape()} on the project's
 * real bundles, copied and with their manifests rewritten the way a user (or a bad tool) might.
 */
class DeclaredInputShapeTest {

    @TempDir
    Path tmp;

    static Path repo() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("fixtures/models"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no fixtures/models above " + Path.of("").toAbsolutePath());
    }

    /** A copy of a real bundle in a temporary directory. */
    Path copy(String bundle) throws IOException {
        Path from = repo().resolve(bundle);
        Path to = Files.createDirectories(tmp.resolve(from.getFileName()));
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    /** Replaces text in the copy's manifest (the manifest carries no hash of itself, so it stays valid). */
    static void rewrite(Path bundle, String from, String to) throws IOException {
        Path m = bundle.resolve(ModelBundle.MANIFEST_FILE);
        String text = Files.readString(m);
        assertThat(text).contains(from);
        Files.writeString(m, text.replace(from, to));
    }

    @Test
    void realBundlesDeclareTheirManifestsShape() throws Exception {
        for (String bundle : List.of("models/demo-btcusdt-1h", "fixtures/models/lstm14", "fixtures/models/lstm28-x3",
                "fixtures/models/test-graphs/tiny-fixed3")) {
            ModelBundle b = ModelBundle.load(repo().resolve(bundle));
            DeclaredInputShape shape = b.checkDeclaredInputShape().orElseThrow();
            assertThat(shape).isEqualTo(b.declaredOnnxInputShape().orElseThrow());
            assertThat(shape.file()).isEqualTo("model.onnx");
            assertThat(shape.input()).isEqualTo("features");
            assertThat(shape.rank()).isEqualTo(3);
            assertThat(shape.fixed(1)).hasValue(b.spec().sequenceLength());
            assertThat(shape.fixed(2)).hasValue(b.spec().featureCount());
        }
        DeclaredInputShape demo = ModelBundle.load(repo().resolve("models/demo-btcusdt-1h")).declaredOnnxInputShape()
                .orElseThrow();
        assertThat(demo.describe()).isEqualTo("[?, 60, 14]");
        assertThat(demo.fixed(0)).as("the batch axis is open").isEqualTo(OptionalLong.empty());
    }

    @Test
    void aManifestWithAnotherSequenceLengthIsRefusedNamingBothNumbersAndFiles() throws Exception {
        Path dir = copy("models/demo-btcusdt-1h");
        rewrite(dir, "\"sequenceLength\": 60", "\"sequenceLength\": 30");
        ModelBundle bundle = ModelBundle.load(dir); // the manifest itself is valid
        assertThatThrownBy(bundle::checkDeclaredInputShape).isInstanceOfSatisfying(ModelLoadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SHAPE_MISMATCH))
                .hasMessage("bundle " + dir + ": manifest.json says sequenceLength 30 but model.onnx declares its"
                        + " input 'features' as [?, 60, 14]: the model was built for windows of 60 candles, not 30"
                        + " (fix the manifest's sequenceLength, or the weights)");
    }

    @Test
    void aManifestWithAnotherFeatureCountIsRefused() throws Exception {
        // the tiny graph reads [?, 5, 3]; a manifest for 4 columns around it
        Path dir = copy("fixtures/models/test-graphs/tiny");
        ModelManifest m = ModelBundle.load(dir).manifest().toBuilder()
                .featureSet("four", List.of("a", "b", "c", "d"))
                .scaler(Scaler.identity(4))
                .build();
        ModelBundle bundle = ModelBundle.write(dir, m);
        assertThatThrownBy(bundle::checkDeclaredInputShape).isInstanceOfSatisfying(ModelLoadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SHAPE_MISMATCH))
                .hasMessage("bundle " + dir + ": manifest.json lists 4 feature columns (four) but model.onnx declares"
                        + " its input 'features' as [?, 5, 3]: the model reads 3 features per candle, not 4");
    }

    @Test
    void aFixedBatchIsNotTheManifestsBusiness() throws Exception {
        ModelBundle b = ModelBundle.load(repo().resolve("fixtures/models/test-graphs/tiny-fixed3"));
        assertThat(b.checkDeclaredInputShape().orElseThrow().describe()).isEqualTo("[3, 5, 3]");
    }

    @Test
    void aGraphWithoutTheFeaturesInputIsAShapeMismatch() throws Exception {
        Path dir = repo().resolve("fixtures/models/test-graphs/tiny-names");
        assertThatThrownBy(() -> ModelBundle.load(dir).checkDeclaredInputShape())
                .isInstanceOfSatisfying(ModelLoadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SHAPE_MISMATCH))
                .hasMessageContaining("model.onnx has no graph input 'features' (its inputs are ['x'])");
    }

    @Test
    void withoutOnnxWeightsThereIsNothingToCheck() throws Exception {
        // a TorchScript-only bundle: its sequence length cannot be checked (an LSTM runs on any length)
        Path dir = copy("fixtures/models/lstm14-x3");
        Files.delete(dir.resolve("model.onnx"));
        ModelBundle bundle = ModelBundle.write(dir, ManifestFixtures.withoutWeights().sequenceLength(30)
                .weights(ModelManifest.TORCHSCRIPT, ModelBundle.describe(dir, "model.pt")).build());
        assertThat(bundle.declaredOnnxInputShape()).isEmpty();
        assertThat(bundle.checkDeclaredInputShape()).isEmpty();
    }

    @Test
    void anOnnxFileThatIsNotOnnxIsABackendErrorNamingTheOffset() throws Exception {
        // bytes that match the manifest's hash but are no ONNX model: the file's own defect, not a changed copy
        Files.write(tmp.resolve("model.onnx"), new byte[] {0x3A, (byte) 0xFF, 0x7F, 0x00});
        Path dir = tmp;
        ModelBundle bundle = ModelBundle.write(dir, ManifestFixtures.builder(ModelBundle.describe(dir, "model.onnx"))
                .build());
        assertThatThrownBy(bundle::checkDeclaredInputShape).isInstanceOfSatisfying(ModelLoadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BACKEND_ERROR))
                .hasMessage("bundle " + dir + ": model.onnx is not a readable ONNX model: ModelProto.graph at byte 1"
                        + " declares 16383 bytes but only 1 remain (truncated or damaged file)");
    }

    @Test
    void aTamperedOnnxFileIsCaughtByTheHashBeforeItIsParsed() throws Exception {
        Path dir = copy("fixtures/models/lstm14");
        byte[] bytes = Files.readAllBytes(dir.resolve("model.onnx"));
        bytes[bytes.length / 2] ^= 1;
        Files.write(dir.resolve("model.onnx"), bytes);
        assertThatThrownBy(() -> ModelBundle.load(dir).checkDeclaredInputShape())
                .isInstanceOfSatisfying(ModelLoadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.HASH_MISMATCH));
    }

    @Test
    void theRecordValidates() {
        assertThatThrownBy(() -> new DeclaredInputShape("model.onnx", "features", List.of(1L, -2L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimension -2 in [1, -2]");
        DeclaredInputShape s = new DeclaredInputShape("model.onnx", "features", List.of(-1L, 60L));
        assertThat(s.fixed(5)).isEmpty();
        assertThat(s.fixed(-1)).isEmpty();
        assertThat(s.describe()).isEqualTo("[?, 60]");
    }
}
