package dev.candlesignal.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stops a long operation cleanly when the JVM shuts down (Ctrl-C, SIGTERM): a shutdown hook interrupts the thread
 * that runs it and waits, up to a bound, until that thread reports {@link #finished()}, so the operation can remove
 * what it started to write before the JVM halts. {@link #close()} removes the hook.
 *
 * <p>Thread-safe.
 */
final class StopOnShutdown implements AutoCloseable {
    private final Thread worker;
    private final long waitSeconds;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private StopOnShutdown(Thread worker, long waitSeconds) {
        this.worker = worker;
        this.waitSeconds = waitSeconds;
        this.hook = new Thread(this::stop, "candlesignal-stop");
    }

    /** Installs the hook for {@code worker}. */
    static StopOnShutdown install(Thread worker, long waitSeconds) {
        StopOnShutdown s = new StopOnShutdown(worker, waitSeconds);
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    /** What the hook runs: interrupts the worker and waits for {@link #finished()} (or the bound). */
    void stop() {
        if (finished.getCount() == 0) {
            return;
        }
        worker.interrupt();
        try {
            finished.await(waitSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The worker is done (normally or not): the hook need not wait. */
    void finished() {
        finished.countDown();
    }

    @Override
    public void close() {
        finished();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running or ran
        }
    }
}
