package dev.candlesignal.binance;

import dev.candlesignal.binance.fake.Await;
import dev.candlesignal.binance.fake.FakeBinance;
import dev.candlesignal.binance.fake.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.BooleanSupplier;

/**
 * Drives a {@link BinanceCandleSource} on a {@link VirtualTime}: moves time in steps and, after each, waits
 * (bounded, in real time) until the source has nothing to do but wait for time again.
 */
final class TimeDriver {
    static final Duration REAL_TIMEOUT = Duration.ofSeconds(20);

    private final VirtualTime time;
    private final BinanceCandleSource source;
    private final FakeBinance fake;
    private boolean strictFrames;

    TimeDriver(VirtualTime time, BinanceCandleSource source, FakeBinance fake) {
        this.time = time;
        this.source = source;
        this.fake = fake;
    }

    /** Also wait, when settling, until the source has received every frame the fake sent (no socket drops!). */
    TimeDriver strictFrames(boolean strict) {
        this.strictFrames = strict;
        return this;
    }

    Instant now() {
        return time.instant();
    }

    /** Waits until the source is idle. */
    void settle() {
        Await.until(() -> (!strictFrames || source.health().messagesReceived() >= fake.framesSent()) && source.idle(),
                REAL_TIMEOUT, "the source to settle", () -> time + " " + source.health() + " framesSent="
                        + fake.framesSent());
    }

    /** Advances by {@code d}, then settles. */
    void step(Duration d) {
        time.advance(d);
        settle();
    }

    /** Advances to {@code end} in steps of at most {@code step}, settling after each. */
    void runTo(Instant end, Duration step) {
        settle();
        while (time.instant().isBefore(end)) {
            Duration left = Duration.between(time.instant(), end);
            step(left.compareTo(step) < 0 ? left : step);
        }
    }

    /** Advances in steps until {@code condition} holds, at most {@code maxVirtual} of virtual time. */
    void runUntil(BooleanSupplier condition, Duration step, Duration maxVirtual, String what) {
        Instant limit = time.instant().plus(maxVirtual);
        settle();
        while (!condition.getAsBoolean()) {
            if (!time.instant().isBefore(limit)) {
                throw new AssertionError("not reached within " + maxVirtual + " of virtual time: " + what + "; "
                        + source.health());
            }
            step(step);
        }
    }

    /**
     * Runs blocking {@code work} (such as {@code history}) on another thread; whenever the source is idle and
     * waits for time, jumps the clock to the next due task.
     */
    <T> T call(Callable<T> work) throws Exception {
        FutureTask<T> task = new FutureTask<>(work);
        Thread t = new Thread(task, "time-driver-call");
        t.setDaemon(true);
        t.start();
        try {
            while (true) {
                Await.until(() -> task.isDone() || source.idle() && time.pending() > 0, REAL_TIMEOUT,
                        "the call to finish or wait for time", () -> time + " " + source.health());
                if (task.isDone()) {
                    return task.get();
                }
                time.advanceTo(time.nextDue().orElseThrow());
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        } finally {
            t.interrupt();
        }
    }
}
