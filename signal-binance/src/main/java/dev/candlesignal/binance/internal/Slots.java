package dev.candlesignal.binance.internal;

import dev.candlesignal.Interval;
import java.time.DayOfWeek;
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
        return interval.next(open).minusMillis(1);
    }

    /**
     * Whether {@code open} can be a Binance open time: a multiple of the interval since the epoch for 1s to 1d,
     * a Monday 00:00 for 1w, the first of a month 00:00 for 1M. 3d has no documented anchor and is not checked.
     */
    public static boolean isAligned(Interval interval, Instant open) {
        long ms = open.toEpochMilli();
        return switch (interval) {
            case DAY_3 -> true;
            case WEEK_1 -> {
                ZonedDateTime z = ZonedDateTime.ofInstant(open, ZoneOffset.UTC);
                yield z.getDayOfWeek() == DayOfWeek.MONDAY && Math.floorMod(ms, Interval.DAY_1.millis()) == 0;
            }
            case MONTH_1 -> {
                ZonedDateTime z = ZonedDateTime.ofInstant(open, ZoneOffset.UTC);
                yield z.getDayOfMonth() == 1 && Math.floorMod(ms, Interval.DAY_1.millis()) == 0;
            }
            default -> Math.floorMod(ms, interval.millis()) == 0;
        };
    }
}
