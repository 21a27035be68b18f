package dev.candlesignal.binance.internal;

import dev.candlesignal.binance.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock whose scheduler jumps: {@code schedule(d, task)} moves the clock forward by {@code d} and runs the
 * task at once, on the calling thread. Every wait of single-threaded code under test then takes no real time
 * and is fully deterministic.
 *
 * <p>Not thread-safe; for single-threaded unit tests.
 */
final class ImmediateTime extends Clock implements Scheduler {
    private Instant now;

    ImmediateTime(Instant start) {
        this.now = start;
    }

    @Override
    public Instant instant() {
        return now;
    }

    /** Moves the clock to {@code t} unless it is already later. */
    void atLeast(Instant t) {
        if (t.isAfter(now)) {
            now = t;
        }
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        if (delay.isPositive()) {
            now = now.plus(delay);
        }
        task.run();
        return () -> { };
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
