package dev.candlesignal.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A model's {@code current} pointer: which version serves, which served before, when and why it changed. The store
 * replaces it atomically (a new file renamed over the old), so a reader sees the old pointer or the new one.
 *
 * <p>Immutable.
 *
 * @param version the version that serves
 * @param previous the version that served before, if any
 * @param changedAt when the pointer was set, on the store's clock
 * @param reason why, on one line (for example {@code promoted by retraining}, {@code rollback})
 */
public record Pointer(String version, Optional<String> previous, Instant changedAt, String reason) {
    public Pointer {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(changedAt, "changedAt");
        Objects.requireNonNull(reason, "reason");
        if (reason.indexOf('\n') >= 0 || reason.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("reason must be one line but was '" + reason + "'");
        }
    }
}
