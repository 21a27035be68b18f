package dev.candlesignal.djl.internal;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.engine.StandardCapabilities;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Utils;
import dev.candlesignal.ModelLoadException;
import dev.candlesignal.ModelLoadException.Reason;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts DJL's PyTorch engine offline and applies libtorch's thread settings.
 *
 * <p>Thread counts in libtorch are not per model:
 * <ul>
 *   <li>intra-op threads are OpenMP's {@code nthreads} setting, kept per OS thread; {@code at::set_num_threads} sets it
 *   for the calling thread and records it as the default a thread picks up the first time it runs parallel work.
 *   {@link #useIntraOpThreads} therefore sets it on the calling thread, and only when it differs.
 *   <li>inter-op threads size one process-wide pool and can be set only once, before that pool starts.
 * </ul>
 *
 * <p>Stateless (the state is libtorch's); thread-safe.
 */
public final class PyTorchRuntime {

    /** DJL's name for the engine. */
    public static final String ENGINE = "PyTorch";

    private static final Logger LOG = LoggerFactory.getLogger(PyTorchRuntime.class);
    private static final String INTEROP_PROPERTY = "ai.djl.pytorch.num_interop_threads";

    private PyTorchRuntime() {
    }

    /**
     * The PyTorch engine, started if needed: the classpath is checked first (nothing may be downloaded), and DJL's
     * engine class is initialised with telemetry opted out unless the user chose otherwise.
     *
     * @throws ModelLoadException ({@link Reason#BACKEND_ERROR}) naming the missing jar or the engine's failure
     */
    public static Engine engine() throws ModelLoadException {
        Optional<String> problem;
        try {
            problem = NativeLibraryCheck.problem();
        } catch (RuntimeException | AssertionError e) {
            throw new ModelLoadException(Reason.BACKEND_ERROR, "cannot inspect the DJL PyTorch jars on the classpath: "
                    + e, e);
        }
        if (problem.isPresent()) {
            throw new ModelLoadException(Reason.BACKEND_ERROR, "DJL PyTorch engine not usable offline: "
                    + problem.get());
        }
        try {
            TelemetryOptOut.initialiseEngineClass();
            return Engine.getEngine(ENGINE);
        } catch (EngineException | IllegalArgumentException | IllegalStateException e) {
            throw new ModelLoadException(Reason.BACKEND_ERROR, "cannot start DJL's PyTorch engine (libtorch cache "
                    + Utils.getEngineCacheDir("pytorch") + "): " + e.getMessage(), e);
        } catch (UnsatisfiedLinkError e) {
            throw new ModelLoadException(Reason.BACKEND_ERROR, "cannot load libtorch (cache "
                    + Utils.getEngineCacheDir("pytorch") + "): " + e.getMessage(), e);
        }
    }

    /** E.g. {@code PyTorch 2.7.1 (DJL 0.35.1)}. */
    public static String describe(Engine engine) {
        return engine.getEngineName() + " " + engine.getVersion() + " (DJL " + Engine.getDjlVersion() + ")";
    }

    /**
     * Checks that {@code gpu(index)} can be used: libtorch built with CUDA and the device visible.
     *
     * @throws ModelLoadException ({@link Reason#BACKEND_ERROR}) naming the Maven coordinates for CUDA
     */
    public static void requireGpu(Engine engine, int index) throws ModelLoadException {
        if (!engine.hasCapability(StandardCapabilities.CUDA)) {
            throw new ModelLoadException(Reason.BACKEND_ERROR, "gpu(" + index + ") requested, but the libtorch on the"
                    + " classpath is the CPU build (" + describe(engine) + ", libtorch in " + libtorchDir() + ")."
                    + " Maven Central has no CUDA libtorch for DJL 0.35.1; the newest all-Central GPU set is"
                    + " ai.djl:api:0.32.0, ai.djl.pytorch:pytorch-engine:0.32.0,"
                    + " ai.djl.pytorch:pytorch-jni:2.5.1-0.32.0"
                    + " and ai.djl.pytorch:pytorch-native-cu124:2.5.1:linux-x86_64 (CUDA 12.4), or keep DJL 0.35.1"
                    + " and point PYTORCH_LIBRARY_PATH at a CUDA 12.8 libtorch 2.7.1 with PYTORCH_FLAVOR=cu128"
                    + " (see docs/djl.md)");
        }
        int count = engine.getGpuCount();
        if (index >= count) {
            throw new ModelLoadException(Reason.BACKEND_ERROR, "gpu(" + index + ") requested, but libtorch sees "
                    + count + " CUDA device" + (count == 1 ? "" : "s") + " (" + describe(engine) + ")");
        }
    }

    private static String libtorchDir() {
        try {
            return ai.djl.pytorch.jni.LibUtils.getLibtorchPath();
        } catch (RuntimeException e) {
            return "(unknown)";
        }
    }

    /**
     * Applies a requested inter-op thread count, or 1 when none was requested and the process has not fixed one.
     *
     * @return the inter-op thread count in effect
     * @throws ModelLoadException ({@link Reason#BACKEND_ERROR}) if a requested count cannot be applied because the
     *     process-wide value is already fixed at another one
     */
    public static int applyInterOpThreads(OptionalInt requested) throws ModelLoadException {
        int current = JniUtils.getNumInteropThreads();
        if (requested.isEmpty()) {
            if (System.getProperty(INTEROP_PROPERTY) == null && current != 1) {
                try {
                    JniUtils.setNumInteropThreads(1);
                } catch (RuntimeException e) {
                    // fixed earlier in this process (by another library or model): keep it, as documented
                    LOG.debug("libtorch inter-op threads stay at {}: {}", current, e.getMessage());
                }
            }
            return JniUtils.getNumInteropThreads();
        }
        int want = requested.getAsInt();
        if (current != want) {
            try {
                JniUtils.setNumInteropThreads(want);
            } catch (RuntimeException e) {
                LOG.debug("cannot set libtorch inter-op threads to {}: {}", want, e.getMessage());
            }
            int now = JniUtils.getNumInteropThreads();
            if (now != want) {
                throw new ModelLoadException(Reason.BACKEND_ERROR, "interOpThreads(" + want + ") cannot be applied:"
                        + " libtorch's inter-op pool is process-wide, can be sized only once, and is already fixed at "
                        + now + " threads in this process (by an earlier model, or -D" + INTEROP_PROPERTY + "). Leave"
                        + " interOpThreads unset to use the process's value, or request " + now);
            }
        }
        return want;
    }

    /** Sets the calling thread's intra-op thread count if it differs (a JNI read per call, a write only on change). */
    public static void useIntraOpThreads(int threads) {
        if (JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
    }
}
