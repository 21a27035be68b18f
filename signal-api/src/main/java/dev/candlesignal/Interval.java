package dev.candlesignal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.OptionalLong;

/**
 * Binance's kline intervals, with their wire names (case-sensitive: {@code 1m} is a minute, {@code 1M} a month)
 * and durations. All but {@link #MONTH_1} have a fixed duration; months follow the UTC calendar.
 *
 * <h2>Candle times</h2>
 * The rules a candle's times must follow on an interval live here, and only here; the kline CSV reader, the engine
 * (when a candle enters a stream) and the Binance parser all call {@link #checkTimes} and {@link #checkSpacing}:
 * <ul>
 *   <li>every timestamp lies in [{@link #EARLIEST_TIME}, {@link #LATEST_TIME}): anything else is a unit error,
 *       typically epoch seconds read as milliseconds (dates in January 1970);</li>
 *   <li>the open time is on the interval's UTC grid ({@link #isAligned}): a whole multiple of the interval since
 *       the epoch for 1s to 1d, a Monday 00:00 for 1w, the 1st of a month 00:00 for 1M; for 3d, whose anchor
 *       Binance does not document, only 00:00 is checked (and the spacing below);</li>
 *   <li>the close time lies inside the candle's own slot: not before the open time (the candle's own rule) and
 *       before the next slot opens. Binance gives a full candle {@link #closeTimeOf} (one millisecond before the
 *       next slot; one microsecond in the microsecond archives), and an earlier close time to a candle the
 *       exchange closed early for maintenance, which is real data and accepted;</li>
 *   <li>consecutive candles of a stream are a positive whole number of intervals apart ({@link #intervalsBetween});
 *       more than one is a gap, which is reported, not refused.</li>
 * </ul>
 * UTC has no daylight saving time, so no grid ever shifts.
 *
 * <p>Immutable.
 */
public enum Interval {
    SECOND_1("1s", Duration.ofSeconds(1)),
    MINUTE_1("1m", Duration.ofMinutes(1)),
    MINUTE_3("3m", Duration.ofMinutes(3)),
    MINUTE_5("5m", Duration.ofMinutes(5)),
    MINUTE_15("15m", Duration.ofMinutes(15)),
    MINUTE_30("30m", Duration.ofMinutes(30)),
    HOUR_1("1h", Duration.ofHours(1)),
    HOUR_2("2h", Duration.ofHours(2)),
    HOUR_4("4h", Duration.ofHours(4)),
    HOUR_6("6h", Duration.ofHours(6)),
    HOUR_8("8h", Duration.ofHours(8)),
    HOUR_12("12h", Duration.ofHours(12)),
    DAY_1("1d", Duration.ofDays(1)),
    DAY_3("3d", Duration.ofDays(3)),
    WEEK_1("1w", Duration.ofDays(7)),
    /** Calendar month (UTC); {@link #duration()} is the longest month, 31 days. */
    MONTH_1("1M", Duration.ofDays(31));

    /** Earliest accepted candle timestamp, 2009-01-01T00:00Z (no crypto market traded before). */
    public static final Instant EARLIEST_TIME = Instant.parse("2009-01-01T00:00:00Z");
    /** Accepted candle timestamps are before 2100-01-01T00:00Z. */
    public static final Instant LATEST_TIME = Instant.parse("2100-01-01T00:00:00Z");

    private static final long DAY_MILLIS = 86_400_000L;
    /** 1970-01-01 was a Thursday; Binance's weeks start on Monday 00:00 UTC, 4 days later. */
    private static final long MONDAY_OFFSET_MILLIS = 4 * DAY_MILLIS;

    private final String wireName;
    private final Duration duration;
    private final long millis;

    Interval(String wireName, Duration duration) {
        this.wireName = wireName;
        this.duration = duration;
        this.millis = duration.toMillis();
    }

    /** The name Binance uses in URLs and payloads, e.g. {@code "1h"}. */
    public String wireName() {
        return wireName;
    }

    /** Length of one candle; for {@link #MONTH_1} the longest month (use {@link #next(Instant)} for exact times). */
    public Duration duration() {
        return duration;
    }

    /** {@link #duration()} in milliseconds. */
    public long millis() {
        return millis;
    }

    /** Whether every candle of this interval has the same length (all but months). */
    public boolean isFixedLength() {
        return this != MONTH_1;
    }

    /** Open time of the candle after the one that opened at {@code openTime}. */
    public Instant next(Instant openTime) {
        if (this == MONTH_1) {
            return ZonedDateTime.ofInstant(openTime, ZoneOffset.UTC).plusMonths(1).toInstant();
        }
        return openTime.plusMillis(millis);
    }

    /**
     * Number of candle slots between two open times, {@code (later - earlier) / duration} for fixed
     * intervals and whole calendar months for {@link #MONTH_1}.
     */
    public long slotsBetween(Instant earlier, Instant later) {
        if (this == MONTH_1) {
            ZonedDateTime a = ZonedDateTime.ofInstant(earlier, ZoneOffset.UTC);
            ZonedDateTime b = ZonedDateTime.ofInstant(later, ZoneOffset.UTC);
            return java.time.temporal.ChronoUnit.MONTHS.between(a, b);
        }
        return Math.floorDiv(later.toEpochMilli() - earlier.toEpochMilli(), millis);
    }

    /**
     * Whether {@code openTime} can open a candle of this interval: on the UTC grid described in the class comment,
     * with no fraction of a millisecond.
     */
    public boolean isAligned(Instant openTime) {
        if (openTime.getNano() % 1_000_000 != 0) {
            return false;
        }
        long ms = openTime.toEpochMilli();
        return switch (this) {
            case DAY_3 -> Math.floorMod(ms, DAY_MILLIS) == 0;
            case WEEK_1 -> Math.floorMod(ms - MONDAY_OFFSET_MILLIS, millis) == 0;
            case MONTH_1 -> Math.floorMod(ms, DAY_MILLIS) == 0
                    && LocalDate.ofEpochDay(Math.floorDiv(ms, DAY_MILLIS)).getDayOfMonth() == 1;
            default -> Math.floorMod(ms, millis) == 0;
        };
    }

