package dev.candlesignal.journal;

import dev.candlesignal.training.RetrainDecision;
import java.util.List;
import java.util.Optional;

/**
 * Where journaled signals, their outcomes and the per-stream tallies are kept. An {@link OutcomeTracker} writes it;
 * {@code candlesignal outcomes} and {@code stats}, a backtest or a retraining job read it.
 *
 * <p>Implementations: {@link #inMemory()} here; SQLite and PostgreSQL in {@code signal-journal-jdbc}. Every
 * implementation passes the same contract test ({@code JournalContract} in this module's test-jar).
 *
 * <h2>Writes</h2>
 * {@link #append} applies a list of {@link CandleUpdate}s atomically: all of them or, when it throws, none. It is
 * idempotent: entries are inserted once under their natural key ({@link EntryKey}), a resolution only fills a
 * pending entry, and a cursor or tally only replaces an older one. Replaying the same candles after a restart
 * therefore writes nothing twice.
 *
 * <h2>Errors</h2>
 * Every failure is a {@link JournalException} naming the journal and the problem: {@link NotAJournalException},
 * {@link JournalSchemaException} (a newer schema), {@link JournalReadOnlyException}, {@link JournalFullException},
 * {@link JournalRuleException}, or the base type for anything else.
 *
 * <h2>Threading and ownership</h2>
 * Implementations are thread-safe; one writer at a time is expected (the tracker's writer thread), readers may run
 * beside it. Whoever opened a journal closes it; {@link #close()} is idempotent.
 */
public interface SignalJournal extends AutoCloseable {

    /** How the journal names itself in messages, for example {@code journal /data/signals.db}. */
    String name();

    /** The outcome rule the journal's outcomes were resolved with, if it was bound to one. */
    Optional<OutcomeRule> rule();

    /**
     * Binds the journal to {@code rule}: stores it if the journal has none yet, else checks that it is the same.
     *
     * @throws JournalRuleException if the journal holds outcomes resolved with another rule
     */
    void bindRule(OutcomeRule rule);

    /** What a tracker needs to resume: cursors, pending entries, tallies. */
    JournalState load();

    /**
     * Applies the updates atomically and idempotently (see the type's documentation).
     *
     * @throws JournalException if they cannot be written; then none of them was
     */
    void append(List<CandleUpdate> updates);

    /** Every journaled signal with its resolution, ordered by signal open time, then symbol, interval, model. */
    List<SignalRecord> signals();

    /** Every tally, ordered by symbol, interval, model id and version. */
    List<PredictionTally> tallies();

    /**
     * Records a retraining decision (what the retraining loop decided about a challenger, and why), beside the signals
     * it was based on. Idempotent: its key is the model id, the stream and the decision time; recording a decision
     * under a key that is taken changes nothing.
     *
     * <p>The default, for journals written before decisions existed, refuses; every journal of this project keeps
     * them (the contract test checks it).
     *
     * @throws IllegalArgumentException if a time of the decision is finer than a millisecond (the journal keeps
     *     milliseconds, like every other time it holds)
     * @throws JournalException if it cannot be written
     * @throws UnsupportedOperationException if this journal does not keep decisions
     */
    default void recordDecision(RetrainDecision decision) {
        throw new UnsupportedOperationException(name() + " does not keep retraining decisions");
    }

    /**
     * Every recorded retraining decision, ordered by time, then model id, symbol and interval. The default, for
     * journals that do not keep them, is an empty list.
     */
    default List<RetrainDecision> decisions() {
        return List.of();
    }

    /** The statistics per stream and model version, over all and over the last {@code window} (see {@link JournalStatistics}). */
    default List<StreamStatistics> statistics(int window) {
        return JournalStatistics.compute(signals(), tallies(), window);
    }

    /** Releases the journal's resources. Idempotent. */
    @Override
    void close();

    /** A journal in memory, for tests and short runs: nothing survives the JVM. */
    static SignalJournal inMemory() {
        return new InMemoryJournal("in-memory journal");
    }
}
