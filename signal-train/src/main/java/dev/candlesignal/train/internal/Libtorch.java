package dev.candlesignal.train.internal;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.candlesignal.ModelLoadException;
import dev.candlesignal.djl.internal.PyTorchRuntime;
import dev.candlesignal.training.TrainingException;
import dev.candlesignal.training.TrainingException.Reason;
import java.util.OptionalInt;

/**
 * The trainer's access to libtorch: the engine started exactly as the DJL backend starts it (offline classpath
 * check, telemetry opt-out), the device, and the thread settings.
 *
 * <p>libtorch's thread settings are not per training: the intra-op count is a per-OS-thread setting (OpenMP's), which
 * a training applies on its own (the calling) thread and restores afterwards; the inter-op pool is process-wide and
 * can be sized only once per process (a training never uses it: it runs no TorchScript forks).
 *
 * <p>Stateless; thread-safe.
 */
public final class Libtorch {
    private Libtorch() {
    }

    /** The started engine. */
    public static Engine engine() throws TrainingException {
        try {
            return PyTorchRuntime.engine();
        } catch (ModelLoadException e) {
            throw new TrainingException(Reason.BACKEND_ERROR, e.getMessage(), e);
        }
    }

    /** E.g. {@code PyTorch 2.7.1 (DJL 0.35.1)}. */
    public static String describe(Engine engine) {
        return PyTorchRuntime.describe(engine);
    }

    /**
     * The DJL device for a training on the GPU ({@code gpu(0)}) or the CPU.
     *
     * @throws TrainingException ({@link Reason#DEVICE_UNAVAILABLE}) if a GPU is asked for and libtorch has no CUDA
     *     or sees no device
     */
    public static Device device(Engine engine, boolean gpu) throws TrainingException {
        if (!gpu) {
            return Device.cpu();
        }
        try {
            PyTorchRuntime.requireGpu(engine, 0);
        } catch (ModelLoadException e) {
            throw new TrainingException(Reason.DEVICE_UNAVAILABLE, "device gpu: " + e.getMessage(), e);
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
        PyTorchRuntime.useIntraOpThreads(threads);
        return previous;
    }

    /** Puts the calling thread's intra-op threads back. */
    public static void restoreIntraOpThreads(int previous) {
        PyTorchRuntime.useIntraOpThreads(previous);
    }

    /**
     * Applies a requested inter-op thread count (process-wide, fixed once), or 1 when none is requested and the
     * process has not fixed one.
     *
     * @throws TrainingException ({@link Reason#BACKEND_ERROR}) if the requested count cannot be applied any more
     */
    public static int applyInterOpThreads(OptionalInt requested) throws TrainingException {
        try {
            return PyTorchRuntime.applyInterOpThreads(requested);
        } catch (ModelLoadException e) {
            throw new TrainingException(Reason.BACKEND_ERROR, e.getMessage(), e);
        }
    }
}
