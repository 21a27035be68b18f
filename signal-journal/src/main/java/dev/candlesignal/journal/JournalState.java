package dev.candlesignal.journal;

import java.util.List;

/**
 * What a journal holds that a tracker needs to resume: the cursor of every stream, the signals still pending, and
 * the tallies.
 *
 * <p>Immutable.
 */
public record JournalState(List<StreamCursor> cursors, List<JournalEntry> pending, List<PredictionTally> tallies) {
    public JournalState {
        cursors = List.copyOf(cursors);
        pending = List.copyOf(pending);
        tallies = List.copyOf(tallies);
    }
}
