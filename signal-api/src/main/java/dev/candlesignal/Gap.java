package dev.candlesignal;

import java.time.Instant;
import java.util.Objects;

/**
 * Candles missing from a stream: the candle that opened at {@code nextOpenTime} follows the one that opened
 * at {@code previousOpenTime}, with {@code missingCandles} interval slots between them. Exchanges do have
 * outages (Binance skipped 24 hours of 1h candles between July 2019 and June 2020), so a gap is reported and
 * processing continues; rolling features then span the hole, exactly as the reference implementation does.
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
}
