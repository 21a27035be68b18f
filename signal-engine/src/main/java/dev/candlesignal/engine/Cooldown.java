package dev.candlesignal.engine;

import dev.candlesignal.Interval;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long a stream's emitted BUY (SELL) suppresses the next BUY (SELL); the opposite direction is never suppressed.
 * Measured on the candles' open times, never on the wall clock, in one of two units:
 * <ul>
 *   <li>{@link #of(Duration) time}: a signal whose candle opened <em>less than</em> the duration after the last
 *       emitted one is suppressed. The engine's default, 60 minutes, suppresses the next 59 candles on 1m candles,
 *       the next 3 on 15m, the next 1 on 30m, and <em>nothing</em> on 1h or longer candles (the next 1h candle
 *       opens exactly 60 minutes later);</li>
 *   <li>{@link #ofCandles(int) candles}: the next {@code n} candles after an emitted signal cannot emit the same
 *       direction; the one after them can. Candles are counted as interval slots ({@link Interval#slotsBetween}),
 *       so missing candles count too and an exchange outage does not stretch the cooldown. {@code ofCandles(3)} on
 *       1h candles is the same as {@code of(Duration.ofHours(4))}.</li>
 * </ul>
 *
 * <p>Immutable.
 */
public final class Cooldown {
    private static final Cooldown NONE = new Cooldown(Duration.ZERO, 0, false);

    private final Duration duration;
    private final long millis;
    private final int candles;
    private final boolean inCandles;

    private Cooldown(Duration duration, int candles, boolean inCandles) {
        this.duration = duration;
        this.millis = duration.toMillis();
        this.candles = candles;
        this.inCandles = inCandles;
    }

    /**
     * A cooldown in candle time.
     *
     * @throws IllegalArgumentException if negative, or too long to count in milliseconds
     */
    public static Cooldown of(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("cooldown must be >= 0 but was " + duration);
        }
        try {
            duration.toMillis();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("cooldown " + duration + " is too long to count in milliseconds", e);
        }
        return duration.isZero() ? NONE : new Cooldown(duration, 0, false);
    }

    /**
     * A cooldown of {@code candles} candles: the next {@code candles} candles after an emitted signal cannot emit
     * the same direction.
     *
     * @throws IllegalArgumentException if negative
     */
    public static Cooldown ofCandles(int candles) {
        if (candles < 0) {
            throw new IllegalArgumentException("cooldown must be >= 0 candles but was " + candles);
        }
        return candles == 0 ? NONE : new Cooldown(Duration.ZERO, candles, true);
    }

    /** No cooldown: every signal is emitted. */
    public static Cooldown none() {
        return NONE;
    }

    /** Whether it is counted in candles ({@link #ofCandles}) rather than time. */
    public boolean inCandles() {
        return inCandles;
    }

    /** The duration of a time cooldown; {@link Duration#ZERO} for one in candles. */
    public Duration duration() {
        return duration;
    }

    /** The number of candles of a cooldown in candles; 0 for one in time. */
    public int candles() {
        return candles;
    }

    /**
     * Whether a same-direction signal on the candle opened at {@code open} is suppressed by the one emitted on the
     * candle opened at {@code lastOpen}. Allocation-free except for monthly candles (calendar arithmetic). Public so
     * that a backtest replaying decisions over precomputed probabilities applies this very rule.
     */
    public boolean suppresses(Interval interval, Instant lastOpen, Instant open) {
        if (inCandles) {
            return interval.slotsBetween(lastOpen, open) <= candles;
        }
        return open.toEpochMilli() - lastOpen.toEpochMilli() < millis;
    }

    /** E.g. {@code 60 min}, {@code 1500 ms}, {@code 3 candles}, {@code none}. */
    @Override
    public String toString() {
        if (inCandles) {
            return candles + (candles == 1 ? " candle" : " candles");
        }
        if (duration.isZero()) {
            return "none";
        }
        if (duration.toSecondsPart() == 0 && duration.toNanosPart() == 0) {
            return duration.toMinutes() + " min";
        }
        return duration.toMillis() + " ms";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cooldown other && inCandles == other.inCandles && candles == other.candles
                && duration.equals(other.duration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(duration, candles, inCandles);
    }
}
