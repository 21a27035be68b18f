package dev.candlesignal.journal;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The state and counters of an {@link OutcomeTracker} and its journal writer: what a health check or a metrics
 * exporter reads. Every candle update the tracker produced is either written, still queued, or counted in
 * {@link #dropped()}; nothing disappears without a count.
 *
 * <p>Immutable.
 *
 * @param state RUNNING, FAILED (the journal stopped; see {@link #failure()}) or CLOSED
 * @param updates candle updates produced (one per candle the tracker used)
 * @param written updates written to the journal
 * @param queued updates waiting for the writer
 * @param dropped updates not written because the journal had failed (they are written again when the same candles
 *     are replayed after a restart)
 * @param blockedOffers times the engine thread found the writer's queue full and had to wait
 * @param blockedTime total time the engine threads waited for room in the queue
 * @param signals BUYs and SELLs this tracker recorded (from attach on)
 * @param resolved signals this tracker resolved (from attach on, including ones pending from an earlier run)
 * @param rejectedSignals emitted signals that could not be journaled (invalid levels from a custom policy, a
 *     time finer than milliseconds); each was logged
 * @param openSignals signals tracked in memory, not resolved yet
 * @param failure why the journal stopped, when it did
 */
public record TrackerHealth(State state, long updates, long written, long queued, long dropped, long blockedOffers,
        Duration blockedTime, long signals, long resolved, long rejectedSignals, long openSignals,
        Optional<JournalException> failure) {

    /** The writer's state. */
    public enum State {
        /** Writing. */
        RUNNING,
        /** The journal failed (or the writer fell behind for longer than allowed); nothing more is written. */
        FAILED,
        /** The tracker was closed. */
        CLOSED
    }

    public TrackerHealth {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(blockedTime, "blockedTime");
        Objects.requireNonNull(failure, "failure");
    }

    /** Whether the journal is being written normally. */
    public boolean healthy() {
        return state == State.RUNNING;
    }

    @Override
    public String toString() {
        return state + ": " + updates + " candle updates, " + written + " written, " + queued + " queued, " + dropped
                + " dropped; queue full " + blockedOffers + " times (" + blockedTime.toMillis() + " ms waited); "
                + signals + " signals recorded, " + resolved + " resolved, " + rejectedSignals + " rejected, "
                + openSignals + " open"
                + failure.map(f -> "; failure: " + f.getMessage()).orElse("");
    }
}
