package dev.candlesignal.train.export;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.InferenceException;
import dev.candlesignal.io.AtomicFile;
import dev.candlesignal.model.BackendOptions;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.model.Models;
import dev.candlesignal.model.WeightsFile;
import dev.candlesignal.spi.ModelLoader;
import dev.candlesignal.train.export.BundleWriteException.Reason;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a trained {@link LstmWeights} model as a complete model bundle ({@code docs/model-bundle.md}):
 * {@code manifest.json}, {@code model.onnx} ({@link OnnxLstmGraph}, for ONNX Runtime) and {@code model.pt}
 * ({@link TorchScriptLstm}, for DJL), each listed in the manifest with its size and SHA-256.
 *
 * {@snippet :
 * ModelManifest.Builder manifest = ModelManifest.builder()
 *         .modelId("btcusdt-1h").version("2").createdAt(clock.instant())
 *         .featureSet(set.id(), set.columns()).sequenceLength(60).scaler(scaler).label(label)
 *         .training(trainingInfo).metric("val_accuracy", 0.53);   // architecture and weights: set by the writer
 * ModelBundle bundle = BundleWriter.create().write(weights, manifest, Path.of("models/btcusdt-1h-v2"));
 * }
 *
 * <h2>Atomic, as a directory</h2>
 * Everything is built in a temporary directory beside the target (same parent, so the final rename stays on one
 * file system), named {@code .<target name>.bundle-tmp-<pid>-<16 hex digits>}: each file is written with
 * {@link AtomicFile} (flushed, fsynced, the directory fsynced), then the bundle is verified, then the directory is
 * renamed to the target ({@code ATOMIC_MOVE}) and the parent directory fsynced. So a reader sees either no target
 * or the complete, verified bundle:
 * <ul>
 *   <li><b>Failure</b> (an exception, a failed verification, an interrupt of the calling thread): the temporary
 *       directory is deleted and nothing is at the target. The one exception: if fsyncing the parent fails after
 *       the rename, the bundle is complete at the target and the {@link BundleWriteException} says so.</li>
 *   <li><b>Kill</b> (SIGKILL, power loss): at most a temporary directory is left behind. Every write removes the
 *       temporary directories of this writer's naming in the same parent whose process is no longer alive.</li>
 *   <li>The target must not exist ({@link Reason#TARGET_EXISTS}); a bundle is never overwritten. A directory
 *       that another process creates at the target between that check and the rename, if it is empty, is
 *       replaced (POSIX {@code rename}); a non-empty one makes the rename fail.</li>
 * </ul>
 *
 * <h2>Verification</h2>
 * Before the rename the bundle is loaded as a user would load it: {@link ModelBundle#load} and
 * {@link ModelBundle#verify()} (sizes, SHA-256), then each backend present in the {@link Models} this writer was
 * given (by default those {@link Models#discover() discovered} on the class path: {@code onnx} with signal-onnx,
 * {@code djl} with signal-djl) loads its weights with its load-time checks and runs {@value #PROBE_COUNT} probe
 * windows (zeros, standard normal, 4 x standard normal, and a batch of three) whose probabilities must equal
 * {@link ReferenceLstm}'s within {@value #TOLERANCE}. A weights format no backend present reads is logged as not
 * verified on a backend (its hash and size are still checked).
 *
 * <p>Thread-safe and immutable; concurrent writes to different targets are independent. Blocking: a write takes
 * about as long as loading the bundle on each backend.
 */
public final class BundleWriter {

    /** Most |backend - reference| accepted on a probe window (float32 backends against a double reference). */
    public static final double TOLERANCE = 1e-5;
    /** Probe windows run on each backend. */
    public static final int PROBE_COUNT = 6;

    static final String ONNX_FILE = "model.onnx";
    static final String TORCHSCRIPT_FILE = "model.pt";
    static final String TEMP_INFIX = ".bundle-tmp-";

    private static final Logger LOG = LoggerFactory.getLogger(BundleWriter.class);
    private static final int MAX_NAME_PART = 100;
    private static final long PROBE_SEED = 0x5EED_B0D1EL;

    /** Where a test can interrupt the write: after each file, after verification. */
    interface Checkpoint {
        Checkpoint NONE = step -> { };

        void reached(String step) throws IOException;
    }

    private final Models models;
    private final Checkpoint checkpoint;

    private BundleWriter(Models models, Checkpoint checkpoint) {
        this.models = models;
        this.checkpoint = checkpoint;
    }

    /** A writer that verifies on the backends found on the class path ({@link Models#discover()}). */
    public static BundleWriter create() {
        return new BundleWriter(Models.discover(), Checkpoint.NONE);
    }

    /** A writer that verifies on exactly these backends ({@code Models.of(List.of())}: hashes and sizes only). */
    public static BundleWriter verifyingWith(Models models) {
        return new BundleWriter(Objects.requireNonNull(models, "models"), Checkpoint.NONE);
    }

    /** This writer with a checkpoint (tests). */
    BundleWriter withCheckpoint(Checkpoint checkpoint) {
        return new BundleWriter(models, Objects.requireNonNull(checkpoint, "checkpoint"));
    }

    /**
     * Writes {@code weights} with the manifest data in {@code manifest} as a bundle at {@code target}.
     *
     * <p>The writer sets the builder's {@code architecture} ({@link ArchitectureDescription#of}) and its
     * {@code onnx} and {@code torchscript} weights entries; everything else (id, version, parent version, creation
     * time, feature set and columns, sequence length, scaler, label, training info, metrics) comes from the caller.
     *
     * @return the bundle as written (loaded from {@code target})
     * @throws IllegalArgumentException if the manifest is incomplete or inconsistent (its message names the field),
     *     lists other weights formats, or lists another number of feature columns than the weights' input width;
     *     nothing is written then
     * @throws BundleWriteException {@link Reason#TARGET_EXISTS}, {@link Reason#PARENT_MISSING} before anything is
     *     written; {@link Reason#BACKEND_ERROR} if libtorch cannot build {@code model.pt};
     *     {@link Reason#IO_ERROR}, {@link Reason#VERIFICATION_FAILED}, {@link Reason#INTERRUPTED}
     */
    public ModelBundle write(LstmWeights weights, ModelManifest.Builder manifest, Path target)
            throws BundleWriteException {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(target, "target");
        ModelManifest draft = draft(weights, manifest);
        Path dir = target.toAbsolutePath().normalize();
        Path parent = dir.getParent();
        if (parent == null || dir.getFileName() == null) {
            throw new BundleWriteException(Reason.PARENT_MISSING, "cannot write a bundle at " + target
                    + ": it has no parent directory");
        }
        if (!Files.isDirectory(parent)) {
            throw new BundleWriteException(Reason.PARENT_MISSING, "cannot write a bundle at " + target + ": its parent "
                    + parent + (Files.exists(parent) ? " is not a directory" : " does not exist"));
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw targetExists(target, dir);
        }
        removeLeftovers(parent);
        checkInterrupt(target);

        // the content first: a failure here leaves nothing on disk
        byte[] onnx = OnnxLstmGraph.toBytes(weights, draft.sequenceLength());
        byte[] torchscript = TorchScriptLstm.toBytes(weights);
        checkInterrupt(target);

        Path temp = createTempDirectory(parent, dir);
        boolean renamed = false;
        try {
            AtomicFile.write(temp.resolve(ONNX_FILE), out -> out.write(onnx));
            checkpoint.reached(ONNX_FILE);
            AtomicFile.write(temp.resolve(TORCHSCRIPT_FILE), out -> out.write(torchscript));
            checkpoint.reached(TORCHSCRIPT_FILE);
            ModelManifest full = draft.toBuilder()
                    .weights(ModelManifest.ONNX, ModelBundle.describe(temp, ONNX_FILE))
                    .weights(ModelManifest.TORCHSCRIPT, ModelBundle.describe(temp, TORCHSCRIPT_FILE))
                    .build();
            ModelBundle.write(temp, full);
            checkpoint.reached(ModelBundle.MANIFEST_FILE);
            List<String> backends = verify(temp, weights, target);
            checkpoint.reached("verified");
            checkInterrupt(target);
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw targetExists(target, dir);
            }
            rename(temp, dir);
            renamed = true;
            LOG.info("wrote model bundle {} ({} {} B, {} {} B), verified on {}", dir, ONNX_FILE, onnx.length,
                    TORCHSCRIPT_FILE, torchscript.length, backends.isEmpty() ? "no backend (hashes only)" : backends);
        } catch (BundleWriteException e) {
            throw e;
        } catch (ModelLoadException e) {
            throw failure(Reason.VERIFICATION_FAILED, "the bundle written for " + target + " does not load: "
                    + e.getMessage(), e, target);
        } catch (IOException | RuntimeException e) {
            throw failure(Reason.IO_ERROR, "cannot write the bundle " + target + ": " + e, e, target);
        } finally {
            if (!renamed) {
                deleteRecursively(temp);
            }
        }
        try {
            syncDirectory(parent);
        } catch (IOException e) {
            throw new BundleWriteException(Reason.IO_ERROR, "the bundle " + target + " was written completely, but "
                    + "its parent directory could not be synced, so a power loss may still lose it: " + e, e);
        }
        try {
            return ModelBundle.load(dir);
        } catch (ModelLoadException e) {
            throw new BundleWriteException(Reason.IO_ERROR, "the bundle " + target + " was written but cannot be read"
                    + " back: " + e.getMessage(), e);
        }
    }

    /** The manifest with placeholder weights: checks every field before anything is written. */
    private static ModelManifest draft(LstmWeights weights, ModelManifest.Builder manifest) {
        WeightsFile placeholder = new WeightsFile("placeholder", "0".repeat(64), 1);
        ModelManifest draft = manifest.architecture(ArchitectureDescription.of(weights))
                .weights(ModelManifest.ONNX, placeholder)
                .weights(ModelManifest.TORCHSCRIPT, placeholder)
                .build();
        Set<String> formats = new TreeSet<>(draft.weights().keySet());
        if (!formats.equals(Set.of(ModelManifest.ONNX, ModelManifest.TORCHSCRIPT))) {
            throw new IllegalArgumentException("the manifest lists weights formats " + formats + "; a bundle writer"
                    + " writes exactly onnx and torchscript (build the manifest without other weights)");
        }
        if (draft.columns().size() != weights.inputSize()) {
            throw new IllegalArgumentException("the manifest lists " + draft.columns().size() + " feature columns ("
                    + draft.featureSetId() + ") but the weights read " + weights.inputSize() + " features per candle ("
                    + ArchitectureDescription.of(weights) + ")");
        }
        return draft;
    }

    /** Loads the bundle in {@code dir} on each backend present and compares probe outputs with the reference. */
    private List<String> verify(Path dir, LstmWeights weights, Path target)
            throws ModelLoadException, BundleWriteException {
        ModelBundle bundle = ModelBundle.load(dir).verify();
        int seq = bundle.spec().sequenceLength();
        float[][] probes = probes(seq * weights.inputSize());
        double[] expected = new double[probes.length];
        for (int i = 0; i < probes.length; i++) {
            expected[i] = ReferenceLstm.probability(weights, probes[i], 0, seq);
        }
        List<String> used = new ArrayList<>();
        Set<String> unverified = new TreeSet<>(bundle.manifest().weights().keySet());
        for (ModelLoader loader : models.loaders()) {
            if (!loader.canLoad(bundle)) {
                continue;
            }
            checkInterrupt(target);
            float[] got = new float[probes.length];
            try (Model model = loader.load(bundle, BackendOptions.defaults())) {
                got[0] = model.predict(probes[0], 0);
                got[1] = model.predict(probes[1], 0);
                got[2] = model.predict(probes[2], 0);
                float[] batch = model.predictBatch(new float[][] {probes[3], probes[4], probes[5]});
                System.arraycopy(batch, 0, got, 3, batch.length);
            } catch (InferenceException e) {
                throw failure(Reason.VERIFICATION_FAILED, "backend " + loader.name() + " failed on the probe windows of"
                        + " the bundle written for " + target + ": " + e.getMessage(), e, target);
            }
            for (int i = 0; i < probes.length; i++) {
                double diff = Math.abs(got[i] - expected[i]);
                if (!(diff <= TOLERANCE)) {
                    throw new BundleWriteException(Reason.VERIFICATION_FAILED, "backend " + loader.name() + " gives "
                            + got[i] + " on probe window " + i + " of the bundle written for " + target
                            + " but the reference forward pass gives " + expected[i] + " (|difference| " + diff
                            + " > " + TOLERANCE + ")");
                }
            }
            used.add(loader.name());
            unverified.remove(loader.weightsFormat());
        }
        if (!unverified.isEmpty()) {
            LOG.warn("{}: the {} weights were checked for size and SHA-256 only: no backend for them is present"
                    + " (backends: {})", target, unverified, models.backends());
        }
        return used;
    }

    /** Zeros, N(0, 1), 4 x N(0, 1), and three N(0, 1) windows for a batch; seeded, so every write probes the same. */
    static float[][] probes(int size) {
        SplittableRandom random = new SplittableRandom(PROBE_SEED);
        float[][] probes = new float[PROBE_COUNT][size];
        for (int i = 1; i < PROBE_COUNT; i++) {
            double scale = i == 2 ? 4.0 : 1.0;
            for (int j = 0; j < size; j++) {
                probes[i][j] = (float) (scale * gaussian(random));
            }
        }
        return probes;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller spelled out: the JDK's nextGaussian algorithm is not specified, this keeps the probes fixed
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }

    private static BundleWriteException targetExists(Path target, Path dir) {
        String what = Files.isSymbolicLink(dir) ? "a symbolic link" : Files.isDirectory(dir) ? "a directory"
                : "a file";
        return new BundleWriteException(Reason.TARGET_EXISTS, "cannot write a bundle at " + target + ": " + what
                + " exists there (a bundle is never overwritten; choose a new directory)");
    }

    private static void checkInterrupt(Path target) throws BundleWriteException {
        if (Thread.currentThread().isInterrupted()) {
            throw new BundleWriteException(Reason.INTERRUPTED, "writing the bundle " + target + " was interrupted;"
                    + " nothing was written");
        }
    }

    /** {@code reason}, or {@link Reason#INTERRUPTED} when the thread was interrupted (its flag stays set). */
    private static BundleWriteException failure(Reason reason, String message, Throwable cause, Path target) {
        if (Thread.currentThread().isInterrupted() || cause instanceof java.nio.channels.ClosedByInterruptException
                || cause.getCause() instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new BundleWriteException(Reason.INTERRUPTED, "writing the bundle " + target + " was interrupted;"
                    + " nothing was written", cause);
        }
        return new BundleWriteException(reason, message, cause);
    }

    static String tempPrefix(Path dir) {
        String name = dir.getFileName().toString();
        return "." + (name.length() > MAX_NAME_PART ? name.substring(0, MAX_NAME_PART) : name) + TEMP_INFIX;
    }

    private static Path createTempDirectory(Path parent, Path dir) throws BundleWriteException {
        SplittableRandom random = new SplittableRandom();
        for (int attempt = 0; ; attempt++) {
            Path temp = parent.resolve(tempPrefix(dir) + ProcessHandle.current().pid() + "-"
                    + String.format("%016x", random.nextLong()));
            try {
                return Files.createDirectory(temp);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw new BundleWriteException(Reason.IO_ERROR, "cannot create a temporary directory in " + parent
                            + ": " + e, e);
                }
            } catch (IOException e) {
                throw new BundleWriteException(Reason.IO_ERROR, "cannot create a temporary directory in " + parent
                        + " (is it writable?): " + e, e);
            }
        }
    }

    /**
     * Deletes this writer's temporary directories in {@code parent} whose process is gone: a write killed before its
     * rename. Best effort; those of live processes (possibly writing now) and unparsable names are kept.
     */
    static void removeLeftovers(Path parent) {
        long self = ProcessHandle.current().pid();
        try (var entries = Files.newDirectoryStream(parent, p -> p.getFileName().toString().startsWith("."))) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                int at = name.lastIndexOf(TEMP_INFIX);
                if (at < 2) {
                    continue;
                }
                String rest = name.substring(at + TEMP_INFIX.length());
                int dash = rest.indexOf('-');
                if (dash <= 0 || rest.length() - dash - 1 != 16
                        || !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                long pid;
                try {
                    Long.parseUnsignedLong(rest.substring(dash + 1), 16);
                    pid = Long.parseLong(rest.substring(0, dash));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid != self && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    LOG.info("removing {}: the temporary directory of a bundle write that did not finish (process {}"
                            + " is gone)", p, pid);
                    deleteRecursively(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not look for leftover temporary bundle directories in {}: {}", parent, e.toString());
        }
    }

    /** Deletes a directory tree without following links; best effort (a leftover is removed by a later write). */
    static void deleteRecursively(Path root) {
        try {
            if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                try (var entries = Files.newDirectoryStream(root)) {
                    for (Path p : entries) {
                        deleteRecursively(p);
                    }
                }
            }
            Files.deleteIfExists(root);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not delete {} ({}); the next bundle write in its directory removes it", root, e.toString());
        }
    }

    private static void rename(Path temp, Path dir) throws IOException {
        try {
            Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // same parent: only a file system without rename gets here; a plain move is the best it offers
            Files.move(temp, dir);
        }
    }

    /** Flushes the directory's entries (the rename) to the device where the platform can open a directory. */
    private static void syncDirectory(Path dir) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException e) {
            return; // Windows cannot open a directory; the rename itself is done
        }
        try (channel) {
            channel.force(true);
        }
    }
}
