package dev.candlesignal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.ModelLoadException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
    @TempDir
    Path dir;

    @Test
    void writesAndLoadsAVerifiedBundle() throws Exception {
        ModelBundle written = ManifestFixtures.writeBundle(dir);
        ModelBundle loaded = ModelBundle.load(dir);
        assertThat(loaded.manifest()).isEqualTo(written.manifest());
        assertThat(loaded.weightsPath(ModelManifest.ONNX)).isEqualTo(dir.resolve("model.onnx"));
        assertThat(loaded.spec().shapeDescription()).isEqualTo("[5, 3] (test3@3)");
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
                .as("no temporary file is left behind").containsExactlyInAnyOrder("model.onnx", "manifest.json");
    }

    @Test
    void manifestJsonRoundTrips() throws Exception {
        ModelManifest m = ManifestFixtures.writeBundle(dir).manifest();
        ModelManifest again = ModelManifest.fromJson(m.toJson(), "x");
        assertThat(again).isEqualTo(m);
        assertThat(again.parentVersion()).contains("1");
        assertThat(again.metrics()).containsEntry("val_accuracy", 0.52);
        assertThat(again.toBuilder().parentVersion(null).version("3").build().parentVersion()).isEqualTo(Optional.empty());
    }

    @Test
    void missingDirectoryOrManifest() {
        assertThatThrownBy(() -> ModelBundle.load(dir.resolve("nope"))).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("no model bundle at").hasMessageContaining("manifest.json does not exist")
                .extracting(e -> ((ModelLoadException) e).reason()).isEqualTo(Reason.MISSING_FILE);
    }

    @Test
    void missingWeights() throws Exception {
        ManifestFixtures.writeBundle(dir);
        Files.delete(dir.resolve("model.onnx"));
        assertLoadFails(Reason.MISSING_FILE, "onnx weights file model.onnx listed in the manifest does not exist");
    }

    @Test
    void weightsThatAreADirectorySaySo() throws Exception {
        ManifestFixtures.writeBundle(dir);
        Files.delete(dir.resolve("model.onnx"));
        Files.createDirectory(dir.resolve("model.onnx"));
        assertLoadFails(Reason.MISSING_FILE, "onnx weights file model.onnx is a directory, not a file");
    }

    @Test
    void truncatedWeightsNameBothSizes() throws Exception {
        ManifestFixtures.writeBundle(dir);
        Files.write(dir.resolve("model.onnx"), "pretend this".getBytes());
        assertLoadFails(Reason.TRUNCATED, "has 12 bytes but the manifest says 29 (truncated copy?)");
    }

    @Test
    void tamperedWeightsNameBothHashesWhenRead() throws Exception {
        ManifestFixtures.writeBundle(dir);
        String expected = ModelBundle.describe(dir, "model.onnx").sha256();
        Files.write(dir.resolve("model.onnx"), "pretend THIS is an onnx graph".getBytes()); // same size
        ModelBundle bundle = ModelBundle.load(dir); // sizes only: the content is checked when it is read
        String actual = ModelBundle.describe(dir, "model.onnx").sha256();
        for (ThrowingCall call : List.<ThrowingCall>of(() -> bundle.readWeights(ModelManifest.ONNX), bundle::verify)) {
            assertThatThrownBy(call::run).isInstanceOf(ModelLoadException.class)
                    .hasMessage("bundle " + dir + ": onnx weights file model.onnx has SHA-256 " + actual
                            + " but the manifest expects " + expected)
                    .extracting(e -> ((ModelLoadException) e).reason()).isEqualTo(Reason.HASH_MISMATCH);
        }
    }

    @Test
    void readWeightsReturnsTheBytesItHashed() throws Exception {
        ModelBundle bundle = ManifestFixtures.writeBundle(dir);
        VerifiedWeights w = bundle.readWeights(ModelManifest.ONNX);
        assertThat(w.bytes()).isEqualTo("pretend this is an onnx graph".getBytes());
        assertThat(w.newInputStream().readAllBytes()).isEqualTo(w.bytes());
        assertThat(w.size()).isEqualTo(29);
        assertThat(w.path()).isEqualTo(dir.resolve("model.onnx"));
        assertThat(w.file()).isEqualTo(bundle.manifest().weights().get(ModelManifest.ONNX));
        byte[] copy = w.bytes();
        copy[0] = 'X';
        assertThat(w.bytes()[0]).as("bytes() is a copy").isEqualTo((byte) 'p');

        Files.write(dir.resolve("model.onnx"), "pretend this is an onnx graph!".getBytes());
        assertThat(w.bytes()).as("held, not read again").isEqualTo("pretend this is an onnx graph".getBytes());
        assertThatThrownBy(() -> bundle.readWeights(ModelManifest.ONNX)).as("changed after load")
                .hasMessageContaining("has 30 bytes but the manifest says 29");
        Files.delete(dir.resolve("model.onnx"));
        assertThatThrownBy(() -> bundle.readWeights(ModelManifest.ONNX)).as("deleted after load")
                .hasMessageContaining("onnx weights file model.onnx listed in the manifest does not exist")
                .extracting(e -> ((ModelLoadException) e).reason()).isEqualTo(Reason.MISSING_FILE);
        assertThatThrownBy(() -> bundle.readWeights(ModelManifest.TORCHSCRIPT))
                .hasMessageContaining("has no torchscript weights (it has [onnx])")
                .extracting(e -> ((ModelLoadException) e).reason()).isEqualTo(Reason.NO_WEIGHTS_FOR_BACKEND);
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void unsupportedFormatVersion() throws Exception {
        ManifestFixtures.writeBundle(dir);
        rewrite("\"formatVersion\": 1", "\"formatVersion\": 2");
        assertLoadFails(Reason.UNSUPPORTED_FORMAT, "bundle format version 2 is not supported (this library reads version 1)");
    }

    @Test
    void wrongFormatName() throws Exception {
        ManifestFixtures.writeBundle(dir);
        rewrite("candlesignal-model", "pickle");
        assertLoadFails(Reason.UNSUPPORTED_FORMAT, "expected format \"candlesignal-model\" but found \"pickle\"");
    }

    @Test
    void malformedManifests() throws Exception {
        ManifestFixtures.writeBundle(dir);
        String good = Files.readString(dir.resolve("manifest.json"));
        Files.writeString(dir.resolve("manifest.json"), good.substring(0, good.length() / 2));
        assertLoadFails(Reason.MALFORMED_MANIFEST, "not valid JSON");
        Files.writeString(dir.resolve("manifest.json"), good.replace("\"sequenceLength\": 5", "\"sequenceLength\": \"5\""));
        assertLoadFails(Reason.MALFORMED_MANIFEST, "field 'sequenceLength': expected a number but found 5");
        Files.writeString(dir.resolve("manifest.json"), good.replace("\"interval\": \"1h\"", "\"interval\": \"1H\""));
        assertLoadFails(Reason.MALFORMED_MANIFEST, "field 'training.interval': unknown interval '1H'");
        Files.writeString(dir.resolve("manifest.json"), good.replace("\"createdAt\"", "\"created\""));
        assertLoadFails(Reason.MALFORMED_MANIFEST, "field 'createdAt': missing");
        Files.writeString(dir.resolve("manifest.json"), good.replace("\"means\": [1, 2, 3]", "\"means\": [1, 2]"));
        assertLoadFails(Reason.MALFORMED_MANIFEST, "scaler has 2 means but 3 stds");
        Files.writeString(dir.resolve("manifest.json"), good.replace("\"model.onnx\"", "\"../model.onnx\""));
        assertLoadFails(Reason.MALFORMED_MANIFEST, "must be a plain file name inside the bundle");
        Files.writeString(dir.resolve("manifest.json"), good.replace("\"columns\": [\"a\", \"b\", \"c\"]",
                "\"columns\": [\"a\", \"b\"]"));
        assertLoadFails(Reason.MALFORMED_MANIFEST, "scaler has 3 columns but the model has 2 feature columns");
    }

    @Test
    void noWeightsForARequestedBackend() throws Exception {
        ModelBundle b = ManifestFixtures.writeBundle(dir);
        assertThatThrownBy(() -> b.weightsPath(ModelManifest.TORCHSCRIPT)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("has no torchscript weights (it has [onnx])")
                .extracting(e -> ((ModelLoadException) e).reason()).isEqualTo(Reason.NO_WEIGHTS_FOR_BACKEND);
    }

    @Test
    void writeRefusesWeightsThatDoNotMatch() throws Exception {
        Files.write(dir.resolve("model.onnx"), "abc".getBytes());
        WeightsFile wrong = new WeightsFile("model.onnx", "0".repeat(64), 3);
        assertThatThrownBy(() -> ModelBundle.write(dir, ManifestFixtures.builder(wrong).build()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("SHA-256");
        assertThat(dir.resolve("manifest.json")).doesNotExist();
    }

    @Test
    void builderNamesMissingFields() {
        assertThatThrownBy(() -> ModelManifest.builder().modelId("x").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("version is required");
        assertThatThrownBy(() -> ModelManifest.builder().sequenceLength(0)).hasMessageContaining("sequenceLength must be >= 1");
        assertThatThrownBy(() -> new WeightsFile("a.onnx", "ABC", 1)).hasMessageContaining("64 lower-case hex digits");
    }

    @Test
    void labelAndTrainingInfo() {
        LabelSpec up = LabelSpec.nextCandleUp();
        assertThat(up.label(100, 100.01)).isTrue();
        assertThat(up.label(100, 100)).as("an unchanged close is not up").isFalse();
        assertThat(new LabelSpec(3, 0.01).label(100, 101)).isFalse();
        assertThat(new LabelSpec(3, 0.01).label(100, 101.5)).isTrue();
        assertThatThrownBy(() -> new LabelSpec(0, 0)).hasMessageContaining("horizon must be >= 1");
        TrainingInfo t = ManifestFixtures.builder(new WeightsFile("a", "a".repeat(64), 1)).build().training();
        assertThat(t.overlaps(java.time.Instant.parse("2020-02-01T00:00:00Z"), java.time.Instant.parse("2020-05-01T00:00:00Z"))).isTrue();
        assertThat(t.overlaps(java.time.Instant.parse("2020-03-01T00:00:00Z"), java.time.Instant.parse("2020-05-01T00:00:00Z"))).isFalse();
    }

    private void rewrite(String from, String to) throws IOException {
        Path m = dir.resolve("manifest.json");
        String text = Files.readString(m);
        assertThat(text).contains(from);
        Files.writeString(m, text.replace(from, to));
    }

    private void assertLoadFails(Reason reason, String message) {
        assertThatThrownBy(() -> ModelBundle.load(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((ModelLoadException) e).reason()).isEqualTo(reason);
    }
}
