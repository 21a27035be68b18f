package dev.candlesignal.binance.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts work in progress that could finish without the clock moving: REST calls, {@code history} calls and
 * connection attempts in flight. A thread waiting on the injected clock ({@link Waiter}) does not count while it
 * waits. Lets tests that drive a virtual clock tell when the source has nothing left to do but wait for time.
 *
 * <p>{@link #enter()}/{@link #exit()} nest per thread; {@link #enterAsync()}/{@link #exitAsync()} count work
 * not bound to a thread.
 *
 * <p>Thread-safe.
 */
public final class Activity {
    private final AtomicInteger busy = new AtomicInteger();
    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);
    /** Threads waiting on the clock, and whether each gave up a unit of work to wait. */
    private final Map<Thread, Boolean> sleeping = new ConcurrentHashMap<>();

    public void enter() {
        if (depth.get()[0]++ == 0) {
            busy.incrementAndGet();
        }
    }

    public void exit() {
        if (--depth.get()[0] == 0) {
            busy.decrementAndGet();
        }
    }

    public void enterAsync() {
        busy.incrementAndGet();
    }

    public void exitAsync() {
        busy.decrementAndGet();
    }

    /** The calling thread starts waiting on the clock. */
    void sleeping() {
        boolean held = depth.get()[0] > 0;
        if (held) {
            busy.decrementAndGet();
        }
        sleeping.put(Thread.currentThread(), held);
    }

    /**
     * {@code thread} stops waiting on the clock; called by whoever wakes it (before waking it, so that it counts
     * as busy at once) and by the thread itself. Idempotent.
     */
    void woken(Thread thread) {
        Boolean held = sleeping.remove(thread);
        if (held != null && held) {
            busy.incrementAndGet();
        }
    }

    /** Whether {@code thread} waits on the clock now. */
    public boolean isSleeping(Thread thread) {
        return sleeping.containsKey(thread);
    }

    /** Whether no counted work is in progress. */
    public boolean idle() {
        return busy.get() <= 0;
    }
}
