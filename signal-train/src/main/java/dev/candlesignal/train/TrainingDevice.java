package dev.candlesignal.train;

/**
 * Where a training runs. {@link #GPU} is CUDA device 0 through DJL, which needs a CUDA libtorch on the class path
 * (see {@code docs/djl.md}); without one the training fails with
 * {@link dev.candlesignal.training.TrainingException.Reason#DEVICE_UNAVAILABLE} before any epoch. Only {@link #CPU}
 * training is bit-for-bit reproducible.
 */
public enum TrainingDevice {
    /** The CPU, with the configured intra-op threads. */
    CPU,
    /** CUDA device 0. */
    GPU;

    /** {@code cpu} or {@code gpu}, as the command line writes it. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The device named {@code id} ({@code cpu} or {@code gpu}). */
    public static TrainingDevice byId(String id) {
        for (TrainingDevice d : values()) {
            if (d.id().equals(id)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown device '" + id + "' (expected cpu or gpu)");
    }
}
