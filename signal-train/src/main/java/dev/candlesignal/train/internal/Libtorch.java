package dev.candlesignal.train.internal;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.pytorch.jni.JniUtils;
import dev.candlesignal.ModelLoadException;
import dev.candlesignal.djl.PyTorchEngine;
import dev.candlesignal.training.TrainingException;
import dev.candlesignal.training.TrainingException.Reason;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's access to libtorch: the engine started exactly as the DJL backend starts it
 * ({@link PyTorchEngine#start()}: offline classpath check, telemetry opt-out), the device, and the thread settings.
 *
 * <p>libtorch's thread settings are not per training (the rules signal-djl's models follow too): the intra-op count
 * is OpenMP's per-OS-thread setting, which a training sets on its own (the calling) thread and restores afterwards;
 * the inter-op pool is process-wide and can be sized only once per process (a training never uses it: it runs no
 * TorchScript forks).
 *
 * <p>Stateless; thread-safe.
 */
public final class Libtorch {
    private static final Logger LOG = LoggerFactory.getLogger(Libtorch.class);
    private static final String INTEROP_PROPERTY = "ai.djl.pytorch.num_interop_threads";

    private Libtorch() {
    }

    /** The started engine, e.g. to ask for its version. */
    public static Engine engine() throws TrainingException {
        try {
            PyTorchEngine.start();
            return Engine.getEngine("PyTorch");
        } catch (ModelLoadException e) {
            throw new TrainingException(Reason.BACKEND_ERROR, e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new TrainingException(Reason.BACKEND_ERROR, "cannot start DJL's PyTorch engine: " + e, e);
        }
    }

    /** E.g. {@code PyTorch 2.7.1 (DJL 0.35.1)}. */
    public static String describe(Engine engine) {
        return engine.getEngineName() + " " + engine.getVersion() + " (DJL " + Engine.getDjlVersion() + ")";
    }

    /**
     * The DJL device: the CPU, or CUDA device 0.
     *
     * @throws TrainingException ({@link Reason#DEVICE_UNAVAILABLE}) if a GPU is asked for and libtorch has no CUDA
     *     or sees no device
     */
    public static Device device(Engine engine, boolean gpu) throws TrainingException {
        if (!gpu) {
            return Device.cpu();
        }
        if (!engine.hasCapability(StandardCapabilities.CUDA)) {
            throw new TrainingException(Reason.DEVICE_UNAVAILABLE, "device gpu requested, but the libtorch on the"
                    + " class path is the CPU build (" + describe(engine) + "). Training on a GPU needs a CUDA"
                    + " libtorch: the djl-cu124 profile of signal-djl (ai.djl.pytorch:pytorch-native-cu124:2.5.1 with"
                    + " DJL 0.32.0), or PYTORCH_LIBRARY_PATH pointing at a CUDA 12.8 libtorch 2.7.1 with"
                    + " PYTORCH_FLAVOR=cu128; see docs/djl.md");
        }
        int count = engine.getGpuCount();
        if (count < 1) {
            throw new TrainingException(Reason.DEVICE_UNAVAILABLE, "device gpu requested, but libtorch ("
                    + describe(engine) + ") sees no CUDA device (driver missing, or CUDA_VISIBLE_DEVICES empty?)");
        }
        return Device.gpu(0);
    }

    /**
     * Sets the calling thread's intra-op threads to {@code threads}.
     *
     * @return the previous value, for {@link #restoreIntraOpThreads}
     */
    public static int useIntraOpThreads(int threads) {
        int previous = JniUtils.getNumThreads();
        if (previous != threads) {
            JniUtils.setNumThreads(threads);
        }
        return previous;
    }

    /** Puts the calling thread's intra-op threads back. */
    public static void restoreIntraOpThreads(int previous) {
        if (JniUtils.getNumThreads() != previous) {
            JniUtils.setNumThreads(previous);
        }
    }

    /**
     * Applies a requested inter-op thread count, or 1 when none is requested and the process has not fixed one
     * (the rule of signal-djl's models).
     *
     * @return the count in effect
     * @throws TrainingException ({@link Reason#BACKEND_ERROR}) if the requested count cannot be applied because the
     *     process-wide value is already fixed at another one
     */
    public static int applyInterOpThreads(OptionalInt requested) throws TrainingException {
        int current = JniUtils.getNumInteropThreads();
        int want = requested.orElse(1);
        if (current == want || (requested.isEmpty() && System.getProperty(INTEROP_PROPERTY) != null)) {
            return current;
        }
        try {
            JniUtils.setNumInteropThreads(want);
        } catch (RuntimeException e) {
            // fixed earlier in this process (libtorch allows it once, before the pool starts)
            LOG.debug("libtorch inter-op threads stay at {}: {}", current, e.getMessage());
        }
        int now = JniUtils.getNumInteropThreads();
        if (requested.isPresent() && now != want) {
            throw new TrainingException(Reason.BACKEND_ERROR, "interOpThreads(" + want + ") cannot be applied:"
                    + " libtorch's inter-op pool is process-wide, can be sized only once, and is already fixed at "
                    + now + " threads in this process; leave interOpThreads unset, or request " + now);
        }
        return now;
    }
}
