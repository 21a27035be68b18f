package dev.candlesignal.djl;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How {@link DjlModel} runs a TorchScript module on DJL's PyTorch engine: the device, libtorch's intra-op and
 * inter-op thread counts, and how many DJL {@code Predictor}s serve concurrent callers.
 *
 * <pre>{@code
 * DjlOptions latency = DjlOptions.defaults();                              // CPU, 1 intra-op, 1 inter-op thread
 * DjlOptions batch = DjlOptions.builder().intraOpThreads(2).build();       // throughput for big batches
 * DjlOptions gpu = DjlOptions.builder().gpu(0).build();                    // CUDA device 0, or fail at load
 * }</pre>
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li><b>Intra-op</b> threads parallelise one operator (libtorch's OpenMP pool). The default is <b>one</b>: on a
 *   2-vCPU machine, two threads fighting over the cores made batch-1 latency far worse and its tail pathological
 *   (see {@code docs/djl.md}). OpenMP keeps this count per calling thread, so {@link DjlModel} applies it on each
 *   calling thread before a forward pass (a cheap check; it changes the setting only if it differs). If the
 *   system property {@code ai.djl.pytorch.num_threads} is set, it is the default instead of 1.
 *   <li><b>Inter-op</b> threads run independent parts of a graph in parallel; libtorch allows setting them only
 *   once per process, before any parallel work. If unset here, the process keeps what it has (the system property
 *   {@code ai.djl.pytorch.num_interop_threads}, or what an earlier model set), and 1 when nothing was set yet. If
 *   set here and the process is already fixed at another value, loading fails with a message that says so.
 * </ul>
 *
 * <h2>Pool</h2>
 * DJL's {@code Predictor} is not thread-safe, so {@link DjlModel} keeps a pool of them: up to
 * {@link #poolSize()} predictions run at once and further callers wait for a free predictor. The default is the
 * number of available processors.
 *
 * <h2>GPU</h2>
 * {@link Builder#gpu(int)} needs the CUDA flavour of libtorch on the classpath (not the default CPU jar; see
 * {@code docs/djl.md} for the Maven coordinates) and a visible CUDA device. Otherwise {@link DjlModel#load} fails
 * naming what is missing; it never falls back to the CPU silently.
 *
 * <p>Immutable.
 */
public final class DjlOptions {

    private static final DjlOptions DEFAULTS = new Builder().build();

    private final int gpuIndex; // -1 = CPU
    private final int intraOpThreads; // 0 = default (property or 1)
    private final int interOpThreads; // 0 = keep the process's
    private final int poolSize;

    private DjlOptions(Builder b) {
        this.gpuIndex = b.gpuIndex;
        this.intraOpThreads = b.intraOpThreads;
        this.interOpThreads = b.interOpThreads;
        this.poolSize = b.poolSize;
    }

    /** CPU, default threads (1 and 1 unless the DJL system properties say otherwise), one predictor per core. */
    public static DjlOptions defaults() {
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
        b.interOpThreads = interOpThreads;
        b.poolSize = poolSize;
        return b;
    }

    /** The CUDA device index, or empty for the CPU. */
    public OptionalInt gpuIndex() {
        return gpuIndex < 0 ? OptionalInt.empty() : OptionalInt.of(gpuIndex);
    }

    /** The requested intra-op thread count, or empty for the default (see the class comment). */
    public OptionalInt intraOpThreads() {
        return intraOpThreads == 0 ? OptionalInt.empty() : OptionalInt.of(intraOpThreads);
    }

    /** The requested inter-op thread count, or empty to keep the process's (see the class comment). */
    public OptionalInt interOpThreads() {
        return interOpThreads == 0 ? OptionalInt.empty() : OptionalInt.of(interOpThreads);
    }

    /** How many predictions may run at once. */
    public int poolSize() {
        return poolSize;
    }

    /** {@code cpu()} or {@code gpu(i)}, as DJL names devices. */
    public String deviceName() {
        return gpuIndex < 0 ? "cpu()" : "gpu(" + gpuIndex + ")";
    }

    /** Intra-op threads this process uses when none is requested: the DJL property if set, else 1. */
    static int defaultIntraOpThreads() {
        return Optional.ofNullable(Integer.getInteger("ai.djl.pytorch.num_threads")).filter(n -> n > 0).orElse(1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DjlOptions other && gpuIndex == other.gpuIndex && intraOpThreads == other.intraOpThreads
                && interOpThreads == other.interOpThreads && poolSize == other.poolSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(gpuIndex, intraOpThreads, interOpThreads, poolSize);
    }

    @Override
    public String toString() {
        return "DjlOptions[" + deviceName() + ", intraOpThreads=" + (intraOpThreads == 0 ? "default" : intraOpThreads)
                + ", interOpThreads=" + (interOpThreads == 0 ? "process default" : interOpThreads) + ", poolSize="
                + poolSize + "]";
    }

    /**
     * Builds {@link DjlOptions}; every setter checks its argument and names a bad value.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private int gpuIndex = -1;
        private int intraOpThreads;
        private int interOpThreads;
        private int poolSize = Math.max(1, Runtime.getRuntime().availableProcessors());

        private Builder() {
        }

        /** Run on the CPU (the default). */
        public Builder cpu() {
            this.gpuIndex = -1;
            return this;
        }

        /** Run on CUDA device {@code index} ({@code >= 0}); needs the CUDA libtorch jar (see the class comment). */
        public Builder gpu(int index) {
            if (index < 0) {
                throw new IllegalArgumentException("GPU index must be >= 0 but was " + index);
            }
            this.gpuIndex = index;
            return this;
        }

        /** libtorch intra-op threads for this model's predictions, {@code >= 1}. */
        public Builder intraOpThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("intraOpThreads must be >= 1 but was " + threads);
            }
            this.intraOpThreads = threads;
            return this;
        }

        /** libtorch inter-op threads, {@code >= 1}; process-wide and fixed once set (see the class comment). */
        public Builder interOpThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("interOpThreads must be >= 1 but was " + threads);
            }
            this.interOpThreads = threads;
            return this;
        }

        /** Maximum concurrent predictions (one DJL predictor each), {@code >= 1}. */
        public Builder poolSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("poolSize must be >= 1 but was " + size);
            }
            this.poolSize = size;
            return this;
        }

        public DjlOptions build() {
            return new DjlOptions(this);
        }
    }
}
