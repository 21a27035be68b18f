package dev.candlesignal.binance;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a subscription starts. The candles before the live edge are fetched over REST and delivered first, in
 * order, through the same path that repairs reconnects, so history and live candles meet without a gap or a
 * duplicate.
 *
 * <p>Immutable.
 */
public sealed interface StartPosition {

    /** Only candles that close after the subscription started (the first is the one open at start). */
    static StartPosition live() {
        return Live.INSTANCE;
    }

    /**
     * The last {@code count} closed candles of each stream, then live candles. Exchange outages inside that
     * window make it span more time, not fewer candles.
     *
     * @throws IllegalArgumentException if {@code count < 1}
     */
    static StartPosition lastClosed(int count) {
        return new LastClosed(count);
    }

    /** Every closed candle whose open time is at or after {@code openTime}, then live candles. */
    static StartPosition from(Instant openTime) {
        return new From(openTime);
    }

    /** See {@link #live()}. */
    enum Live implements StartPosition {
        INSTANCE
    }

    /** See {@link #lastClosed(int)}. */
    record LastClosed(int count) implements StartPosition {
        public LastClosed {
            if (count < 1) {
                throw new IllegalArgumentException("lastClosed count must be >= 1 but was " + count);
            }
        }
    }

    /** See {@link #from(Instant)}. */
    record From(Instant openTime) implements StartPosition {
        public From {
            Objects.requireNonNull(openTime, "openTime");
        }
    }
}
