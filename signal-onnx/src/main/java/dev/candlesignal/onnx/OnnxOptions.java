package dev.candlesignal.onnx;

import java.util.Objects;

/**
 * How {@link OnnxModel} runs a graph: intra-op threads, graph optimisation level, and the execution provider (CPU,
 * or CUDA on an NVIDIA GPU).
 *
 * <pre>{@code
 * OnnxOptions latency = OnnxOptions.defaults();                          // CPU, 1 intra-op thread
 * OnnxOptions gpu = OnnxOptions.builder().cuda(0).build();               // CUDA device 0, or fail at load
 * OnnxOptions gpuOrCpu = gpu.toBuilder().fallbackToCpu(true).build();    // CUDA, else CPU with a WARN log
 * }</pre>
 *
 * <h2>Threads</h2>
 * The default is <b>one</b> intra-op thread: for one window at a time (the live path) ONNX Runtime's thread pool
 * did not speed up the 14-feature model in the project's measurements and made latency bimodal on a 2-vCPU
 * machine, because its worker threads spin and compete with the caller. Use 2 or more for batch throughput
 * ({@code InferenceBenchmark} measures both); {@code 0} means ONNX Runtime's own default (one thread per core).
 *
 * <h2>GPU</h2>
 * CUDA needs the GPU build of ONNX Runtime ({@code com.microsoft.onnxruntime:onnxruntime_gpu} instead of
 * {@code onnxruntime}) and the CUDA 12 and cuDNN 9 libraries on the library path. If CUDA is requested and not
 * available, {@link OnnxModel#load} fails with a message that says so and how to fix it, unless
 * {@link Builder#fallbackToCpu(boolean)} allows running on the CPU instead.
 *
 * <p>Immutable.
 */
public final class OnnxOptions {

    /** Graph optimisation level (ONNX Runtime's {@code GraphOptimizationLevel}). */
    public enum Optimization {
        /** No graph optimisation. */
        NONE,
        /** Constant folding and redundant-node elimination. */
        BASIC,
        /** BASIC plus node fusions. */
        EXTENDED,
        /** Everything, including layout optimisations (the default). */
        ALL
    }

    /** Where the graph runs. */
    public enum Provider {
        /** ONNX Runtime's CPU execution provider. */
        CPU,
        /** NVIDIA CUDA (needs {@code onnxruntime_gpu}, CUDA 12 and cuDNN 9). */
        CUDA
    }

    private static final OnnxOptions DEFAULTS = new Builder().build();

    private final int intraOpThreads;
    private final Optimization optimization;
    private final Provider provider;
    private final int deviceId;
    private final boolean fallbackToCpu;

    private OnnxOptions(Builder b) {
        this.intraOpThreads = b.intraOpThreads;
        this.optimization = b.optimization;
        this.provider = b.provider;
        this.deviceId = b.deviceId;
        this.fallbackToCpu = b.fallbackToCpu;
    }

    /** CPU, one intra-op thread, all optimisations, no fallback. */
    public static OnnxOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this object's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.intraOpThreads = intraOpThreads;
        b.optimization = optimization;
        b.provider = provider;
        b.deviceId = deviceId;
        b.fallbackToCpu = fallbackToCpu;
        return b;
    }

    /** Intra-op threads; 0 means ONNX Runtime's default. */
    public int intraOpThreads() {
        return intraOpThreads;
    }

    public Optimization optimization() {
        return optimization;
    }

    /** The requested execution provider. */
    public Provider provider() {
        return provider;
    }

    /** CUDA device id (meaningful for {@link Provider#CUDA}). */
    public int deviceId() {
        return deviceId;
    }

    /** Whether a missing CUDA provider falls back to the CPU (with a WARN log) instead of failing the load. */
    public boolean fallbackToCpu() {
        return fallbackToCpu;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OnnxOptions other && intraOpThreads == other.intraOpThreads
                && optimization == other.optimization && provider == other.provider && deviceId == other.deviceId
                && fallbackToCpu == other.fallbackToCpu;
    }

    @Override
    public int hashCode() {
        return Objects.hash(intraOpThreads, optimization, provider, deviceId, fallbackToCpu);
    }

    @Override
    public String toString() {
        return "OnnxOptions[" + (provider == Provider.CUDA ? "CUDA(" + deviceId + ")" + (fallbackToCpu
                ? ", fallback CPU" : "") : "CPU") + ", intraOpThreads=" + (intraOpThreads == 0 ? "ORT default"
                : intraOpThreads) + ", optimization=" + optimization + "]";
    }

    /**
     * Builds {@link OnnxOptions}; every setter checks its argument.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private int intraOpThreads = 1;
        private Optimization optimization = Optimization.ALL;
        private Provider provider = Provider.CPU;
        private int deviceId;
        private boolean fallbackToCpu;

        private Builder() {
        }

        /** Intra-op threads, {@code >= 0}; 0 = ONNX Runtime's default. Default 1 (best batch-1 latency). */
        public Builder intraOpThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("intraOpThreads must be >= 0 (0 = ONNX Runtime's default) but was "
                        + threads);
            }
            this.intraOpThreads = threads;
            return this;
        }

        /** Graph optimisation level; default {@link Optimization#ALL}. */
        public Builder optimization(Optimization optimization) {
            this.optimization = Objects.requireNonNull(optimization, "optimization");
            return this;
        }

        /** Run on the CPU (the default). */
        public Builder cpu() {
            this.provider = Provider.CPU;
            this.deviceId = 0;
            return this;
        }

        /** Run on CUDA device {@code deviceId} ({@code >= 0}). */
        public Builder cuda(int deviceId) {
            if (deviceId < 0) {
                throw new IllegalArgumentException("CUDA device id must be >= 0 but was " + deviceId);
            }
            this.provider = Provider.CUDA;
            this.deviceId = deviceId;
            return this;
        }

        /**
         * When CUDA is requested but unavailable: {@code true} runs on the CPU and logs a WARN; {@code false} (the
         * default) fails the load. Never silent.
         */
        public Builder fallbackToCpu(boolean fallback) {
            this.fallbackToCpu = fallback;
            return this;
        }

        public OnnxOptions build() {
            return new OnnxOptions(this);
        }
    }
}
