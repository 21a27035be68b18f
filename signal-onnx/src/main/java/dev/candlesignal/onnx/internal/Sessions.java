package dev.candlesignal.onnx.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import dev.candlesignal.ModelLoadException;
import dev.candlesignal.ModelLoadException.Reason;
import dev.candlesignal.onnx.OnnxOptions;
import dev.candlesignal.onnx.OnnxOptions.Provider;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates ONNX Runtime sessions for {@link OnnxOptions}: threads, optimisation level and execution provider, with
 * the CUDA checks and the opt-in CPU fallback.
 *
 * <p>Stateless and thread-safe.
 */
public final class Sessions {
    private static final Logger log = LoggerFactory.getLogger(Sessions.class);

    /** What to do when CUDA is missing, appended to every "CUDA unavailable" message. */
    public static String cudaHowTo(String ortVersion) {
        return "To run on an NVIDIA GPU, replace the dependency com.microsoft.onnxruntime:onnxruntime with "
                + "com.microsoft.onnxruntime:onnxruntime_gpu:" + ortVersion + " (in the candlesignal build: -Pgpu) "
                + "and put the CUDA 12 and cuDNN 9 libraries on the library path (LD_LIBRARY_PATH on Linux, PATH on "
                + "Windows); or allow running on the CPU with OnnxOptions.builder().cuda(id).fallbackToCpu(true).";
    }

    private Sessions() {
    }

    /** A created session and the provider it really runs on. */
    public record Created(OrtSession session, Provider provider) {
    }

    /**
     * Creates a session for the graph in {@code model}.
     *
     * @param availableProviders the providers this ONNX Runtime build has (injected for tests)
     * @param source the bundle, for messages
     * @throws ModelLoadException {@link Reason#BACKEND_ERROR} if ONNX Runtime refuses the graph, or CUDA was asked
     *     for, is unavailable and no fallback is allowed
     */
    public static Created create(OrtEnvironment env, byte[] model, OnnxOptions options,
            Supplier<Set<OrtProvider>> availableProviders, String source) throws ModelLoadException {
        if (options.provider() == Provider.CUDA) {
            Set<OrtProvider> available = availableProviders.get();
            String problem = null;
            if (!available.contains(OrtProvider.CUDA)) {
                problem = "this ONNX Runtime build has no CUDA execution provider (it has " + available + "; the CPU "
                        + "artifact com.microsoft.onnxruntime:onnxruntime never does)";
            } else {
                try {
                    return new Created(open(env, model, options, true), Provider.CUDA);
                } catch (OrtException | RuntimeException e) {
                    problem = "ONNX Runtime could not start the CUDA execution provider on device "
                            + options.deviceId() + ": " + e.getMessage();
                }
            }
            String message = source + ": CUDA was requested (device " + options.deviceId() + ") but is not available: "
                    + problem + ".";
            if (!options.fallbackToCpu()) {
                throw new ModelLoadException(Reason.BACKEND_ERROR, message + " " + cudaHowTo(env.getVersion()));
            }
            log.warn("{} Running on the CPU instead, as OnnxOptions.fallbackToCpu(true) allows.", message);
        }
        try {
            return new Created(open(env, model, options, false), Provider.CPU);
        } catch (OrtException | RuntimeException e) {
            throw new ModelLoadException(Reason.BACKEND_ERROR, source + ": ONNX Runtime " + env.getVersion()
                    + " refused the ONNX graph: " + e.getMessage(), e);
        }
    }

    private static OrtSession open(OrtEnvironment env, byte[] model, OnnxOptions options, boolean cuda)
            throws OrtException {
        // options can be closed once the session exists
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            if (options.intraOpThreads() > 0) {
                so.setIntraOpNumThreads(options.intraOpThreads());
            }
            so.setOptimizationLevel(switch (options.optimization()) {
                case NONE -> OptLevel.NO_OPT;
                case BASIC -> OptLevel.BASIC_OPT;
                case EXTENDED -> OptLevel.EXTENDED_OPT;
                case ALL -> OptLevel.ALL_OPT;
            });
            if (cuda) {
                so.addCUDA(options.deviceId());
            }
            return env.createSession(model, so);
        }
    }

    /** The providers of the ONNX Runtime build on the class path. */
    public static Set<OrtProvider> availableProviders() {
        EnumSet<OrtProvider> set = OrtEnvironment.getAvailableProviders();
        return Set.copyOf(set);
    }
}
