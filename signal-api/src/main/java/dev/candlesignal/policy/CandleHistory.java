package dev.candlesignal.policy;

import dev.candlesignal.Candle;

/**
 * Read-only view of a stream's most recent candles, newest first: {@code get(0)} is the current candle. Holds at
 * least the number of candles the policy asked for through {@link SignalPolicy#historyBars()}, once the stream
 * has seen that many.
 *
 * <p>Valid only during the policy call that received it; not thread-safe.
 */
public interface CandleHistory {

    /** Number of candles available. */
    int size();

    /**
     * The candle {@code ago} candles back: 0 is the current one.
     *
     * @throws IndexOutOfBoundsException if {@code ago >= size()}
     */
    Candle get(int ago);
}
