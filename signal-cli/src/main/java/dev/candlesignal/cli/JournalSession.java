package dev.candlesignal.cli;

import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.journal.JournalException;
import dev.candlesignal.journal.Outcome;
import dev.candlesignal.journal.OutcomeTracker;
import dev.candlesignal.journal.SignalJournal;
import dev.candlesignal.journal.SignalRecord;
import dev.candlesignal.journal.TrackerHealth;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code --journal} for replay and live: the journal file and the tracker attached to the engine. Closing it writes
 * what is queued, prints one summary line to stderr, and reports a journal that failed on the way as a user error
 * (the signals on stdout are complete either way).
 */
final class JournalSession implements AutoCloseable {
    private final SignalJournal journal;
    private final OutcomeTracker tracker;
    private final PrintWriter err;
    private boolean closed;

    private JournalSession(SignalJournal journal, OutcomeTracker tracker, PrintWriter err) {
        this.journal = journal;
        this.tracker = tracker;
        this.err = err;
    }

    /** Opens the journal and attaches a tracker with the options' rule, or returns null without {@code --journal}. */
    static JournalSession open(JournalOptions options, SignalEngine engine, PrintWriter err) {
        if (options.journal == null) {
            return null;
        }
        SignalJournal journal = options.openForWriting();
        try {
            OutcomeTracker tracker = OutcomeTracker.builder().journal(journal).rule(options.rule(journal.rule()))
                    .attach(engine);
            return new JournalSession(journal, tracker, err);
        } catch (RuntimeException e) {
            journal.close();
            throw e;
        }
    }

    /** Writes what is queued, closes the journal and prints its summary. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            tracker.close();
            TrackerHealth health = tracker.health();
            Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
            int total = 0;
            for (SignalRecord r : journal.signals()) {
                counts.merge(r.outcome(), 1, Integer::sum);
                total++;
            }
            err.printf("  journal %s: %d signals (%d WIN, %d LOSS, %d TIMEOUT, %d PENDING), %s; %d candle updates "
                    + "written this run%n", journal.name().replaceFirst("^journal ", ""), total,
                    counts.getOrDefault(Outcome.WIN, 0), counts.getOrDefault(Outcome.LOSS, 0),
                    counts.getOrDefault(Outcome.TIMEOUT, 0), counts.getOrDefault(Outcome.PENDING, 0), tracker.rule(),
                    health.written());
            err.flush();
            if (health.failure().isPresent()) {
                JournalException failure = health.failure().get();
                throw new JournalException(failure.journal(), failure.problem() + " (" + health.dropped()
                        + " candle updates not written; run again with the same candles to complete the journal)",
                        failure);
            }
        } finally {
            journal.close();
        }
    }
}
