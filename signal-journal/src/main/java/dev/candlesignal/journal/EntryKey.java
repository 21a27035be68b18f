package dev.candlesignal.journal;

import dev.candlesignal.StreamKey;
import java.time.Instant;
import java.util.Objects;

/**
 * The natural key of a {@link JournalEntry}: a stream emits at most one signal per candle and model, so writing
 * the same entry twice (a replay after a restart) is a no-op.
 *
 * <p>Immutable.
 */
public record EntryKey(StreamKey stream, Instant openTime, String modelId, String modelVersion) {
    public EntryKey {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(openTime, "openTime");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(modelVersion, "modelVersion");
    }
}
