package dev.candlesignal.model;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The knobs every model backend understands, for loading through {@link Models}: where the model runs (the CPU
 * or a GPU) and how many threads one prediction may use. A knob that only one backend has (ONNX Runtime's graph
 * optimisation level or CPU fallback, DJL's predictor pool) stays on that backend's own options
 * ({@code OnnxOptions}, {@code DjlOptions}); load with {@code OnnxModel.load} or {@code DjlModel.load} to set it.
 *
 * <pre>{@code
 * BackendOptions latency = BackendOptions.defaults();                         // CPU, one intra-op thread
 * BackendOptions batch = BackendOptions.builder().intraOpThreads(4).build();  // throughput for large batches
 * BackendOptions gpu = BackendOptions.builder().gpu(0).build();               // GPU 0, or fail at load
 * }</pre>
 *
 * <p>A backend that cannot honour an option fails the load with a {@code ModelLoadException} saying so; it never
 * falls back to another device silently.
 *
 * <p>Immutable.
 */
public final class BackendOptions {

    private static final BackendOptions DEFAULTS = new Builder().build();

    private final int gpuIndex; // -1 = CPU
    private final int intraOpThreads; // 0 = the backend's own default

    private BackendOptions(Builder b) {
        this.gpuIndex = b.gpuIndex;
        this.intraOpThreads = b.intraOpThreads;
    }

    /**
     * CPU and one intra-op thread: the fastest setting for one window at a time on both backends in the project's
     * measurements ({@code benchmarks/RESULTS.md}), and the defaults of {@code OnnxOptions} and {@code DjlOptions}.
     */
    public static BackendOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this object's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.gpuIndex = gpuIndex;
        b.intraOpThreads = intraOpThreads;
        return b;
    }

    /** The GPU (CUDA device index) to run on, or empty for the CPU. */
    public OptionalInt gpuIndex() {
        return gpuIndex < 0 ? OptionalInt.empty() : OptionalInt.of(gpuIndex);
    }

    /**
     * Threads one prediction may use inside the backend (ONNX Runtime's and libtorch's intra-op threads), or
     * {@code 0} for the backend's own default (ONNX Runtime: one per core; DJL: its {@code ai.djl.pytorch.num_threads}
     * property, else one).
     */
    public int intraOpThreads() {
        return intraOpThreads;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BackendOptions other && gpuIndex == other.gpuIndex && intraOpThreads == other.intraOpThreads;
    }

    @Override
    public int hashCode() {
        return Objects.hash(gpuIndex, intraOpThreads);
    }

    @Override
    public String toString() {
        return "BackendOptions[" + (gpuIndex < 0 ? "CPU" : "GPU " + gpuIndex) + ", intraOpThreads="
                + (intraOpThreads == 0 ? "backend default" : intraOpThreads) + "]";
    }

    /**
     * Builds {@link BackendOptions}; every setter checks its argument and names a bad value.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private int gpuIndex = -1;
        private int intraOpThreads = 1;

        private Builder() {
        }

        /** Run on the CPU (the default). */
        public Builder cpu() {
            this.gpuIndex = -1;
            return this;
        }

        /** Run on CUDA device {@code index} ({@code >= 0}); the backend needs its GPU build (see its options). */
        public Builder gpu(int index) {
            if (index < 0) {
                throw new IllegalArgumentException("GPU index must be >= 0 but was " + index);
            }
            this.gpuIndex = index;
            return this;
        }

        /** Intra-op threads, {@code >= 0}; 0 = the backend's own default. Default 1. */
        public Builder intraOpThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("intraOpThreads must be >= 0 (0 = the backend's default) but was "
                        + threads);
            }
            this.intraOpThreads = threads;
            return this;
        }

        public BackendOptions build() {
            return new BackendOptions(this);
        }
    }
}
