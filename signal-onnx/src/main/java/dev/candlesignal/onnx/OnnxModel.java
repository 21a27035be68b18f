package dev.candlesignal.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.candlesignal.InferenceException;
import dev.candlesignal.ModelLoadException;
import dev.candlesignal.ModelLoadException.Reason;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.model.ModelSpec;
import dev.candlesignal.model.VerifiedWeights;
import dev.candlesignal.onnx.OnnxOptions.Provider;
import dev.candlesignal.onnx.internal.GraphContract;
import dev.candlesignal.onnx.internal.Sessions;
import dev.candlesignal.onnx.internal.SlotPool;
import dev.candlesignal.onnx.internal.TensorSlot;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Model} that runs a bundle's ONNX graph ({@code model.onnx}) with ONNX Runtime.
 *
 * <pre>{@code
 * try (OnnxModel model = OnnxModel.load(Path.of("models/btcusdt-1h"))) {
 *     float pUp = model.predict(window, 0);   // window: sequenceLength x featureCount scaled values
 * }
 * }</pre>
 *
 * <h2>Loading</h2>
 * Everything is checked before the model is returned, and a failure leaves nothing open: the manifest, and the
 * weights' size and SHA-256 on the very bytes handed to ONNX Runtime ({@link ModelBundle#readWeights}, the one
 * verification every backend uses: the file is read and hashed once, and a file swapped after
 * {@link ModelBundle#load} is caught); that ONNX Runtime accepts the graph; that its input {@code features} is
 * float32 {@code [batch, sequenceLength, featureCount]} and its output {@code probability} float32
 * {@code [batch, 1]} as the manifest says ({@link Reason#SHAPE_MISMATCH} otherwise); and a trial run on zero windows
 * (batch 1, and batch 2 when the batch axis is dynamic) must return probabilities. Whether the bundle's feature set
 * matches the data is checked by whoever feeds it: the {@code SignalEngine} refuses a model whose feature set id
 * or columns differ from its own.
 *
 * <h2>Execution</h2>
 * One {@link OrtEnvironment} per JVM (ONNX Runtime's own singleton; never closed here) and one session per model.
 * The hot path copies windows into reused direct, native-order buffers that ONNX Runtime reads in place, and ONNX
 * Runtime writes the probabilities into a reused output tensor: no tensor is created per call once a batch size
 * has been seen. A graph with a fixed batch size N is run in chunks of N, padding the last with zeros.
 * Every output is checked to be a probability in [0, 1] ({@link InferenceException} otherwise).
 *
 * <h2>Threading and ownership</h2>
 * Thread-safe: any number of threads may predict at once (ONNX Runtime sessions allow concurrent runs; each call
 * borrows its own buffers). The caller owns the model and must {@link #close()} it; {@code close()} waits for
 * predictions in progress, releases the session and buffers, and is idempotent. Predicting after close throws
 * {@link IllegalStateException}.
 */
public final class OnnxModel implements Model {
    private static final Logger log = LoggerFactory.getLogger(OnnxModel.class);

    /** Idle buffer sets kept for reuse, over all batch sizes. */
    private static final int MAX_IDLE_SLOTS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    /** Buffer sets above this size (a batch of ~2,400 windows of 60 x 28) are freed after use, not kept. */
    private static final long MAX_POOLED_SLOT_BYTES = 16L << 20;

    private final ModelManifest manifest;
    private final Path directory;
    private final ModelSpec spec;
    private final OrtSession session;
    private final Provider provider;
    private final OnnxOptions options;
    private final int fixedBatch;
    private final int windowSize;
    private final SlotPool pool;
    private final String name;
    /** Predictions hold the read lock; close() takes the write lock once they are done. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Set first by close(), so new predictions stop taking the read lock and close() cannot starve. */
    private final AtomicBoolean closed = new AtomicBoolean();

    private OnnxModel(ModelBundle bundle, OrtEnvironment env, Sessions.Created created, OnnxOptions options,
            int fixedBatch) {
        this.manifest = bundle.manifest();
        this.directory = bundle.directory();
        this.spec = bundle.spec();
        this.session = created.session();
        this.provider = created.provider();
        this.options = options;
        this.fixedBatch = fixedBatch;
        this.windowSize = spec.windowSize();
        this.name = "model " + spec.modelId() + " v" + spec.version();
        this.pool = new SlotPool(batch -> new TensorSlot(env, batch, spec.sequenceLength(), spec.featureCount()),
                MAX_IDLE_SLOTS, MAX_POOLED_SLOT_BYTES);
    }

    /** Loads the bundle in {@code bundleDir} with {@link OnnxOptions#defaults()} (CPU, one intra-op thread). */
    public static OnnxModel load(Path bundleDir) throws ModelLoadException {
        return load(bundleDir, OnnxOptions.defaults());
    }

    /** Loads the bundle in {@code bundleDir}. */
    public static OnnxModel load(Path bundleDir, OnnxOptions options) throws ModelLoadException {
        Objects.requireNonNull(bundleDir, "bundleDir");
        Objects.requireNonNull(options, "options");
        return load(ModelBundle.load(bundleDir), options);
    }

    /**
     * Loads a bundle's ONNX graph and checks it against the manifest (see the class documentation).
     *
     * @throws ModelLoadException {@link Reason#NO_WEIGHTS_FOR_BACKEND} if the bundle has no ONNX weights;
     *     {@link Reason#MISSING_FILE}, {@link Reason#TRUNCATED} or {@link Reason#HASH_MISMATCH} if the file is
     *     not the one the manifest describes; {@link Reason#SHAPE_MISMATCH} if the graph's input or output differs
     *     from the manifest; {@link Reason#BACKEND_ERROR} if ONNX Runtime refuses the graph, the trial run fails,
     *     or CUDA was requested and is unavailable (unless the options allow falling back to the CPU)
     */
    public static OnnxModel load(ModelBundle bundle, OnnxOptions options) throws ModelLoadException {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(options, "options");
        String source = "bundle " + bundle.directory();
        // the bytes ONNX Runtime gets are the bytes that were hashed: a file swapped after ModelBundle.load is caught
        VerifiedWeights weights = bundle.readWeights(ModelManifest.ONNX);
        Path file = weights.path();
        byte[] graph = weights.bytes();
        OrtEnvironment env;
        try {
            env = OrtEnvironment.getEnvironment();
        } catch (RuntimeException | LinkageError e) {
            throw new ModelLoadException(Reason.BACKEND_ERROR, source + ": ONNX Runtime's native library cannot be "
                    + "loaded on this platform (" + System.getProperty("os.name") + ", " + System.getProperty("os.arch")
                    + "): " + e, e);
        }
        Sessions.Created created = Sessions.create(env, graph, options, Sessions::availableProviders, source);
        OnnxModel model = null;
        try {
            int fixedBatch = GraphContract.check(created.session().getInputInfo(), created.session().getOutputInfo(),
                    bundle.spec(), source + " (" + file.getFileName() + ")");
            model = new OnnxModel(bundle, env, created, options, fixedBatch);
            model.trialRun(source);
        } catch (ModelLoadException | OrtException | RuntimeException e) {
            if (model != null) {
                model.close();
            } else {
                closeQuietly(created.session());
            }
            if (e instanceof ModelLoadException m) {
                throw m;
            }
            throw new ModelLoadException(Reason.BACKEND_ERROR, source + ": cannot inspect the ONNX graph: " + e, e);
        }
        log.info("loaded {} ({} {}) from {} on {} with {}", model.name, model.spec.featureSetId(),
                model.spec.shapeDescription(), bundle.directory(), model.provider, options);
        return model;
    }

    /** Runs zero windows through the graph; anything but probabilities means the graph is not usable. */
    private void trialRun(String source) throws ModelLoadException {
        int[] sizes = fixedBatch > 0 ? new int[] {1} : new int[] {1, 2};
        for (int n : sizes) {
            float[][] windows = new float[n][windowSize];
            float[] out = new float[n];
            try {
                predictBatch(windows, new int[n], n, out);
            } catch (InferenceException e) {
                throw new ModelLoadException(Reason.BACKEND_ERROR, source + ": trial run on " + n + " zero window"
                        + (n > 1 ? "s" : "") + " of " + spec.shapeDescription() + " failed: " + e.getMessage(), e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ Model

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public float predict(float[] window, int offset) {
        Objects.requireNonNull(window, "window");
        checkWindow(window, offset, "window");
        checkFinite(window, offset, 0, 1);
        enter();
        try {
            int batch = fixedBatch > 0 ? fixedBatch : 1;
            TensorSlot slot = borrow(batch);
            try {
                slot.put(0, window, offset);
                if (batch > 1) {
                    slot.clearFrom(1);
                }
                run(slot, 1);
                float p = slot.get(0);
                if (!isProbability(p)) {
                    throw notAProbability(p, 0, 1);
                }
                return p;
            } finally {
                pool.release(slot);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void predictBatch(float[][] windows, int[] offsets, int count, float[] out) {
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(offsets, "offsets");
        Objects.requireNonNull(out, "out");
        if (count < 0 || count > windows.length || count > offsets.length || count > out.length) {
            throw new IllegalArgumentException("count " + count + " must be >= 0 and fit windows (" + windows.length
                    + "), offsets (" + offsets.length + ") and out (" + out.length + ")");
        }
        for (int i = 0; i < count; i++) {
            Objects.requireNonNull(windows[i], "windows[" + i + "]");
            checkWindow(windows[i], offsets[i], "windows[" + i + "]");
            checkFinite(windows[i], offsets[i], i, count);
        }
        if (count == 0) {
            return;
        }
        enter();
        try {
            int chunk = fixedBatch > 0 ? fixedBatch : count;
            for (int start = 0; start < count; start += chunk) {
                int n = Math.min(chunk, count - start);
                TensorSlot slot = borrow(chunk);
                try {
                    for (int i = 0; i < n; i++) {
                        slot.put(i, windows[start + i], offsets[start + i]);
                    }
                    if (n < chunk) {
                        slot.clearFrom(n);
                    }
                    run(slot, n);
                    for (int i = 0; i < n; i++) {
                        float p = slot.get(i);
                        if (!isProbability(p)) {
                            throw notAProbability(p, start + i, count);
                        }
                    }
                    for (int i = 0; i < n; i++) {
                        out[start + i] = slot.get(i);
                    }
                } finally {
                    pool.release(slot);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    private void checkWindow(float[] window, int offset, String what) {
        if (offset < 0 || offset > window.length - windowSize) {
            throw new IllegalArgumentException(name + " needs windows of " + spec.sequenceLength() + " x "
                    + spec.featureCount() + " = " + windowSize + " values but " + what + " has " + window.length
                    + " values and offset " + offset);
        }
    }

    /** Takes the read lock, or throws if the model is closed (or closing). The caller unlocks. */
    private void enter() {
        if (!lock.readLock().tryLock()) {
            throw closedException();
        }
        if (closed.get()) {
            lock.readLock().unlock();
            throw closedException();
        }
    }

    private IllegalStateException closedException() {
        return new IllegalStateException(name + " (ONNX) is closed");
    }

    private TensorSlot borrow(int batch) {
        try {
            return pool.borrow(batch);
        } catch (Exception e) {
            throw new InferenceException(name + ": cannot allocate ONNX Runtime tensors for a batch of " + batch
                    + " windows: " + e, e);
        }
    }

    private void run(TensorSlot slot, int requested) {
        try (OrtSession.Result ignored = session.run(slot.inputs(), slot.pinnedOutputs())) {
            // ONNX Runtime wrote the probabilities into the slot's pinned output buffer
        } catch (OrtException e) {
            throw new InferenceException(name + ": ONNX Runtime failed on a batch of " + requested + " window"
                    + (requested == 1 ? "" : "s") + " (" + spec.shapeDescription() + "): " + e.getMessage(), e);
        }
    }

    private static boolean isProbability(float p) {
        return p >= 0f && p <= 1f; // false for NaN
    }

    /**
     * Refuses non-finite inputs before they reach ONNX Runtime: its LSTM and activation kernels clamp, so a NaN
     * window can come back as a plausible probability instead of NaN (observed with 1.29 on the fixtures).
     */
    private void checkFinite(float[] window, int offset, int index, int count) {
        for (int k = 0; k < windowSize; k++) {
            float x = window[offset + k];
            if (!Float.isFinite(x)) {
                throw new InferenceException(name + ": window " + index + (count > 1 ? " of " + count : "")
                        + " holds " + x + " at row " + k / spec.featureCount() + ", column '"
                        + spec.columns().get(k % spec.featureCount()) + "'; model inputs must be finite");
            }
        }
    }

    private InferenceException notAProbability(float p, int index, int count) {
        return new InferenceException(name + " returned " + p + " for window " + index + (count > 1 ? " of " + count
                : "") + ", which is not a probability in [0, 1] (the input was finite; does the graph end in a "
                + "sigmoid?)");
    }

    // ------------------------------------------------------------------------------------------------ extras

    /** The bundle's manifest (metrics, training range, lineage). */
    public ModelManifest manifest() {
        return manifest;
    }

    /** The bundle directory the model was loaded from. */
    public Path directory() {
        return directory;
    }

    /** Where the graph runs: CUDA, or CPU (also after a permitted fallback from CUDA). */
    public Provider provider() {
        return provider;
    }

    /** The options the model was loaded with. */
    public OnnxOptions options() {
        return options;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /** For tests: how many buffer sets were created so far (reuse keeps this flat). */
    long buffersCreated() {
        return pool.created();
    }

    /**
     * Waits for predictions in progress, then releases the session and the buffers. Idempotent. The shared
     * {@link OrtEnvironment} stays open.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        lock.writeLock().lock(); // waits for predictions in progress; new ones already see closed
        try {
            pool.close();
            closeQuietly(session);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException | RuntimeException e) {
            log.warn("closing an ONNX Runtime session failed", e);
        }
    }

    @Override
    public String toString() {
        return "OnnxModel[" + spec.modelId() + " v" + spec.version() + ", " + spec.shapeDescription() + ", " + provider
                + (closed.get() ? ", closed" : "") + "]";
    }
}
