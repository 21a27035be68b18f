package dev.candlesignal.feature;

import dev.candlesignal.Candle;
import dev.candlesignal.StateSnapshotException;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

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

    /**
     * Writes this calculator's complete state, so that a new calculator of the same set, given it through
     * {@link #readState}, continues exactly as this one would: the same rows, bit for bit, for every later candle.
     * The engine's stream snapshots (checkpoints, moving a stream to another machine) are built on it. The bytes are
     * the calculator's own format; the engine records the feature set id beside them.
     *
     * <p>The default refuses with a {@link StateSnapshotException}: a calculator that keeps state it cannot write
     * (for example a live Ta4j series) does not override it.
     *
     * @throws StateSnapshotException if this calculator cannot snapshot its state
     * @throws IOException if {@code out} fails
     */
    default void writeState(DataOutput out) throws IOException {
        throw new StateSnapshotException(getClass().getName() + " cannot snapshot its state (it does not implement "
                + "FeatureCalculator.writeState)");
    }

    /**
     * Replaces this calculator's state with one written by {@link #writeState} of a calculator of the same set.
     * Call it on a fresh calculator. If the bytes are not valid for this calculator it throws, and the calculator
     * must not be used further.
     *
     * @throws StateSnapshotException if this calculator cannot restore state, or the bytes are not its format
     * @throws IOException if {@code in} fails or ends early
     */
    default void readState(DataInput in) throws IOException {
        throw new StateSnapshotException(getClass().getName() + " cannot restore a snapshot (it does not implement "
                + "FeatureCalculator.readState)");
    }
}
