package dev.candlesignal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Binance's kline intervals, with their wire names (case-sensitive: {@code 1m} is a minute, {@code 1M} a month)
 * and durations. All but {@link #MONTH_1} have a fixed duration; months follow the UTC calendar.
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
