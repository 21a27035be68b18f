package dev.candlesignal.binance.internal;

import dev.candlesignal.Interval;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Candle-slot arithmetic on Binance's UTC kline grid.
 *
 * <p>Stateless.
 */
public final class Slots {
    private Slots() {
    }

    /** Open time of the slot before the one that opens at {@code open}. */
    public static Instant previous(Interval interval, Instant open) {
        if (interval == Interval.MONTH_1) {
            return ZonedDateTime.ofInstant(open, ZoneOffset.UTC).minusMonths(1).toInstant();
        }
        return open.minusMillis(interval.millis());
    }

    /** The close time Binance gives a full candle: one millisecond before the next slot opens. */
    public static Instant scheduledClose(Interval interval, Instant open) {
        return interval.closeTimeOf(open);
    }

    /** Whether {@code open} can be a Binance open time; the rule is {@link Interval#isAligned}. */
    public static boolean isAligned(Interval interval, Instant open) {
        return interval.isAligned(open);
    }
}
