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

    /**
     * Throws what {@link #update} would throw because of this candle's content (for example a missing order-book
     * snapshot), without changing any state; returns normally if {@code update} can use the candle. Composite
     * sets call it on every part before updating any, so a rejected candle leaves all parts unchanged.
     *
     * <p>The default accepts every candle, for calculators whose {@code update} never rejects one.
     *
     * @throws dev.candlesignal.FeatureValueException if the candle lacks data a feature requires
     */
    default void validate(Candle candle) {
    }

    /** Number of candles added so far. */
    long count();
}
