package dev.candlesignal.feature;

import dev.candlesignal.Candle;

/**
 * Read-only view of the most recent candles of one stream, indexed by how many candles ago: {@code ago(0)} is the
 * candle being added, {@code ago(size() - 1)} the oldest in the window. Every window and history of this library
 * counts this way ({@link dev.candlesignal.policy.CandleHistory}, {@link dev.candlesignal.policy.FeatureWindow}), and
 * so do the helpers below: {@code close(1)} is the previous candle's close. Handed to the functions of {@link Feature#of}; it holds exactly the feature's window once the stream
 * has seen that many candles.
 *
 * <p>Valid only during the call that received it (the calculator reuses it for the next candle); not
 * thread-safe.
 */
public interface CandleWindow {

    /** Number of candles in the window. */
    int size();

    /**
     * The candle {@code k} candles ago: 0 is the newest.
     *
     * @throws IndexOutOfBoundsException if {@code k} is negative or not below {@link #size()}
     */
    Candle ago(int k);

    /** Close of the candle {@code ago} candles back. */
    default double close(int ago) {
        return ago(ago).close();
    }

    /** Open of the candle {@code ago} candles back. */
    default double open(int ago) {
        return ago(ago).open();
    }

    /** High of the candle {@code ago} candles back. */
    default double high(int ago) {
        return ago(ago).high();
    }

    /** Low of the candle {@code ago} candles back. */
    default double low(int ago) {
        return ago(ago).low();
    }

    /** Base-asset volume of the candle {@code ago} candles back. */
    default double volume(int ago) {
        return ago(ago).volume();
    }
}
