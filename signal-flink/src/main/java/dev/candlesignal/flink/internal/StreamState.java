package dev.candlesignal.flink.internal;

import dev.candlesignal.engine.SignalEngine;
import java.util.Objects;

/**
 * One stream's state in Flink's keyed state: the engine's snapshot of the stream ({@link SignalEngine#snapshot}),
 * a compact, versioned binary form documented with the engine. Written by {@link StreamStateSerializer}.
 *
 * <p>Immutable: the array is never changed after construction (the operator builds a new state per snapshot).
 */
public record StreamState(byte[] snapshot) {
    public StreamState {
        Objects.requireNonNull(snapshot, "snapshot");
    }

    /** Size of the snapshot in bytes. */
    public int size() {
        return snapshot.length;
    }
}
