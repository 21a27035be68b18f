package dev.candlesignal.binance.fake;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded waits for a condition, polled every millisecond; a timeout fails with a message that says what was
 * awaited and the state seen last. No test waits a fixed time.
 */
public final class Await {
    private Await() {
    }

    /**
     * Returns once {@code condition} holds.
     *
     * @throws AssertionError after {@code timeout} of real time, with {@code what} and {@code state}
     */
    public static void until(BooleanSupplier condition, Duration timeout, String what, Supplier<?> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last state: "
                        + state.get());
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** {@link #until(BooleanSupplier, Duration, String, Supplier)} without a state description. */
    public static void until(BooleanSupplier condition, Duration timeout, String what) {
        until(condition, timeout, what, () -> "(not recorded)");
    }
}
