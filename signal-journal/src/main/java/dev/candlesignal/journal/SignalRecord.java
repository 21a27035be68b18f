package dev.candlesignal.journal;

import java.util.Objects;
import java.util.Optional;

/**
 * A journaled signal and, once decided, its resolution: one line of {@code candlesignal outcomes}.
 *
 * <p>Immutable.
 */
public record SignalRecord(JournalEntry entry, Optional<Resolution> resolution) {
    public SignalRecord {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(resolution, "resolution");
        resolution.ifPresent(r -> {
            // a TIMEOUT with no candle inside the hold exits at the signal candle's close; other exits come later
            boolean ordered = r.outcome() == Outcome.TIMEOUT ? !r.exitTime().isBefore(entry.openTime())
                    : r.exitTime().isAfter(entry.openTime());
            if (!ordered) {
                throw new IllegalArgumentException(r.outcome() + " at " + r.exitTime() + " of " + entry.stream()
                        + " does not follow the signal candle opened at " + entry.openTime());
            }
        });
    }

    /** A signal that is still open. */
    public static SignalRecord pending(JournalEntry entry) {
        return new SignalRecord(entry, Optional.empty());
    }

    /** WIN, LOSS, TIMEOUT, or PENDING while unresolved. */
    public Outcome outcome() {
        return resolution.map(Resolution::outcome).orElse(Outcome.PENDING);
    }

    /** Whether it is still open. */
    public boolean isPending() {
        return resolution.isEmpty();
    }
}
