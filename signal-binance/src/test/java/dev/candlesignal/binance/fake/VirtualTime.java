package dev.candlesignal.binance.fake;

import dev.candlesignal.binance.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A virtual clock and the {@link Scheduler} that runs on it, for tests: time stands still until the test calls
 * {@link #advance}, which moves it forward task by task, running each due task on the calling thread at its due
 * time. Listeners registered with {@link #onAdvance} run at the end of every advance (the fake Binance uses this
 * to push stream events for the new time).
 *
 * <p>Thread-safe; advance from one thread at a time.
 */
public final class VirtualTime extends Clock implements Scheduler {
    private static final class Entry {
        final Instant due;
        final long seq;
        final Runnable task;
        volatile boolean cancelled;

        Entry(Instant due, long seq, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.task = task;
        }
    }

    private final Object lock = new Object();
    private final PriorityQueue<Entry> queue = new PriorityQueue<>(
            Comparator.comparing((Entry e) -> e.due).thenComparingLong(e -> e.seq));
    private final List<Consumer<Instant>> listeners = new CopyOnWriteArrayList<>();
    private Instant now;
    private long seq;

    public VirtualTime(Instant start) {
        this.now = start;
    }

    @Override
    public Instant instant() {
        synchronized (lock) {
            return now;
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        VirtualTime self = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId z) {
                return self.withZone(z);
            }

            @Override
            public Instant instant() {
                return self.instant();
            }
        };
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Entry e;
        synchronized (lock) {
            e = new Entry(delay.isNegative() ? now : now.plus(delay), seq++, task);
            queue.add(e);
        }
        return () -> {
            e.cancelled = true;
            synchronized (lock) {
                queue.remove(e);
            }
        };
    }

    /** Moves time forward by {@code d}, running due tasks in order at their due times, then the listeners. */
    public void advance(Duration d) {
        advanceTo(instant().plus(d));
    }

    /** Moves time to {@code target} (never backwards); see {@link #advance}. */
    public void advanceTo(Instant target) {
        while (true) {
            Entry e;
            synchronized (lock) {
                e = queue.peek();
                if (e == null || e.due.isAfter(target)) {
                    if (target.isAfter(now)) {
                        now = target;
                    }
                    break;
                }
                queue.poll();
                if (e.due.isAfter(now)) {
                    now = e.due;
                }
            }
            if (!e.cancelled) {
                e.task.run();
            }
        }
        Instant t = instant();
        for (Consumer<Instant> l : listeners) {
            l.accept(t);
        }
    }

    /** When the next task is due, if any. */
    public Optional<Instant> nextDue() {
        synchronized (lock) {
            return Optional.ofNullable(queue.peek()).map(e -> e.due);
        }
    }

    /** Tasks waiting to run. */
    public int pending() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /** Runs {@code listener} with the new time after every advance. */
    public void onAdvance(Consumer<Instant> listener) {
        listeners.add(listener);
    }

    @Override
    public String toString() {
        return "VirtualTime[" + instant() + "]";
    }
}
