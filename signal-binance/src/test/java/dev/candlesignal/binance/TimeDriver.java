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

    TimeDriver(VirtualTime time, BinanceCandleSource source, FakeBinance fake) {
        this.time = time;
        this.source = source;
        this.fake = fake;
    }

    Instant now() {
        return time.instant();
    }

    /**
     * Waits until the source has handled every message the fake sent and has nothing left to do but wait for
     * time; repeats while handling made the fake send more (answers to SUBSCRIBE, new sockets).
     */
    void settle() {
        for (int round = 0; round < 50; round++) {
            quiet();
            long sent = fake.framesSent();
            int sockets = fake.openSockets();
            fake.barrier(REAL_TIMEOUT);
            quiet();
            if (fake.framesSent() == sent && fake.openSockets() == sockets) {
                return;
            }
        }
        throw new AssertionError("the source did not settle: the fake keeps sending; " + source.health());
    }

    /**
     * Waits until the source has no work in hand and the fake has registered every socket the client opened: the
     * client counts a socket open when the 101 arrives, the fake a moment later, and a barrier taken in between
     * would pass that socket by. Totals, not the sockets open now: after the fake drops a socket, the client may
     * go on counting it open until its silence timeout, which only virtual time brings.
     */
    private void quiet() {
        Await.until(source::idle, REAL_TIMEOUT, "the source to settle", () -> time + " " + source.health());
        Await.until(() -> fake.socketsOpened() >= source.health().socketsOpened(), REAL_TIMEOUT,
                "the fake to register every socket the client opened", () -> fake.socketsOpened() + " opened at the"
                        + " fake; " + source.health());
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
                        + source.health() + "; " + time + " pending " + time.pending() + threadDump());
            }
            step(step);
        }
    }

    private static String threadDump() {
        StringBuilder sb = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, st) -> {
            if (t.getName().startsWith("Thread-") || t.getName().startsWith("candlesignal-binance-sub")
                    || t.getName().startsWith("time-driver")) {
                sb.append("\n").append(t.getName()).append(" ").append(t.getState());
                for (int i = 0; i < Math.min(st.length, 12); i++) {
                    sb.append("\n    at ").append(st[i]);
                }
            }
        });
        return sb.toString();
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
