package dev.candlesignal.binance.internal;

import dev.candlesignal.binance.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Blocking waits measured on the injected clock: a wait is a scheduler task that wakes the waiting thread, so a
 * virtual clock can end it. {@link #close()} ends every wait with a {@link SourceClosedException}.
 *
 * <p>Thread-safe.
 */
public final class Waiter implements AutoCloseable {
    private final Clock clock;
    private final Scheduler scheduler;
    private final Activity activity;
    private final Set<CompletableFuture<Void>> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public Waiter(Clock clock, Scheduler scheduler, Activity activity) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.activity = activity;
    }

    /** Sleeps for {@code duration} of clock time. */
    public void sleep(Duration duration) throws InterruptedException {
        sleepUntil(clock.instant().plus(duration));
    }

    /**
     * Returns once the clock reads {@code deadline} or later.
     *
     * @throws SourceClosedException if the waiter is closed first
     * @throws InterruptedException if the thread is interrupted
     */
    public void sleepUntil(Instant deadline) throws InterruptedException {
        while (true) {
            checkOpen();
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return;
            }
            CompletableFuture<Void> wake = new CompletableFuture<>();
            pending.add(wake);
            Thread self = Thread.currentThread();
            Scheduler.Cancellable timer = scheduler.schedule(left, () -> {
                activity.woken(self);
                wake.complete(null);
            });
            if (closed) {
                wake.cancel(false);
            }
            activity.sleeping();
            try {
                wake.get();
            } catch (CancellationException e) {
                throw new SourceClosedException("closed while waiting until " + deadline);
            } catch (ExecutionException e) {
                throw new IllegalStateException("wake-up failed", e.getCause());
            } finally {
                activity.woken(self);
                timer.cancel();
                pending.remove(wake);
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new SourceClosedException("the Binance source is closed");
        }
    }

    /** Ends every current and future wait with a {@link SourceClosedException}. Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (CompletableFuture<Void> f : pending) {
            f.cancel(false);
        }
    }
}
