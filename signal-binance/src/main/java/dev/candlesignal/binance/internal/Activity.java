package dev.candlesignal.binance.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts work in progress (actor tasks, REST calls), excluding time spent waiting on the scheduler. Lets tests
 * that drive a virtual clock tell when the source has nothing left to do but wait for time to pass.
 *
 * <p>Thread-safe.
 */
public final class Activity {
    private final AtomicInteger busy = new AtomicInteger();

    public void enter() {
        busy.incrementAndGet();
    }

    public void exit() {
        busy.decrementAndGet();
    }

    /** Whether no work is in progress. */
    public boolean idle() {
        return busy.get() <= 0;
    }
}
