package dev.candlesignal.binance.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The exchange's time as seen through the injected clock: {@code clock + offset}, where the offset is measured
 * with {@code GET /api/v3/time} as {@code serverTime - (sent + received) / 2}. Every "is this candle closed"
 * decision reads {@link #now()}, so a client clock that runs ahead or behind cannot turn a forming candle into a
 * closed one.
 *
 * <p>Thread-safe.
 */
public final class ServerClock {
    private final Clock clock;
    private final Duration resyncEvery;
    private volatile long offsetMillis;
    private volatile Instant lastSync;

    public ServerClock(Clock clock, Duration resyncEvery) {
        this.clock = clock;
        this.resyncEvery = resyncEvery;
    }

    /** The injected (local) clock. */
    public Clock local() {
        return clock;
    }

    /** The exchange's current time, estimated. */
    public Instant now() {
        return clock.instant().plusMillis(offsetMillis);
    }

    /** The measured offset (exchange minus local); zero before the first measurement. */
    public Duration offset() {
        return Duration.ofMillis(offsetMillis);
    }

    /** Whether the offset was never measured or was measured longer ago than the resync period. */
    public boolean needsSync() {
        Instant last = lastSync;
        return last == null || !clock.instant().isBefore(last.plus(resyncEvery));
    }

    /** Records one measurement: a request sent at {@code sent}, answered with {@code serverTime}, back at {@code received}. */
    public void update(Instant sent, Instant serverTime, Instant received) {
        long midpoint = sent.toEpochMilli() + (received.toEpochMilli() - sent.toEpochMilli()) / 2;
        offsetMillis = serverTime.toEpochMilli() - midpoint;
        lastSync = received;
    }
}
