package dev.candlesignal.feature;

import dev.candlesignal.Candle;

/**
 * Read-only view of the most recent candles of one stream, newest first: {@code get(0)} is the candle being
 * added. Handed to the functions of {@link Feature#of}; it holds exactly the feature's window once the stream
 * has seen that many candles.
 *
 * <p>Valid only during the call that received it (the calculator reuses it for the next candle); not
 * thread-safe.
 */
public interface CandleWindow {

    /** Number of candles in the window. */
    int size();

    /**
     * The candle {@code ago} candles back: 0 is the newest.
     *
     * @throws IndexOutOfBoundsException if {@code ago} is negative or not below {@link #size()}
     */
    Candle get(int ago);

    /** Close of the candle {@code ago} candles back. */
    default double close(int ago) {
        return get(ago).close();
    }

    /** Open of the candle {@code ago} candles back. */
    default double open(int ago) {
        return get(ago).open();
    }

    /** High of the candle {@code ago} candles back. */
    default double high(int ago) {
        return get(ago).high();
    }

    /** Low of the candle {@code ago} candles back. */
    default double low(int ago) {
        return get(ago).low();
    }

    /** Base-asset volume of the candle {@code ago} candles back. */
    default double volume(int ago) {
        return get(ago).volume();
    }
}
