package dev.candlesignal.policy;

import dev.candlesignal.Candle;

/**
 * Read-only view of a stream's most recent candles, indexed by how many candles ago: {@code ago(0)} is the current
 * candle, {@code ago(1)} the one before (the convention of every window in this library). Holds at
 * least the number of candles the policy asked for through {@link SignalPolicy#historyBars()}, once the stream
 * has seen that many.
 *
 * <p>Valid only during the policy call that received it; not thread-safe.
 */
public interface CandleHistory {

    /** Number of candles available. */
    int size();

    /**
     * The candle {@code k} candles ago: 0 is the current one.
     *
     * @throws IndexOutOfBoundsException if {@code k} is negative or not below {@link #size()}
     */
    Candle ago(int k);
}
