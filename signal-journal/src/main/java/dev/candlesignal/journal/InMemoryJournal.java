package dev.candlesignal.journal;

import dev.candlesignal.training.RetrainDecision;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link SignalJournal#inMemory()}: maps guarded by this object's monitor. {@link #append} validates the whole list
 * before changing anything, so it is atomic like a database transaction.
 *
 * <p>Thread-safe.
 */
final class InMemoryJournal implements SignalJournal {
    private final String name;
    private final Map<EntryKey, SignalRecord> signals = new HashMap<>();
    private final Map<dev.candlesignal.StreamKey, StreamCursor> cursors = new LinkedHashMap<>();
    private final Map<PredictionTally.TallyKey, PredictionTally> tallies = new HashMap<>();
    private final Map<List<Object>, RetrainDecision> decisions = new HashMap<>();
    private OutcomeRule rule;
    private boolean closed;

    InMemoryJournal(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized Optional<OutcomeRule> rule() {
        checkOpen();
        return Optional.ofNullable(rule);
    }

    @Override
    public synchronized void bindRule(OutcomeRule next) {
        Objects.requireNonNull(next, "rule");
        checkOpen();
        if (rule == null) {
            rule = next;
        } else if (!rule.equals(next)) {
            throw new JournalRuleException(name, "its outcomes were resolved with " + rule + ", not " + next);
        }
    }

    @Override
    public synchronized JournalState load() {
        checkOpen();
        List<JournalEntry> pending = new ArrayList<>();
        for (SignalRecord r : signals.values()) {
            if (r.isPending()) {
                pending.add(r.entry());
            }
        }
        pending.sort(JournalEntry.ORDER);
        return new JournalState(new ArrayList<>(cursors.values()), pending, tallies());
    }

    @Override
    public synchronized void append(List<CandleUpdate> updates) {
        Objects.requireNonNull(updates, "updates");
        checkOpen();
        for (CandleUpdate u : updates) {
            Objects.requireNonNull(u, "update");
        }
        // nothing below can fail: the updates are validated records
        for (CandleUpdate u : updates) {
            u.entry().ifPresent(e -> signals.putIfAbsent(e.key(), SignalRecord.pending(e)));
            for (CandleUpdate.ResolvedSignal r : u.resolutions()) {
                SignalRecord current = signals.get(r.key());
                if (current != null && current.isPending()) {
                    signals.put(r.key(), new SignalRecord(current.entry(), Optional.of(r.resolution())));
                }
            }
            for (PredictionTally t : u.tallies()) {
                tallies.merge(t.key(), t, (old, now) -> now.asOf().isAfter(old.asOf()) ? now : old);
            }
            cursors.merge(u.cursor().stream(), u.cursor(),
                    (old, now) -> now.lastOpenTime().isAfter(old.lastOpenTime()) ? now : old);
        }
    }

    @Override
    public synchronized List<SignalRecord> signals() {
        checkOpen();
        List<SignalRecord> out = new ArrayList<>(signals.values());
        out.sort(Comparator.comparing(SignalRecord::entry, JournalEntry.ORDER));
        return out;
    }

    @Override
    public synchronized List<PredictionTally> tallies() {
        checkOpen();
        List<PredictionTally> out = new ArrayList<>(tallies.values());
        out.sort(PredictionTally.ORDER);
        return out;
    }

    @Override
    public synchronized void recordDecision(RetrainDecision decision) {
        Objects.requireNonNull(decision, "decision");
        checkOpen();
        Decisions.checkMillis(decision);
        decisions.putIfAbsent(Decisions.key(decision), decision);
    }

    @Override
    public synchronized List<RetrainDecision> decisions() {
        checkOpen();
        List<RetrainDecision> out = new ArrayList<>(decisions.values());
        out.sort(Decisions.ORDER);
        return out;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
