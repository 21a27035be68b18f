package dev.candlesignal.model;

/**
 * A trained sequence model: takes a window of {@code sequenceLength} scaled feature rows and returns P(up), the
 * probability that the next candle closes higher.
 *
 * <p>Windows are flat float arrays in row-major order: value {@code (t, f)} of a window that starts at
 * {@code offset} is at {@code offset + t * featureCount + f}, oldest row first. They are already scaled with
 * {@link #spec()}'s scaler (the engine does that).
 *
 * <p>Implementations are thread-safe: any number of threads may predict at once. They own native resources:
 * close the model when done. Closing it while a prediction runs is the caller's error; the engine's
 * {@code swapModel} hands the old model back only after its last prediction finished.
 */
public interface Model extends AutoCloseable {

    /** The input this model expects. */
    ModelSpec spec();

    /** Shorthand for {@code spec().sequenceLength()}. */
    default int sequenceLength() {
        return spec().sequenceLength();
    }

    /** Shorthand for {@code spec().featureCount()}. */
    default int featureCount() {
        return spec().featureCount();
    }

    /** Shorthand for {@code spec().featureSetId()}. */
    default String featureSetId() {
        return spec().featureSetId();
    }

    /** Shorthand for {@code spec().scaler()}. */
    default Scaler scaler() {
        return spec().scaler();
    }

    /** Shorthand for {@code spec().version()}. */
    default String version() {
        return spec().version();
    }

    /**
     * P(up) for one window starting at {@code window[offset]}.
     *
     * @throws dev.candlesignal.InferenceException if the backend fails
     * @throws IllegalArgumentException if the array is too short for a window at that offset
     */
    float predict(float[] window, int offset);

    /**
     * P(up) for {@code count} windows in one call: window {@code i} starts at {@code windows[i][offsets[i]]}, and
     * its probability is written to {@code out[i]}. Backends run them as one batch.
     *
     * @throws dev.candlesignal.InferenceException if the backend fails
     */
    void predictBatch(float[][] windows, int[] offsets, int count, float[] out);

    /** Convenience form of {@link #predictBatch}: one window per array, each starting at index 0. */
    default float[] predictBatch(float[][] windows) {
        float[] out = new float[windows.length];
        predictBatch(windows, new int[windows.length], windows.length, out);
        return out;
    }

    /** Releases native resources. Idempotent. */
    @Override
    void close();
}
