package dev.candlesignal.djl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The pool's hand-off and close protocol, with plain closeables standing in for DJL predictors. */
class PredictorPoolTest {

    static final class Fake implements AutoCloseable {
        final int id;
        final AtomicInteger closes = new AtomicInteger();

        Fake(int id) {
            this.id = id;
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    static PredictorPool<Fake> pool(int size, long closeWaitMillis) {
        AtomicInteger ids = new AtomicInteger();
        return new PredictorPool<>(size, () -> new Fake(ids.getAndIncrement()), "test pool", closeWaitMillis);
    }

    /** Polls (with a deadline) until the thread is parked in acquire(). */
    static void awaitWaiting(Thread t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        assertThat(t.getState()).as("thread blocked in acquire()").isEqualTo(Thread.State.WAITING);
    }

    /**
     * Polls (with a deadline) until the thread waits with a timeout or {@code result} is done, whichever comes first,
     * so that the caller can assert that it is still waiting without a fixed sleep.
     */
    static void awaitTimedWaitingOrDone(Thread t, CompletableFuture<?> result) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!result.isDone() && t.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
    }

    @Test
    void eachItemGoesToOneCallerAtATime() throws Exception {
        PredictorPool<Fake> pool = pool(2, 1000);
        Fake a = pool.acquire();
        Fake b = pool.acquire();
        assertThat(a).isNotSameAs(b);
        pool.release(a);
        assertThat(pool.acquire()).isSameAs(a);
        assertThat(pool.size()).isEqualTo(2);
    }

    @Test
    void closeWaitsForItemsInUseWakesWaitersAndClosesEverything() throws Exception {
        PredictorPool<Fake> pool = pool(1, 10_000);
        Fake held = pool.acquire();
        CompletableFuture<Fake> waiter = new CompletableFuture<>();
        Thread w = new Thread(() -> {
            try {
                waiter.complete(pool.acquire());
            } catch (Throwable t) {
                waiter.completeExceptionally(t);
            }
        });
        w.start();
        awaitWaiting(w);
        CompletableFuture<Boolean> closed = new CompletableFuture<>();
        Thread closer = new Thread(() -> closed.complete(pool.shutdown()), "closer");
        closer.start();
        awaitTimedWaitingOrDone(closer, closed);
        assertThat(closed).as("close waits for the item in use").isNotDone();
        assertThat(closer.getState()).isEqualTo(Thread.State.TIMED_WAITING);
        assertThat(held.closes).hasValue(0);
        pool.release(held);
        assertThat(closed.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(held.closes).hasValue(1);
        assertThatThrownBy(() -> waiter.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("test pool is closed");
        assertThatThrownBy(pool::acquire).isInstanceOf(IllegalStateException.class);
        assertThat(pool.shutdown()).as("second close").isFalse();
        pool.close();
        assertThat(held.closes).hasValue(1);
    }

    @Test
    void anItemStillInUseAfterTheWaitIsClosedWhenGivenBack() throws Exception {
        PredictorPool<Fake> pool = pool(2, 30);
        Fake held = pool.acquire();
        Fake idle = pool.acquire();
        pool.release(idle);
        assertThat(pool.shutdown()).as("not everything came back").isFalse();
        assertThat(idle.closes).hasValue(1);
        assertThat(held.closes).as("in use: not freed under its user").hasValue(0);
        pool.release(held);
        assertThat(held.closes).hasValue(1);
    }

    @Test
    void aFailingFactoryClosesWhatWasMade() {
        AtomicInteger made = new AtomicInteger();
        Fake first = new Fake(0);
        assertThatThrownBy(() -> new PredictorPool<>(3, () -> {
            if (made.getAndIncrement() == 1) {
                throw new IllegalStateException("boom");
            }
            return first;
        }, "p", 10)).hasMessage("boom");
        assertThat(first.closes).hasValue(1);
    }

    @Test
    void anInterruptedWaiterGetsInterruptedException() throws Exception {
        PredictorPool<Fake> pool = pool(1, 10);
        pool.acquire();
        CompletableFuture<Throwable> result = new CompletableFuture<>();
        Thread w = new Thread(() -> {
            try {
                pool.acquire();
                result.complete(null);
            } catch (Throwable t) {
                result.complete(t);
            }
        });
        w.start();
        awaitWaiting(w);
        w.interrupt();
        assertThat(result.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    }
}
