package dev.candlesignal.djl;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.ModelLoadException.Reason;
import dev.candlesignal.djl.internal.PyTorchRuntime;

/**
 * Starts DJL's PyTorch engine exactly as {@link DjlModel} does, for other candlesignal modules that use libtorch
 * directly (the trainer, the TorchScript bundle writer): the classpath is checked first so that nothing is
 * downloaded at run time, and DJL's engine class is initialised with its telemetry opted out unless the user chose
 * otherwise ({@code docs/djl.md}). Call it before the first use of DJL's {@code Engine}; later calls only return.
 *
 * <p>Stateless (the engine is DJL's, one per JVM); thread-safe.
 */
public final class PyTorchEngine {

    private PyTorchEngine() {
    }

    /**
     * Starts the engine if it is not running yet.
     *
     * @return what runs, e.g. {@code PyTorch 2.7.1 (DJL 0.35.1)}
     * @throws ModelLoadException ({@link Reason#BACKEND_ERROR}) naming the missing jar or the engine's failure
     */
    public static String start() throws ModelLoadException {
        return PyTorchRuntime.describe(PyTorchRuntime.engine());
    }
}
