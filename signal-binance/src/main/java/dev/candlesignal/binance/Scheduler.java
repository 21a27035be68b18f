package dev.candlesignal.binance;

import java.time.Duration;

/**
 * Runs a task once after a delay. Everything in the source that waits (reconnect backoff, the silence
 * watchdog, rate-limit windows and bans, planned rotation, SUBSCRIBE pacing) goes through this interface and the
 * source's {@link java.time.Clock}, so a test can drive both from one virtual time and finish in seconds.
 *
 * <p>The delay is measured on the same time line as the clock given to the source: a scheduler and a clock
 * must agree. Tasks are short and never block (the source only hands work to its own threads from them);
 * a scheduler may run them on any thread, including the one that advances a virtual clock.
 *
 * <p>Implementations are thread-safe.
 */
public interface Scheduler {

    /**
     * Runs {@code task} once, {@code delay} from now (immediately, but not on the calling thread's stack, for a
     * delay of zero or less is allowed too).
     *
     * @return a handle that cancels the task if it has not started
     */
    Cancellable schedule(Duration delay, Runnable task);

    /** Cancels a scheduled task. Thread-safe. */
    interface Cancellable {
        /** Cancels the task if it has not started; idempotent. */
        void cancel();
    }
}
