package dev.candlesignal.retrain;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock set by hand to candle time, for running the retraining loop over history: the replay sets it to the moment
 * each candle closes before it feeds the candle, so that the policy, the history fetch, the decisions and the store
 * all see the time the candle stream has reached.
 *
 * <p>Thread-safe. Time never moves backwards: {@link #set} refuses an earlier instant.
 */
public final class SimulationClock extends Clock {
    private volatile Instant now;

    /** A clock showing {@code start}. */
    public SimulationClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    /**
     * Moves the clock to {@code instant}.
     *
     * @throws IllegalArgumentException if it is before the clock's time
     */
    public synchronized void set(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        if (instant.isBefore(now)) {
            throw new IllegalArgumentException("a simulation clock does not go back: " + instant + " is before "
                    + now);
        }
        now = instant;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone)) {
            return this;
        }
        throw new UnsupportedOperationException("a simulation clock is in UTC");
    }

    @Override
    public String toString() {
        return "SimulationClock[" + now + "]";
    }
}
