package dev.candlesignal.store;

import java.io.IOException;

/**
 * The points inside a save, promote and prune at which a crash test stops the store: tests inject an implementation
 * that throws an {@link Error} (which the store never catches, so nothing is cleaned up, as after a real crash) or
 * that pauses until a parent process kills the JVM. Production code uses {@link #NONE}.
 *
 * <p>Implementations are thread-safe.
 */
interface Steps {

    /** Called when the store has reached {@code step} (for example {@code save:renamed}). */
    void reached(String step) throws IOException;

    /** No crash points. */
    Steps NONE = step -> {
    };
}
