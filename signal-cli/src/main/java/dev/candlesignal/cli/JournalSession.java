package dev.candlesignal.cli;

import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.journal.JournalException;
import dev.candlesignal.journal.Outcome;
import dev.candlesignal.journal.OutcomeTracker;
import dev.candlesignal.journal.SignalJournal;
import dev.candlesignal.journal.TrackerHealth;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code --journal} for replay and live: the journal file and the tracker attached to the engine. Closing it writes
 * what is queued, prints one summary line to stderr, and reports a journal that failed on the way as a user error
 * (the signals on stdout are complete either way).
 */
final class JournalSession implements AutoCloseable {
    private final SignalJournal journal;
    private final OutcomeTracker tracker;
    private final PrintWriter err;
    /** Whether the journal is the user's file (summarised at the end) or an in-memory one for the retraining loop. */
    private final boolean announce;
    /** Outcomes resolved in this run, by kind (the tracker's listener runs on engine threads). */
    private final Map<Outcome, LongAdder> outcomes = new EnumMap<>(Outcome.class);
    private boolean closed;

    private JournalSession(SignalJournal journal, OutcomeTracker tracker, PrintWriter err, boolean announce) {
        this.journal = journal;
        this.tracker = tracker;
        this.err = err;
        this.announce = announce;
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, new LongAdder());
        }
        tracker.addListener(r -> outcomes.get(r.outcome()).increment());
    }

    /** Opens the journal and attaches a tracker with the options' rule, or returns null without {@code --journal}. */
    static JournalSession open(JournalOptions options, SignalEngine engine, PrintWriter err) {
        if (options.journal == null) {
            return null;
        }
        return attach(options, options.openForWriting(), engine, err, true);
    }

    /**
     * Like {@link #open}, but without {@code --journal} an in-memory journal takes the file's place: the retraining
     * loop reads outcomes from a tracker either way.
     */
    static JournalSession openOrInMemory(JournalOptions options, SignalEngine engine, PrintWriter err) {
        if (options.journal != null) {
            return open(options, engine, err);
        }
        return attach(options, SignalJournal.inMemory(), engine, err, false);
    }

    private static JournalSession attach(JournalOptions options, SignalJournal journal, SignalEngine engine,
            PrintWriter err, boolean announce) {
        try {
            OutcomeTracker tracker = OutcomeTracker.builder().journal(journal).rule(options.rule(journal.rule()))
                    .attach(engine);
            return new JournalSession(journal, tracker, err, announce);
        } catch (RuntimeException e) {
            journal.close();
            throw e;
        }
    }

    /** The tracker attached to the engine. */
    OutcomeTracker tracker() {
        return tracker;
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
            if (!announce) {
                return;
            }
            TrackerHealth health = tracker.health();
            // this run's counts, from the tracker: reading the whole journal back could be millions of rows
            err.printf("  journal %s: %d signals recorded, %d resolved (%d WIN, %d LOSS, %d TIMEOUT), %d pending; %d "
                    + "candle updates written; %s%n", journal.name().replaceFirst("^journal ", ""), health.signals(),
                    health.resolved(), outcomes.get(Outcome.WIN).sum(), outcomes.get(Outcome.LOSS).sum(),
                    outcomes.get(Outcome.TIMEOUT).sum(), health.openSignals(), health.written(), tracker.rule());
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
