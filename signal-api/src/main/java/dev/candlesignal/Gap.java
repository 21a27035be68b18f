package dev.candlesignal;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Candles missing from a stream: the candle that opened at {@code nextOpenTime} follows the one that opened
 * at {@code previousOpenTime}, with {@code missingCandles} interval slots between them. Exchanges do have
 * outages (Binance skipped 24 hours of 1h candles between July 2019 and June 2020), so a gap is reported and
 * processing continues; rolling features then span the hole, exactly as the reference implementation does.
 *
 * <p>{@link #between} is the one rule for when two consecutive candles leave a gap: sources use it to report gaps
 * ({@link CandleListener#onGap}) and the engine uses it for candles it is handed directly.
 *
 * <p>Immutable.
 */
public record Gap(StreamKey stream, Instant previousOpenTime, Instant nextOpenTime, long missingCandles) {
    public Gap {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(previousOpenTime, "previousOpenTime");
        Objects.requireNonNull(nextOpenTime, "nextOpenTime");
        if (missingCandles < 1) {
            throw new IllegalArgumentException("a gap has at least one missing candle, not " + missingCandles);
        }
    }

    /**
     * Interval slots strictly between two consecutive candles of a stream of this {@code interval}: 0 when the
     * candle opened at {@code nextOpenTime} directly follows the one opened at {@code previousOpenTime} (or does not
     * come after it at all).
     */
    public static long missingBetween(Interval interval, Instant previousOpenTime, Instant nextOpenTime) {
        Objects.requireNonNull(interval, "interval");
        return Math.max(0, interval.slotsBetween(previousOpenTime, nextOpenTime) - 1);
    }

    /**
     * The gap between two consecutive candles of {@code stream}, or empty when none is missing. Allocation-free
     * when there is no gap.
     */
    public static Optional<Gap> between(StreamKey stream, Instant previousOpenTime, Instant nextOpenTime) {
        long missing = missingBetween(stream.interval(), previousOpenTime, nextOpenTime);
        return missing > 0 ? Optional.of(new Gap(stream, previousOpenTime, nextOpenTime, missing)) : Optional.empty();
    }
}
