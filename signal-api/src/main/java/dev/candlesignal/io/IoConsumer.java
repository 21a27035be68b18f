package dev.candlesignal.io;

import java.io.IOException;

/**
 * A consumer that may throw {@link IOException}: the body of {@link AtomicFile#write} and
 * {@link AtomicFile#writeText}.
 *
 * @param <T> what it consumes
 */
@FunctionalInterface
public interface IoConsumer<T> {
    /** Consumes {@code value}; throwing leaves the file being written unchanged. */
    void accept(T value) throws IOException;
}
