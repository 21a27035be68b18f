package dev.candlesignal.djl;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import dev.candlesignal.InferenceException;
import dev.candlesignal.ModelLoadException;
import dev.candlesignal.ModelLoadException.Reason;
import dev.candlesignal.djl.internal.Output;
import dev.candlesignal.djl.internal.PredictorPool;
import dev.candlesignal.djl.internal.PyTorchRuntime;
import dev.candlesignal.djl.internal.WindowTranslator;
import dev.candlesignal.djl.internal.Windows;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.model.ModelSpec;
import dev.candlesignal.model.VerifiedWeights;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link Model} that runs a bundle's TorchScript weights ({@code model.pt}) on DJL's PyTorch engine (libtorch
 * 2.7.1 from Maven Central, nothing downloaded at run time; see {@code docs/djl.md}).
 *
 * <pre>{@code
 * try (DjlModel model = DjlModel.load(Path.of("models/demo-btcusdt-1h"))) {
 *     float pUp = model.predict(scaledWindow, 0);
 * }
 * }</pre>
 *
 * <p>Loading verifies the weights ({@link ModelBundle#readWeights}: size and SHA-256 of the bytes libtorch then
 * loads, the one verification every backend uses), checks that libtorch and its JNI library are on the classpath
 * (a missing jar is named with its Maven coordinates), starts the engine with DJL's telemetry opted out unless the
 * user chose otherwise, loads the module, and runs a probe window at batch 1 and batch 2 to check that the module
 * takes {@code [batch, sequenceLength, featureCount]} and returns {@code [batch, 1]}; nothing half-loaded is
 * returned.
 *
 * <p>Predictions run on a pool of DJL predictors ({@link DjlOptions#poolSize()}); each call creates its tensors on a
 * per-call NDManager that is closed before the call returns, also on failure. Batches larger than
 * {@value #MAX_CHUNK} windows are run as consecutive forward passes of at most that many windows, which bounds the
 * native memory a call can take.
 *
 * <p>Thread-safe. Owns native memory: {@link #close()} (idempotent) closes the predictors and the DJL model. Calls
 * after close fail with {@link IllegalStateException}; close waits up to {@value #CLOSE_WAIT_MILLIS} ms for
 * predictions still running.
 */
public final class DjlModel implements Model {

    /** Most windows per forward pass. */
    public static final int MAX_CHUNK = 512;

    static final long CLOSE_WAIT_MILLIS = 10_000;

    private final ModelSpec spec;
    private final DjlOptions options;
    private final String description;
    private final ai.djl.Model djlModel;
    private final PredictorPool<Predictor<Windows, Output>> pool;
    private final int intraOpThreads;
    private final Object closeLock = new Object();
    private boolean closed; // guarded by closeLock

    private DjlModel(ModelSpec spec, DjlOptions options, String description, ai.djl.Model djlModel,
            PredictorPool<Predictor<Windows, Output>> pool, int intraOpThreads) {
        this.spec = spec;
        this.options = options;
        this.description = description;
        this.djlModel = djlModel;
        this.pool = pool;
        this.intraOpThreads = intraOpThreads;
    }

    /**
     * Loads and verifies the bundle in {@code bundleDir} with {@link DjlOptions#defaults()}.
     *
     * @throws ModelLoadException if the bundle is missing, damaged or has no TorchScript weights, the DJL jars are
     *     incomplete, or the module does not take the manifest's input shape
     */
    public static DjlModel load(Path bundleDir) throws ModelLoadException {
        return load(ModelBundle.load(bundleDir), DjlOptions.defaults());
    }

    /**
     * Loads a verified bundle's TorchScript weights ({@link ModelManifest#TORCHSCRIPT}).
     *
     * @throws ModelLoadException with {@link Reason#NO_WEIGHTS_FOR_BACKEND} if the bundle has no TorchScript file,
     *     {@link Reason#SHAPE_MISMATCH} if the module rejects the manifest's input shape or returns another shape
     *     than {@code [batch, 1]}, {@link Reason#BACKEND_ERROR} if DJL or libtorch cannot be started (naming the
     *     missing jar), cannot read the file, or cannot use the requested device
     */
    public static DjlModel load(ModelBundle bundle, DjlOptions options) throws ModelLoadException {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(options, "options");
        // verified before the engine starts; libtorch then reads these bytes, not the file, so a file swapped
        // after verification cannot be loaded
        VerifiedWeights verified = bundle.readWeights(ModelManifest.TORCHSCRIPT);
        Path weights = verified.path();
        ModelSpec spec = bundle.spec();

        Engine engine = PyTorchRuntime.engine();
        Device device = Device.cpu();
        if (options.gpuIndex().isPresent()) {
            int index = options.gpuIndex().getAsInt();
            PyTorchRuntime.requireGpu(engine, index);
            device = Device.gpu(index);
        }
        PyTorchRuntime.applyInterOpThreads(options.interOpThreads());
        int intra = options.intraOpThreads().orElse(DjlOptions.defaultIntraOpThreads());
        String description = spec.modelId() + " v" + spec.version() + " (" + weights.getFileName() + ", "
                + PyTorchRuntime.describe(engine) + ", " + options.deviceName() + ")";

        ai.djl.Model djlModel = engine.newModel(spec.modelId(), device);
        PredictorPool<Predictor<Windows, Output>> pool = null;
        try {
            try (InputStream in = verified.newInputStream()) {
                // mapLocation: tensors saved on another device (a module traced on a GPU) load onto ours
                djlModel.load(in, Map.of("mapLocation", "true"));
            } catch (IOException | MalformedModelException | RuntimeException e) {
                throw new ModelLoadException(Reason.BACKEND_ERROR, "DJL/libtorch cannot load the TorchScript file "
                        + weights + ": " + firstLine(e), e);
            } finally {
                removeStreamLoadDirectory(djlModel);
            }
            checkLstmInputWidth(djlModel, spec, description);
            Device predictorDevice = device;
            pool = new PredictorPool<>(options.poolSize(),
                    () -> djlModel.newPredictor(new WindowTranslator(spec.sequenceLength(), spec.featureCount()),
                            predictorDevice),
                    "DjlModel " + description, CLOSE_WAIT_MILLIS);
            DjlModel model = new DjlModel(spec, options, description, djlModel, pool, intra);
            model.probe();
            return model;
        } catch (ModelLoadException | RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            djlModel.close();
            throw e;
        }
    }

    /**
     * DJL's PyTorch engine makes an empty temporary directory ({@code pt-model...}) as the "model path" of a module
     * loaded from a stream, and leaves it until the JVM exits; nothing is ever written to it. Remove it, so that
     * loading (and reloading) models leaves no trace in the temporary directory. Only an empty directory named
     * that way under {@code java.io.tmpdir} is touched.
     */
    private static void removeStreamLoadDirectory(ai.djl.Model djlModel) {
        removeStreamLoadDirectory(djlModel.getModelPath(), Path.of(System.getProperty("java.io.tmpdir")));
    }

    static void removeStreamLoadDirectory(Path dir, Path tmpRoot) {
        if (dir == null || dir.getFileName() == null || !dir.getFileName().toString().startsWith("pt-model")
                || !tmpRoot.toAbsolutePath().equals(dir.toAbsolutePath().getParent())) {
            return;
        }
        try {
            Files.deleteIfExists(dir); // refuses, and leaves it, if anything was written into it
        } catch (IOException e) {
            // left for DJL's delete-on-exit, as without this clean-up
        }
    }

    /**
     * Compares the first LSTM layer's input width with the manifest's feature count. The probe cannot catch this:
     * libtorch 2.7.1's CPU LSTM (as traced into TorchScript, without {@code nn.LSTM}'s Python-side input check)
     * runs a 28-feature module on 14-feature rows without complaint and returns a plausible probability. Modules
     * without a parameter named {@code ...weight_ih_l0} (not an {@code nn.LSTM}) are not checked here.
     */
    private static void checkLstmInputWidth(ai.djl.Model djlModel, ModelSpec spec, String description)
            throws ModelLoadException {
        for (var entry : djlModel.getBlock().getParameters()) {
            String name = entry.getKey();
            if (!name.endsWith("weight_ih_l0") && !name.endsWith("weight_ih_l0_reverse")) {
                continue;
            }
            long[] shape = entry.getValue().getArray().getShape().getShape();
            if (shape.length == 2 && shape[1] != spec.featureCount()) {
                throw new ModelLoadException(Reason.SHAPE_MISMATCH, "model " + description + " expects input "
                        + spec.shapeDescription() + " per the manifest, but the TorchScript module's first LSTM layer ("
                        + name + " " + Arrays.toString(shape) + ") reads " + shape[1] + " features per time step");
            }
        }
    }

    /** Runs zero windows at batch 1 and 2 and checks the output shape, so a wrong module fails at load. */
    private void probe() throws ModelLoadException {
        for (int batch = 1; batch <= 2; batch++) {
            float[][] windows = new float[batch][spec.windowSize()];
            Output out;
            try {
                out = forward(new Windows(windows, new int[batch], 0, batch));
            } catch (InferenceException e) {
                throw new ModelLoadException(Reason.SHAPE_MISMATCH, "model " + description + " expects input "
                        + spec.shapeDescription() + " per the manifest, but the TorchScript module rejected a ["
                        + batch + ", " + spec.sequenceLength() + ", " + spec.featureCount() + "] float32 input: "
                        + firstLine(e.getCause() == null ? e : e.getCause()), e);
            }
            if (out.tensors() != 1 || !Arrays.equals(out.shape(), new long[] {batch, 1})) {
                throw new ModelLoadException(Reason.SHAPE_MISMATCH, "model " + description + ": for an input of ["
                        + batch + ", " + spec.sequenceLength() + ", " + spec.featureCount() + "] the module must"
                        + " return one tensor of shape [" + batch + ", 1] but returned " + out.tensors()
                        + " tensor(s), the first of shape " + Arrays.toString(out.shape()));
            }
        }
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    /** The options this model was loaded with. */
    public DjlOptions options() {
        return options;
    }

    /** E.g. {@code fixture-lstm14-x3 v1 (model.pt, PyTorch 2.7.1 (DJL 0.35.1), cpu())}. */
    @Override
    public String toString() {
        return "DjlModel[" + description + "]";
    }

    @Override
    public float predict(float[] window, int offset) {
        checkWindow(window, offset, "window");
        float[] out = new float[1];
        run(Windows.single(window, offset), out, 0);
        return out[0];
    }

    @Override
    public void predictBatch(float[][] windows, int[] offsets, int count, float[] out) {
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(offsets, "offsets");
        Objects.requireNonNull(out, "out");
        if (count < 0 || count > windows.length || count > offsets.length || count > out.length) {
            throw new IllegalArgumentException("count " + count + " must be >= 0 and at most the lengths of windows ("
                    + windows.length + "), offsets (" + offsets.length + ") and out (" + out.length + ")");
        }
        for (int i = 0; i < count; i++) {
            checkWindow(windows[i], offsets[i], "windows[" + i + "]");
        }
        for (int from = 0; from < count; from += MAX_CHUNK) {
            run(new Windows(windows, offsets, from, Math.min(MAX_CHUNK, count - from)), out, from);
        }
    }

    private void checkWindow(float[] window, int offset, String name) {
        Objects.requireNonNull(window, name);
        int n = spec.windowSize();
        if (offset < 0 || offset > window.length - n) {
            throw new IllegalArgumentException(name + ": a window of " + spec.shapeDescription() + " = " + n
                    + " values at offset " + offset + " does not fit in an array of " + window.length);
        }
    }

    /** One forward pass; probabilities to {@code out[at ..]}. */
    private void run(Windows windows, float[] out, int at) {
        Output result = forward(windows);
        int n = windows.count();
        if (result.tensors() != 1 || !Arrays.equals(result.shape(), new long[] {n, 1})) {
            throw new InferenceException("model " + description + " returned " + result.tensors()
                    + " tensor(s), the first of shape " + Arrays.toString(result.shape()) + ", for " + n
                    + " window(s); expected one of shape [" + n + ", 1]");
        }
        float[] p = result.values();
        for (int i = 0; i < n; i++) {
            if (!(p[i] >= 0f && p[i] <= 1f)) { // also catches NaN
                throw new InferenceException("model " + description + " returned " + p[i] + " for window "
                        + (windows.from() + i) + ", which is not a probability");
            }
        }
        System.arraycopy(p, 0, out, at, n);
    }

    private Output forward(Windows windows) {
        Predictor<Windows, Output> predictor;
        try {
            predictor = pool.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceException("interrupted while waiting for a free predictor of " + description, e);
        }
        try {
            PyTorchRuntime.useIntraOpThreads(intraOpThreads);
            return predictor.predict(windows);
        } catch (TranslateException | EngineException e) {
            throw new InferenceException("model " + description + " failed on " + windows.count() + " window(s): "
                    + firstLine(e), e);
        } finally {
            pool.release(predictor);
        }
    }

    /** The "model path" DJL gave the module loaded from the verified bytes; for the clean-up test. */
    Path djlModelPath() {
        return djlModel.getModelPath();
    }

    /** NDArrays alive under this model's NDManager and its sub-managers (predictors, calls); for leak tests. */
    int liveArrays() {
        return djlModel.getNDManager().getManagedArrays().size();
    }

    /** Closes the predictors, then the DJL model (its module and native memory). Idempotent. */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (pool.shutdown()) {
            djlModel.close();
        }
        // else predictions are still running on the module after the wait: leaking it is safer than freeing it
    }

    private static String firstLine(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root && (root.getMessage() == null
                || root instanceof TranslateException)) {
            root = root.getCause();
        }
        String msg = String.valueOf(root.getMessage());
        int nl = msg.indexOf('\n');
        return root.getClass().getSimpleName() + ": " + (nl < 0 ? msg : msg.substring(0, nl));
    }
}
