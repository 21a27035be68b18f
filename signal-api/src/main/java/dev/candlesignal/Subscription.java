package dev.candlesignal;

/**
 * A running subscription to closed candles. Closing it stops delivery and releases what the subscription holds
 * (threads, sockets). {@code close()} is idempotent and may be called from any thread, including from inside a
 * listener callback.
 */
public interface Subscription extends AutoCloseable {

    /** Whether candles may still be delivered (not closed, not completed, not failed). */
    boolean isActive();

    @Override
    void close();
}
