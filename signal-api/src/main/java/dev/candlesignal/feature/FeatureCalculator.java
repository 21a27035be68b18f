package dev.candlesignal.feature;

import dev.candlesignal.Candle;

/**
 * The streaming state of a {@link FeatureSet} for one stream: takes candles in order and writes each candle's
 * feature row.
 *
 * <p>Not thread-safe; confine to one thread (the engine guards each stream with its own lock).
 */
public interface FeatureCalculator {

    /** Number of values {@link #update} writes. */
    int featureCount();

    /**
     * Adds the next candle and writes its {@link #featureCount()} feature values to
     * {@code row[offset .. offset + featureCount())}, NaN where a value is not yet defined.
     *
     * <p>Implementations allocate nothing here. If the candle cannot be used (for example a feature needs an
     * order-book snapshot the candle lacks), they throw before changing any state, so the calculator stays as
     * it was.
     *
     * @throws dev.candlesignal.FeatureValueException if the candle lacks data a feature requires
     */
    void update(Candle candle, double[] row, int offset);

    /** Number of candles added so far. */
    long count();
}
