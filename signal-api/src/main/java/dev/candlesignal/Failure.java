package dev.candlesignal;

import java.util.Objects;
import java.util.Optional;

/**
 * A failure reported to {@link SignalListener#onFailure}: which stream and candle, when known, and the error.
 *
 * <p>Immutable.
 */
public record Failure(Optional<StreamKey> stream, Optional<Candle> candle, Throwable error) {
    public Failure {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(candle, "candle");
        Objects.requireNonNull(error, "error");
    }
}
