package dev.candlesignal.feature;

import dev.candlesignal.Candle;
import dev.candlesignal.StateSnapshotException;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.function.ToDoubleFunction;

/**
 * One feature column, to be combined with whole feature sets through {@link FeatureSet#builder()}: a plain Java
 * function over the last candles ({@link #of}), a Ta4j indicator ({@code dev.candlesignal.indicators.Ta4jFeature}
 * in signal-features), or an implementation of this interface.
 *
 * <pre>{@code
 * FeatureSet set = FeatureSet.builder()
 *         .addAll(FeatureSets.standard28())
 *         .add(Feature.of("range_24", 24, w -> {
 *             double hi = w.high(0), lo = w.low(0);
 *             for (int i = 1; i < w.size(); i++) { hi = Math.max(hi, w.high(i)); lo = Math.min(lo, w.low(i)); }
 *             return (hi - lo) / w.close(0);
 *         }))
 *         .build();
 * }</pre>
 *
 * <p>Implementations are immutable and thread-safe; per-stream state lives in the {@link Calculator}s they
 * create.
 */
public interface Feature {

    /** The column name, e.g. {@code rsi_wilder_14}: letters, digits, {@code _ . -}. */
    String name();

    /**
     * How the value is computed, as far as it can be told from outside the code (e.g. {@code window(24)} or
     * the Ta4j indicator class and window). It is part of the hash in a combined set's id, together with the
     * name, so it must be the same on every run; code is not hashed, so rename the column when you change what
     * a function computes.
     */
    String definition();

    /**
     * Number of candles until this column is defined: rows before {@code warmupBars() - 1} are NaN.
     */
    int warmupBars();

    /** A new calculator with empty state, for one stream. */
    Calculator newCalculator();

    /**
     * The per-stream state of a {@link Feature}.
     *
     * <p>Not thread-safe; confine to one thread.
     */
    interface Calculator {

        /**
         * Throws what {@link #update} would throw because of the candle's content, without changing state.
         * The default accepts every candle.
         *
         * @throws dev.candlesignal.FeatureValueException if the candle cannot be used
         */
        default void validate(Candle candle) {
        }

        /**
         * Adds the next candle and returns the column's value for it, NaN where it is not defined.
         *
         * @throws dev.candlesignal.FeatureValueException if the candle cannot be used or the computation fails
         */
        double update(Candle candle);

        /**
         * Writes this calculator's complete state, as {@link FeatureCalculator#writeState} does for a set. The
         * default refuses with a {@link StateSnapshotException} (Ta4j columns keep a live series
         * and do not override it).
         *
         * @throws StateSnapshotException if this calculator cannot snapshot its state
         * @throws IOException if {@code out} fails
         */
        default void writeState(DataOutput out) throws IOException {
            throw new StateSnapshotException(getClass().getName() + " cannot snapshot its state");
        }

        /**
         * Replaces this (fresh) calculator's state with one written by {@link #writeState}.
         *
         * @throws StateSnapshotException if this calculator cannot restore state, or the bytes are
         *     not its format
         * @throws IOException if {@code in} fails or ends early
         */
        default void readState(DataInput in) throws IOException {
            throw new StateSnapshotException(getClass().getName() + " cannot restore a snapshot");
        }
    }

    /**
     * A column computed by a plain Java function over the last {@code window} candles. The function is called
     * once per candle, from the {@code window}-th candle on, with a {@link CandleWindow} holding exactly
     * {@code window} candles; earlier rows are NaN, so {@link #warmupBars()} is {@code window}. Its
     * {@link #definition()} is {@code window(N)}.
     *
     * <p>If the function throws, the calculator is left as it was before the candle and the exception reaches
     * the caller as a {@link dev.candlesignal.FeatureValueException} naming the column and the candle.
     *
     * @param name the column name
     * @param window number of candles the function sees, at least 1
     * @param function computes the value for the newest candle; must be stateless and thread-safe, since every
     *     stream's calculator calls the same instance
     * @throws dev.candlesignal.FeatureConfigurationException if the name is not a valid column name or the
     *     window is below 1
     */
    static Feature of(String name, int window, ToDoubleFunction<CandleWindow> function) {
        return new WindowFeature(name, window, function);
    }
}
