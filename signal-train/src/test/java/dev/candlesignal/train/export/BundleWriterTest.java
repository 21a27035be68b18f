package dev.candlesignal.train.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.model.BackendOptions;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.model.ModelSpec;
import dev.candlesignal.model.Models;
import dev.candlesignal.spi.ModelLoader;
import dev.candlesignal.train.export.BundleWriteException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bundle writer's contract: a complete, verified bundle that both backends load; typed errors before anything
 * is written; and no target and no temporary directory after any failure or interrupt.
 */
class BundleWriterTest {
    private static final ExportFixture TINY = ExportFixture.load("tiny-lstm28");

    @TempDir
    Path parent;

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private static LstmWeights weights() {
        return TINY.weights(3);
    }

    private static ModelManifest.Builder manifest() {
        return Manifests.builder(TINY.inputSize(), TINY.sequenceLength());
    }

    private List<String> entries() throws IOException {
        try (Stream<Path> s = Files.list(parent)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesACompleteBundleThatBothBackendsLoad() throws Exception {
        Path target = parent.resolve("btcusdt-1h-v2");
        ModelBundle written = BundleWriter.create().write(weights(), manifest(), target);

        assertThat(entries()).containsExactly("btcusdt-1h-v2");
        try (Stream<Path> s = Files.list(target)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("manifest.json", "model.onnx", "model.pt");
        }
        ModelManifest m = written.manifest();
        assertThat(m).isEqualTo(ModelBundle.load(target).verify().manifest());
        assertThat(m.architecture()).isEqualTo(TINY.describe());
        assertThat(m.weights()).containsOnlyKeys("onnx", "torchscript");
        for (var e : m.weights().entrySet()) {
            byte[] bytes = Files.readAllBytes(target.resolve(e.getValue().file()));
            assertThat(e.getValue().bytes()).isEqualTo(bytes.length);
            assertThat(e.getValue().sha256())
                    .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        }
        assertThat(m.weights().get("onnx").file()).isEqualTo("model.onnx");
        assertThat(m.weights().get("torchscript").file()).isEqualTo("model.pt");
        // what the trainer filled in is kept
        assertThat(m.modelId()).isEqualTo("export-test");
        assertThat(m.metrics()).containsEntry("val_accuracy", 0.5);
        assertThat(m.sequenceLength()).isEqualTo(TINY.sequenceLength());

        Models models = Models.discover();
        assertThat(models.backends()).contains("onnx", "djl");
        float[] window = TINY.window(0);
        double expected = ReferenceLstm.probability(weights(), window, 0, TINY.sequenceLength());
        for (String backend : List.of("onnx", "djl")) {
            try (Model model = models.load(target, backend)) {
                assertThat((double) model.predict(window, 0)).as(backend)
                        .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    @Test
    void anExistingTargetIsRefusedAndLeftAlone() throws Exception {
        Path dir = Files.createDirectory(parent.resolve("existing"));
        assertThatThrownBy(() -> BundleWriter.create().write(weights(), manifest(), dir))
                .isInstanceOfSatisfying(BundleWriteException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.TARGET_EXISTS))
                .hasMessageContaining(dir.toString()).hasMessageContaining("a directory exists there");
        Path file = Files.writeString(parent.resolve("file"), "x");
        assertThatThrownBy(() -> BundleWriter.create().write(weights(), manifest(), file))
                .isInstanceOfSatisfying(BundleWriteException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.TARGET_EXISTS))
                .hasMessageContaining("a file exists there");
        Path link = Files.createSymbolicLink(parent.resolve("dangling"), parent.resolve("nowhere"));
        assertThatThrownBy(() -> BundleWriter.create().write(weights(), manifest(), link))
                .isInstanceOfSatisfying(BundleWriteException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.TARGET_EXISTS))
                .hasMessageContaining("a symbolic link exists there");
        assertThat(entries()).containsExactly("dangling", "existing", "file");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void aMissingParentIsRefused() {
        Path target = parent.resolve("missing/bundle");
        assertThatThrownBy(() -> BundleWriter.create().write(weights(), manifest(), target))
                .isInstanceOfSatisfying(BundleWriteException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.PARENT_MISSING))
                .hasMessageContaining(parent.resolve("missing") + " does not exist");
    }

    @Test
    void aParentThatIsAFileIsRefused() throws Exception {
        Path file = Files.writeString(parent.resolve("plain"), "x");
        assertThatThrownBy(() -> BundleWriter.create().write(weights(), manifest(), file.resolve("bundle")))
                .isInstanceOfSatisfying(BundleWriteException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.PARENT_MISSING))
                .hasMessageContaining(file + " is not a directory");
        assertThat(entries()).containsExactly("plain");
    }

    @Test
    void aManifestForAnotherInputWidthIsRefusedBeforeAnythingIsWritten() throws Exception {
        ModelManifest.Builder wrong = Manifests.builder(TINY.inputSize() + 1, TINY.sequenceLength());
        assertThatThrownBy(() -> BundleWriter.create().write(weights(), wrong, parent.resolve("b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the manifest lists 4 feature columns (test4) but the weights read 3 features");
        assertThat(entries()).isEmpty();
    }

    @Test
    void anIncompleteManifestIsRefusedNamingTheField() throws Exception {
        ModelManifest.Builder incomplete = ModelManifest.builder().modelId("m").version("1");
        assertThatThrownBy(() -> BundleWriter.create().write(weights(), incomplete, parent.resolve("b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("createdAt is required");
        assertThat(entries()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.onnx", "model.pt", "manifest.json", "verified"})
    void aFailureAtAnyStepLeavesNoTargetAndNoTemporaryDirectory(String step) throws Exception {
        Path target = parent.resolve("b");
        BundleWriter writer = BundleWriter.create().withCheckpoint(s -> {
            if (s.equals(step)) {
                throw new IOException("disk full (injected at " + s + ")");
            }
        });
        assertThatThrownBy(() -> writer.write(weights(), manifest(), target))
                .isInstanceOfSatisfying(BundleWriteException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.IO_ERROR))
                .hasMessageContaining("disk full (injected at " + step + ")");
        assertThat(entries()).isEmpty();
    }

    @Test
    void anUncheckedFailureLeavesNothingEither() throws Exception {
        BundleWriter writer = BundleWriter.create().withCheckpoint(s -> {
            if (s.equals("model.pt")) {
                throw new IllegalStateException("bug");
            }
        });
        assertThatThrownBy(() -> writer.write(weights(), manifest(), parent.resolve("b")))
                .isInstanceOf(BundleWriteException.class).hasMessageContaining("bug");
        assertThat(entries()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.onnx", "manifest.json", "verified"})
    void anInterruptAtAnyStepCancelsTheWriteAndKeepsTheFlag(String step) throws Exception {
        BundleWriter writer = BundleWriter.create().withCheckpoint(s -> {
            if (s.equals(step)) {
                Thread.currentThread().interrupt();
            }
        });
        assertThatThrownBy(() -> writer.write(weights(), manifest(), parent.resolve("b")))
                .isInstanceOfSatisfying(BundleWriteException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.INTERRUPTED))
                .hasMessageContaining("was interrupted; nothing was written");
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(entries()).isEmpty();
    }

    @Test
    void anInterruptedThreadWritesNothing() throws Exception {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> BundleWriter.create().write(weights(), manifest(), parent.resolve("b")))
                .isInstanceOfSatisfying(BundleWriteException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.INTERRUPTED));
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(entries()).isEmpty();
    }

    @Test
    void aBackendThatDisagreesWithTheReferenceFailsTheWrite() throws Exception {
        BundleWriter writer = BundleWriter.verifyingWith(Models.of(List.of(new FixedLoader(0.5f, null))));
        assertThatThrownBy(() -> writer.write(weights(), manifest(), parent.resolve("b")))
                .isInstanceOfSatisfying(BundleWriteException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.VERIFICATION_FAILED))
                .hasMessageContaining("backend fixed gives 0.5 on probe window 0")
                .hasMessageContaining("but the reference forward pass gives");
        assertThat(entries()).isEmpty();
    }

    @Test
    void aBackendThatCannotLoadTheBundleFailsTheWrite() throws Exception {
        ModelLoadException refusal = new ModelLoadException(ModelLoadException.Reason.SHAPE_MISMATCH, "refused");
        BundleWriter writer = BundleWriter.verifyingWith(Models.of(List.of(new FixedLoader(0.5f, refusal))));
        assertThatThrownBy(() -> writer.write(weights(), manifest(), parent.resolve("b")))
                .isInstanceOfSatisfying(BundleWriteException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.VERIFICATION_FAILED))
                .hasMessageContaining("does not load: refused");
        assertThat(entries()).isEmpty();
    }

    @Test
    void withoutBackendsOnlyHashesAndSizesAreChecked() throws Exception {
        Path target = parent.resolve("b");
        BundleWriter.verifyingWith(Models.of(List.of())).write(weights(), manifest(), target);
        assertThat(ModelBundle.load(target).verify().manifest().weights()).containsOnlyKeys("onnx", "torchscript");
    }

    @Test
    void leftoversOfDeadWritersAreRemovedAndOthersKept() throws Exception {
        long dead = deadPid();
        long live = ProcessHandle.current().parent().map(ProcessHandle::pid).orElseThrow();
        Path stale = Files.createDirectories(parent.resolve(".old.bundle-tmp-" + dead + "-0123456789abcdef/x"))
                .getParent();
        Files.writeString(stale.resolve("model.onnx"), "partial");
        Path running = Files.createDirectory(parent.resolve(".other.bundle-tmp-" + live + "-0123456789abcdef"));
        Path mine = Files.createDirectory(parent.resolve(".mine.bundle-tmp-" + ProcessHandle.current().pid()
                + "-0123456789abcdef"));
        Path unrelated = Files.createDirectory(parent.resolve(".cache"));
        Path oddName = Files.createDirectory(parent.resolve(".x.bundle-tmp-" + dead + "-short"));

        BundleWriter.verifyingWith(Models.of(List.of())).write(weights(), manifest(), parent.resolve("b"));

        assertThat(stale).doesNotExist();
        assertThat(running).isDirectory();
        assertThat(mine).isDirectory();
        assertThat(unrelated).isDirectory();
        assertThat(oddName).isDirectory();
    }

    /** A pid that no process has now: one of a child that has exited. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor();
        assertThat(ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        return p.pid();
    }

    /** A backend that reads the ONNX weights and answers a fixed probability, or refuses to load. */
    private record FixedLoader(float probability, ModelLoadException refusal) implements ModelLoader {
        @Override
        public String name() {
            return "fixed";
        }

        @Override
        public String weightsFormat() {
            return ModelManifest.ONNX;
        }

        @Override
        public Model load(ModelBundle bundle, BackendOptions options) throws ModelLoadException {
            if (refusal != null) {
                throw refusal;
            }
            ModelSpec spec = bundle.spec();
            return new Model() {
                @Override
                public ModelSpec spec() {
                    return spec;
                }

                @Override
                public float predict(float[] window, int offset) {
                    return probability;
                }

                @Override
                public void predictBatch(float[][] windows, int[] offsets, int count, float[] out) {
                    java.util.Arrays.fill(out, 0, count, probability);
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
