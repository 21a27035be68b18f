package dev.candlesignal.journal;

import dev.candlesignal.StreamKey;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The last candle of a stream that the journal has seen, and what the next candle needs from it: its close (to
 * score the direction and to price a timeout), the direction of that candle (for the previous-direction baseline)
 * and the probability predicted on it (scored when the next candle closes). After a restart the tracker ignores
 * every candle up to {@link #lastOpenTime()} and resumes from the next one.
 *
 * <p>Immutable.
 *
 * @param stream the stream
 * @param lastOpenTime open time of the last candle seen
 * @param lastClose its close
 * @param lastDirection whether it closed above the candle before it ({@link Direction#UNKNOWN} after a gap or for
 *     the first candle)
 * @param pending the prediction made on it, to be scored against the next candle's direction
 */
public record StreamCursor(StreamKey stream, Instant lastOpenTime, double lastClose, Direction lastDirection,
        Optional<PendingPrediction> pending) {

    /** A candle's direction relative to the candle before it. */
    public enum Direction {
        /** Closed above the previous close. */
        UP,
        /** Closed at or below the previous close. */
        NOT_UP,
        /** No contiguous previous candle. */
        UNKNOWN
    }

    /**
     * A probability predicted on the cursor's candle, not scored yet.
     *
     * <p>Immutable.
     */
    public record PendingPrediction(double probability, String modelId, String modelVersion) {
        public PendingPrediction {
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("probability must be in [0, 1] but was " + probability);
            }
            JournalEntry.requireText("modelId", modelId);
            JournalEntry.requireText("modelVersion", modelVersion);
        }
    }

    public StreamCursor {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(lastOpenTime, "lastOpenTime");
        Objects.requireNonNull(lastDirection, "lastDirection");
        Objects.requireNonNull(pending, "pending");
        JournalEntry.requireMillis("lastOpenTime", lastOpenTime);
        if (!(lastClose >= 0) || Double.isInfinite(lastClose)) {
            throw new IllegalArgumentException("lastClose must be finite and >= 0 but was " + lastClose);
        }
    }
}
