package dev.candlesignal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.ModelLoadException.Reason;
import dev.candlesignal.spi.ModelLoader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@link Models} picks a backend: from the bundle's weights and the loaders present, loud when it cannot. */
class ModelsTest {
    @TempDir
    Path dir;

    /** A bundle with onnx weights and, if asked, TorchScript weights too. */
    private ModelBundle bundle(boolean onnx, boolean torchscript) throws Exception {
        ModelManifest.Builder m = ManifestFixtures.withoutWeights();
        if (onnx) {
            m.weights(ModelManifest.ONNX, weights("model.onnx", "an onnx graph"));
        }
        if (torchscript) {
            m.weights(ModelManifest.TORCHSCRIPT, weights("model.pt", "a torchscript module"));
        }
        return ModelBundle.write(dir, m.build());
    }

    private WeightsFile weights(String name, String content) throws Exception {
        Files.writeString(dir.resolve(name), content);
        return ModelBundle.describe(dir, name);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertFails(ThrowingCall call, Reason reason) {
        return assertThatThrownBy(call::run).isInstanceOfSatisfying(ModelLoadException.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void bothPresentAndBothServeTheBundle_onnxIsPreferredWhateverTheOrderGiven() throws Exception {
        ModelBundle both = bundle(true, true);
        Models models = Models.of(List.of(new FakeLoader.Djl(), new FakeLoader.Onnx()));
        assertThat(models.backends()).containsExactly("onnx", "djl");
        assertThat(models.choose(both).name()).isEqualTo("onnx");
        try (Model m = models.load(dir)) {
            assertThat(((FakeLoader.Loaded) m).backend()).isEqualTo("onnx");
            assertThat(((FakeLoader.Loaded) m).weights().format()).isEqualTo(ModelManifest.ONNX);
        }
    }

    @Test
    void anExplicitChoiceWins() throws Exception {
        bundle(true, true);
        FakeLoader.Djl djl = new FakeLoader.Djl();
        Models models = Models.of(List.of(new FakeLoader.Onnx(), djl));
        BackendOptions options = BackendOptions.builder().intraOpThreads(3).build();
        try (Model m = models.load(dir, "djl", options)) {
            assertThat(((FakeLoader.Loaded) m).backend()).isEqualTo("djl");
            assertThat(((FakeLoader.Loaded) m).weights().path()).isEqualTo(dir.resolve("model.pt"));
        }
        assertThat(djl.loadedWith).containsExactly(options);
    }

    @Test
    void onlyOneLoaderPresent_itServesWhatItCanRead() throws Exception {
        bundle(true, true);
        try (Model m = Models.of(List.of(new FakeLoader.Djl())).load(dir)) {
            assertThat(((FakeLoader.Loaded) m).backend()).isEqualTo("djl");
        }
        try (Model m = Models.of(List.of(new FakeLoader.Onnx())).load(dir)) {
            assertThat(((FakeLoader.Loaded) m).backend()).isEqualTo("onnx");
        }
    }

    @Test
    void aBundleNoLoaderPresentCanServeNamesItsWeightsTheLoadersAndTheArtifactToAdd() throws Exception {
        bundle(false, true);
        assertFails(() -> Models.of(List.of(new FakeLoader.Onnx())).load(dir), Reason.NO_LOADER)
                .hasMessageContaining("no model backend present can load bundle " + dir)
                .hasMessageContaining("its weights are [torchscript]")
                .hasMessageContaining("backends found: onnx (reads onnx)")
                .hasMessageContaining("add dev.candlesignal:signal-djl (backend djl) to the class path");
        assertFails(() -> Models.of(List.of()).load(dir), Reason.NO_LOADER).hasMessageContaining("backends found: none");
    }

    @Test
    void weightsInAFormatNoStandardBackendReadsAreNamed() throws Exception {
        ModelManifest m = ManifestFixtures.withoutWeights().weights("tflite", weights("model.tflite", "a tflite flatbuffer")).build();
        ModelBundle.write(dir, m);
        assertFails(() -> Models.of(List.of(new FakeLoader.Onnx(), new FakeLoader.Djl())).load(dir), Reason.NO_LOADER)
                .hasMessageContaining("its weights are [tflite]")
                .hasMessageContaining("backends found: onnx (reads onnx), djl (reads torchscript)")
                .hasMessageContaining("add a backend whose ModelLoader reads tflite");
    }

    @Test
    void anUnknownBackendNameListsTheAvailableOnes() throws Exception {
        bundle(true, true);
        Models models = Models.of(List.of(new FakeLoader.Djl(), new FakeLoader.Onnx()));
        assertFails(() -> models.load(dir, "tf"), Reason.NO_LOADER)
                .hasMessage("unknown backend 'tf' (available: onnx, djl)");
        assertFails(() -> Models.of(List.of(new FakeLoader.Onnx())).load(dir, "djl"), Reason.NO_LOADER)
                .hasMessage("backend 'djl' is not on the class path (available: onnx); add dev.candlesignal:signal-djl");
        assertFails(() -> Models.of(List.of()).named("onnx"), Reason.NO_LOADER)
                .hasMessageContaining("(available: none)").hasMessageContaining("add dev.candlesignal:signal-onnx");
    }

    @Test
    void anExplicitBackendThatCannotReadTheBundleSaysWhichCan() throws Exception {
        bundle(true, false);
        Models models = Models.of(List.of(new FakeLoader.Onnx(), new FakeLoader.Djl()));
        assertFails(() -> models.load(dir, "djl"), Reason.NO_WEIGHTS_FOR_BACKEND)
                .hasMessage("bundle " + dir + " has no torchscript weights for backend djl (it has [onnx]; backends "
                        + "present that can load it: onnx)");
    }

    @Test
    void otherBackendsComeAfterTheStandardOnesByName() throws Exception {
        ModelBundle onnxOnly = bundle(true, false);
        FakeLoader zeta = new FakeLoader("zeta", ModelManifest.ONNX);
        Models models = Models.of(List.of(zeta, new FakeLoader.Acme(), new FakeLoader.Djl(), new FakeLoader.Onnx()));
        assertThat(models.backends()).containsExactly("onnx", "djl", "acme", "zeta");
        assertThat(models.choose(onnxOnly).name()).isEqualTo("onnx");
        Models withoutOnnx = Models.of(List.of(zeta, new FakeLoader.Acme(), new FakeLoader.Djl()));
        assertThat(withoutOnnx.choose(onnxOnly).name()).isEqualTo("acme");
    }

    @Test
    void duplicateOrInvalidNamesAreRefused() {
        assertThatThrownBy(() -> Models.of(List.of(new FakeLoader.Onnx(), new FakeLoader("onnx", "x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two model loaders are named 'onnx'")
                .hasMessageContaining(FakeLoader.Onnx.class.getName()).hasMessageContaining(FakeLoader.class.getName());
        assertThatThrownBy(() -> Models.of(List.of(new FakeLoader("ONNX Runtime", "onnx"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is named 'ONNX Runtime'");
    }

    @Test
    void theOneVerificationRunsForWhicheverBackendIsChosen() throws Exception {
        bundle(true, true);
        Files.writeString(dir.resolve("model.pt"), "a torchscript MODULE"); // same size, other bytes
        Models models = Models.of(List.of(new FakeLoader.Onnx(), new FakeLoader.Djl()));
        try (Model m = models.load(dir)) {
            assertThat(((FakeLoader.Loaded) m).weights().file().file()).as("the onnx weights are intact").isEqualTo("model.onnx");
        }
        assertFails(() -> models.load(dir, "djl"), Reason.HASH_MISMATCH)
                .hasMessageContaining("torchscript weights file model.pt has SHA-256");
    }

    @Test
    void discoveryReadsServicesFilesInAStableOrder() throws Exception {
        Path classes = dir.resolve("services");
        Files.createDirectories(classes.resolve("META-INF/services"));
        Files.writeString(classes.resolve("META-INF/services/" + ModelLoader.class.getName()),
                "# test backends\n" + FakeLoader.Acme.class.getName() + "\n" + FakeLoader.Djl.class.getName() + "\n"
                        + FakeLoader.Onnx.class.getName() + "\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ModelsTest.class.getClassLoader())) {
            Models models = Models.discover(loader);
            assertThat(models.backends()).containsExactly("onnx", "djl", "acme");
            assertThat(models.loaders()).first().isInstanceOf(FakeLoader.Onnx.class);
        }
        assertThat(Models.discover().backends()).as("signal-api itself registers no backend").isEmpty();
    }

    @Test
    void discoveryFailsLoudlyOnTwoLoadersWithOneName() throws Exception {
        Path classes = dir.resolve("services");
        Files.createDirectories(classes.resolve("META-INF/services"));
        Files.writeString(classes.resolve("META-INF/services/" + ModelLoader.class.getName()),
                FakeLoader.Onnx.class.getName() + "\n" + Twin.class.getName() + "\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ModelsTest.class.getClassLoader())) {
            assertThatThrownBy(() -> Models.discover(loader)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("two model loaders are named 'onnx'");
        }
    }

    /** A second "onnx". */
    public static final class Twin extends FakeLoader {
        public Twin() {
            super("onnx", ModelManifest.ONNX);
        }
    }

    @Test
    void backendOptionsValidateAndNameTheBadValue() {
        assertThat(BackendOptions.defaults().intraOpThreads()).isEqualTo(1);
        assertThat(BackendOptions.defaults().gpuIndex()).isEmpty();
        BackendOptions gpu = BackendOptions.builder().gpu(1).intraOpThreads(0).build();
        assertThat(gpu.gpuIndex()).hasValue(1);
        assertThat(gpu.toBuilder().cpu().build()).isEqualTo(BackendOptions.builder().intraOpThreads(0).build());
        assertThat(gpu).hasToString("BackendOptions[GPU 1, intraOpThreads=backend default]");
        assertThatThrownBy(() -> BackendOptions.builder().intraOpThreads(-1)).hasMessageContaining("but was -1");
        assertThatThrownBy(() -> BackendOptions.builder().gpu(-2)).hasMessageContaining("but was -2");
    }
}
