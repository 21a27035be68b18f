package dev.candlesignal.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.ModelLoadException.Reason;
import dev.candlesignal.model.BackendOptions;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.Models;
import dev.candlesignal.onnx.OnnxModel;
import dev.candlesignal.testkit.ModelFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * signal-djl registers the {@code djl} backend for {@link Models}. This module's tests also have signal-onnx on the
 * class path, so both real backends are present here.
 */
class DjlModelLoaderTest {
    @TempDir
    Path tmp;

    @Test
    void withBothBackendsPresentOnnxIsPreferredAndDjlCanBeChosen() throws Exception {
        Models models = Models.discover();
        assertThat(models.backends()).containsExactly("onnx", "djl");
        Path bundle = ModelFixtures.bundle(ModelFixtures.LSTM14_X3); // onnx and torchscript weights
        float[] window = new float[60 * 14];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < window.length; i++) {
            window[i] = (float) random.nextDouble(-2, 2);
        }
        try (Model preferred = models.load(bundle);
                Model djl = models.load(bundle, "djl", BackendOptions.builder().intraOpThreads(2).build())) {
            assertThat(preferred).isInstanceOf(OnnxModel.class);
            assertThat(djl).isInstanceOf(DjlModel.class);
            assertThat(((DjlModel) djl).options()).isEqualTo(DjlOptions.builder().intraOpThreads(2).build());
            assertThat(djl.predict(window, 0)).isCloseTo(preferred.predict(window, 0), within(2e-6f));
        }
    }

    @Test
    void aTorchScriptOnlyBundleGoesToDjl() throws Exception {
        Path b = copy(ModelFixtures.LSTM14_X3);
        Files.delete(b.resolve("model.onnx"));
        Path manifest = b.resolve(ModelBundle.MANIFEST_FILE);
        Files.writeString(manifest, Files.readString(manifest).replaceAll("\"onnx\": \\{[^}]*\\},\\s*", ""));
        try (Model model = Models.discover().load(b)) {
            assertThat(model).isInstanceOf(DjlModel.class);
            assertThat(((DjlModel) model).options()).isEqualTo(DjlOptions.builder().intraOpThreads(1).build());
        }
        assertThatThrownBy(() -> Models.discover().load(b, "onnx")).isInstanceOfSatisfying(ModelLoadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NO_WEIGHTS_FOR_BACKEND))
                .hasMessageContaining("has no onnx weights for backend onnx (it has [torchscript]; backends present"
                        + " that can load it: djl)");
    }

    @Test
    void tamperedTorchScriptFailsThroughTheOneVerification() throws Exception {
        Path b = copy(ModelFixtures.LSTM14_X3);
        byte[] bytes = Files.readAllBytes(b.resolve("model.pt"));
        bytes[bytes.length / 2] ^= 1;
        Files.write(b.resolve("model.pt"), bytes);
        String expected = ModelBundle.describe(ModelFixtures.bundle(ModelFixtures.LSTM14_X3), "model.pt").sha256();
        String actual = ModelBundle.describe(b, "model.pt").sha256();
        String message = "bundle " + b + ": torchscript weights file model.pt has SHA-256 " + actual
                + " but the manifest expects " + expected;
        assertThatThrownBy(() -> DjlModel.load(b)).hasMessage(message);
        assertThatThrownBy(() -> DjlModel.load(ModelBundle.load(b), DjlOptions.defaults())).hasMessage(message);
        assertThatThrownBy(() -> Models.discover().load(b, "djl")).hasMessage(message)
                .isInstanceOfSatisfying(ModelLoadException.class, e -> assertThat(e.reason()).isEqualTo(Reason.HASH_MISMATCH));
        try (Model onnx = Models.discover().load(b)) {
            assertThat(onnx).as("the intact onnx weights of the same bundle still load").isInstanceOf(OnnxModel.class);
        }
    }

    @Test
    void weightsChangedAfterTheBundleWasReadAreCaughtBeforeLibtorchSeesThem() throws Exception {
        Path b = copy(ModelFixtures.LSTM14_X3);
        ModelBundle bundle = ModelBundle.load(b);
        byte[] bytes = Files.readAllBytes(b.resolve("model.pt"));
        bytes[bytes.length / 3] ^= 4;
        Files.write(b.resolve("model.pt"), bytes);
        assertThatThrownBy(() -> DjlModel.load(bundle, DjlOptions.defaults()))
                .isInstanceOfSatisfying(ModelLoadException.class, e -> assertThat(e.reason()).isEqualTo(Reason.HASH_MISMATCH));
    }

    @Test
    void loadingFromTheVerifiedBytesLeavesNoTemporaryDirectory() throws Exception {
        try (DjlModel model = DjlModel.load(ModelFixtures.bundle(ModelFixtures.LSTM14_X3))) {
            Path dir = model.djlModelPath();
            assertThat(dir.getFileName().toString()).startsWith("pt-model");
            assertThat(dir).doesNotExist();
        }
    }

    @Test
    void theCleanUpTouchesOnlyAnEmptyStreamLoadDirectoryUnderTheTemporaryRoot() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path empty = Files.createDirectory(root.resolve("pt-model123"));
        Path full = Files.createDirectory(root.resolve("pt-model456"));
        Files.writeString(full.resolve("x"), "x");
        Path other = Files.createDirectory(root.resolve("bundle"));
        Path deeper = Files.createDirectories(root.resolve("a/pt-model789"));
        for (Path p : new Path[] {empty, full, other, deeper}) {
            DjlModel.removeStreamLoadDirectory(p, root);
        }
        try (Stream<Path> left = Files.walk(root)) {
            assertThat(left.map(root::relativize).map(Path::toString))
                    .containsExactlyInAnyOrder("", "pt-model456", "pt-model456/x", "bundle", "a", "a/pt-model789");
        }
    }

    private Path copy(String fixture) throws Exception {
        Path source = ModelFixtures.bundle(fixture);
        Path target = Files.createDirectories(tmp.resolve(fixture));
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, target.resolve(f.getFileName().toString()));
            }
        }
        return target;
    }
}
