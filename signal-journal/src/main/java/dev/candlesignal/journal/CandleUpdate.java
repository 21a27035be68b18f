package dev.candlesignal.journal;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one candle changed in the journal, written as one unit: the stream's new cursor, the signal emitted on
 * this candle (if any), the signals this candle resolved, and the tallies it touched. Journals apply a list of
 * updates atomically ({@link SignalJournal#append}), so after a crash the journal holds a prefix of every stream's
 * updates and the tracker resumes after the cursor.
 *
 * <p>Applying an update is idempotent: entries are keyed naturally and inserted once, a resolution only fills a
 * pending entry, and cursors and tallies only replace older ones.
 *
 * <p>Immutable.
 *
 * @param cursor the stream after this candle
 * @param entry the BUY or SELL emitted on this candle
 * @param resolutions the earlier signals this candle resolved
 * @param tallies the tallies this candle changed (the prediction made on it, the one scored by it)
 */
public record CandleUpdate(StreamCursor cursor, Optional<JournalEntry> entry, List<ResolvedSignal> resolutions,
        List<PredictionTally> tallies) {

    public CandleUpdate {
        Objects.requireNonNull(cursor, "cursor");
        Objects.requireNonNull(entry, "entry");
        resolutions = List.copyOf(resolutions);
        tallies = List.copyOf(tallies);
        // built once per candle on the engine's thread: no lambda, no iterators
        if (entry.isPresent()) {
            JournalEntry e = entry.get();
            if (!e.stream().equals(cursor.stream()) || !e.openTime().equals(cursor.lastOpenTime())) {
                throw new IllegalArgumentException("the entry of " + e.stream() + " at " + e.openTime()
                        + " does not belong to the candle of " + cursor.stream() + " at " + cursor.lastOpenTime());
            }
        }
        for (int i = 0; i < resolutions.size(); i++) {
            ResolvedSignal r = resolutions.get(i);
            if (!r.key().stream().equals(cursor.stream()) || r.resolution().exitTime().isAfter(cursor.lastOpenTime())) {
                throw new IllegalArgumentException("resolution " + r + " does not belong to the candle of "
                        + cursor.stream() + " at " + cursor.lastOpenTime());
            }
        }
        for (int i = 0; i < tallies.size(); i++) {
            PredictionTally t = tallies.get(i);
            if (!t.stream().equals(cursor.stream()) || !t.asOf().equals(cursor.lastOpenTime())) {
                throw new IllegalArgumentException("tally of " + t.stream() + " as of " + t.asOf()
                        + " does not belong to the candle of " + cursor.stream() + " at " + cursor.lastOpenTime());
            }
        }
    }

    /**
     * A signal resolved by this candle.
     *
     * <p>Immutable.
     */
    public record ResolvedSignal(EntryKey key, Resolution resolution) {
        public ResolvedSignal {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(resolution, "resolution");
        }
    }
}
