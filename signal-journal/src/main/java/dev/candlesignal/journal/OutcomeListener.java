package dev.candlesignal.journal;

/**
 * Hears about resolved signals from an {@link OutcomeTracker}, and about its journal failing.
 *
 * <p>{@link #onOutcome} is called on the engine thread that processed the resolving candle, as soon as the outcome
 * is known in memory (before it is on disk); calls for one stream never overlap. Keep it short, or hand off to your
 * own executor: a slow listener delays the engine. Exceptions are logged and ignored.
 */
@FunctionalInterface
public interface OutcomeListener {

    /** A signal was resolved (WIN, LOSS or TIMEOUT). */
    void onOutcome(SignalRecord resolved);

    /**
     * The journal failed and the tracker stopped writing it (see {@link OutcomeTracker}): called once, on the
     * thread that saw the failure. Outcomes keep being resolved in memory and reported to {@link #onOutcome}.
     */
    default void onJournalFailure(JournalException error) {
    }
}