    /**
     * The close time Binance gives a full candle that opened at {@code openTime}: one millisecond before the next
     * slot opens (for 1M, the last millisecond of the month).
     */
    public Instant closeTimeOf(Instant openTime) {
        return next(openTime).minusMillis(1);
    }

    /**
     * The exact number of intervals from {@code earlier} to {@code later} (negative if {@code later} is earlier),
     * or empty if they are not a whole number of intervals apart (whole calendar months for {@link #MONTH_1}).
     * Unlike {@link #slotsBetween}, which rounds down, this tells a gap (k intervals) from a misplaced candle.
     */
    public OptionalLong intervalsBetween(Instant earlier, Instant later) {
        if (earlier.getNano() % 1_000_000 != later.getNano() % 1_000_000) {
            return OptionalLong.empty();
        }
        if (this == MONTH_1) {
            long months = slotsBetween(earlier, later);
            ZonedDateTime start = ZonedDateTime.ofInstant(earlier, ZoneOffset.UTC);
            return start.plusMonths(months).toInstant().equals(later) ? OptionalLong.of(months) : OptionalLong.empty();
        }
        long diff = later.toEpochMilli() - earlier.toEpochMilli();
        return diff % millis == 0 ? OptionalLong.of(diff / millis) : OptionalLong.empty();
    }

    /**
     * Checks a candle's times against this interval: both in [{@link #EARLIEST_TIME}, {@link #LATEST_TIME}), the
     * open time on the grid, the close time before the next slot opens (see the class comment). Allocation-free
     * for every interval but 1M when the times are valid.
     *
     * @throws CandleTimeException naming the rule and the value; its message has no context (callers add the
     *     file and line, or the stream)
     */
    public void checkTimes(Instant openTime, Instant closeTime) {
        checkPlausible("openTime", openTime);
        checkPlausible("closeTime", closeTime);
        if (!isAligned(openTime)) {
            throw new CandleTimeException(CandleTimeException.Rule.GRID, "openTime", "open time " + openTime
                    + " is not on the " + wireName + " grid (" + gridDescription() + ")");
        }
        if (!closeTime.isBefore(next(openTime))) {
            throw new CandleTimeException(CandleTimeException.Rule.CLOSE_TIME, "closeTime", "close time " + closeTime
                    + " is after the end of the " + wireName + " candle opened at " + openTime + " (at most "
                    + closeTimeOf(openTime) + "; is the data of a longer interval?)");
        }
    }

    /**
     * Checks that a candle opening at {@code openTime} can follow one that opened at {@code previousOpenTime} in the
     * same stream: later, and a whole number of intervals after it (more than one is a gap, which is allowed).
     *
     * @throws CandleTimeException ({@link CandleTimeException.Rule#SPACING}) naming both times
     */
    public void checkSpacing(Instant previousOpenTime, Instant openTime) {
        OptionalLong k = intervalsBetween(previousOpenTime, openTime);
        if (k.isEmpty() || k.getAsLong() < 1) {
            throw new CandleTimeException(CandleTimeException.Rule.SPACING, "openTime", "open time " + openTime
                    + " is not a whole number of " + wireName + " intervals after the previous open time "
                    + previousOpenTime);
        }
    }

    /** Where candles of this interval open, in words, e.g. {@code "whole multiples of 1h since 1970-01-01, UTC"}. */
    public String gridDescription() {
        return switch (this) {
            case DAY_3 -> "3d candles open at 00:00 UTC, 3 days apart";
            case WEEK_1 -> "1w candles open on Mondays at 00:00 UTC";
            case MONTH_1 -> "1M candles open on the 1st of a month at 00:00 UTC";
            default -> wireName + " candles open at whole multiples of " + wireName + " since 1970-01-01T00:00Z, UTC";
        };
    }

    /**
     * Checks the first rule of {@link #checkTimes} alone, for readers that check it before they know the interval:
     * {@code time} must lie in [{@link #EARLIEST_TIME}, {@link #LATEST_TIME}).
     *
     * @param field {@code "openTime"} or {@code "closeTime"}, for the message and {@link CandleTimeException#field()}
     * @throws CandleTimeException ({@link CandleTimeException.Rule#RANGE}) naming the value
     */
    public static void checkPlausible(String field, Instant time) {
        if (time.isBefore(EARLIEST_TIME) || !time.isBefore(LATEST_TIME)) {
            String what = field.equals("closeTime") ? "close time" : "open time";
            Instant t = time;
            throw new CandleTimeException(CandleTimeException.Rule.RANGE, field, what + " " + t + " is outside "
                    + EARLIEST_TIME + " .. " + LATEST_TIME + (t.isBefore(EARLIEST_TIME)
                            ? " (epoch seconds read as milliseconds?)" : " (a timestamp in the wrong unit?)"));
        }
    }

    /**
     * The interval with this wire name.
     *
     * @throws IllegalArgumentException naming the value and the valid names
     */
    public static Interval fromWireName(String name) {
        for (Interval i : values()) {
            if (i.wireName.equals(name)) {
                return i;
            }
        }
        StringBuilder valid = new StringBuilder();
        for (Interval i : values()) {
            valid.append(valid.isEmpty() ? "" : ", ").append(i.wireName);
        }
        throw new IllegalArgumentException("unknown interval '" + name + "' (valid, case-sensitive: " + valid + ")");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
