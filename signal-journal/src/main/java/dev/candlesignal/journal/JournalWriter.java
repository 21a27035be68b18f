package dev.candlesignal.journal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes a journal: a bounded queue in front of it, batches of up to {@code maxBatch} updates
 * per {@link SignalJournal#append} (one transaction). The writer polls the queue (sleeping 5 ms when it is empty)
 * instead of waiting on it, so that putting an update in is a lock and a link, never a wake-up of another thread.
 *
 * <p>Policy when the queue is full: the submitting (engine) thread waits for room for at most {@code maxBlock},
 * counted in {@link TrackerHealth#blockedOffers()} and {@link TrackerHealth#blockedTime()}. If there is still no
 * room, the journal is stopped (FAILED) rather than skipping the update: skipping one would leave a hole that a
 * restart could not see, while stopping keeps the journal an exact prefix of the candles, which a restart with the
 * same candles completes. The same happens when a write fails. After a failure every update is counted as dropped
 * and nothing blocks.
 *
 * <p>Thread-safe.
 */
final class JournalWriter {
    private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);
    /** How long the idle writer sleeps before looking at the queue again (flush and close wake it at once). */
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final SignalJournal journal;
    /** Two locks (put and take): the engine threads never wait for the writer's drainTo, only for room. */
    private final LinkedBlockingQueue<CandleUpdate> queue;
    private final int capacity;
    private final int maxBatch;
    private final long maxBlockNanos;
    private final Consumer<JournalException> onFailure;
    private final Thread thread;

    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong blockedOffers = new AtomicLong();
    private final AtomicLong blockedNanos = new AtomicLong();
    private final Object progress = new Object();
    /** Updates written or dropped; guarded by {@link #progress} for waiting. */
    private long processed;
    private volatile JournalException failure;
    private volatile boolean closing;

    JournalWriter(SignalJournal journal, int capacity, int maxBatch, Duration maxBlock,
            Consumer<JournalException> onFailure) {
        this.journal = journal;
        this.capacity = capacity;
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.maxBlockNanos = maxBlock.toNanos();
        this.onFailure = onFailure;
        this.thread = new Thread(this::run, "candlesignal-journal-writer");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues an update; waits at most maxBlock for room, then stops the journal (see the class documentation). */
    void submit(CandleUpdate update) {
        submitted.incrementAndGet();
        if (failure != null) {
            drop(1);
            return;
        }
        if (queue.offer(update)) {
            return;
        }
        blockedOffers.incrementAndGet();
        long start = System.nanoTime();
        boolean queued;
        try {
            queued = queue.offer(update, maxBlockNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queued = false;
        }
        blockedNanos.addAndGet(System.nanoTime() - start);
        if (!queued) {
            fail(new JournalException(journal.name(), "the journal writer fell behind: its queue of " + capacity
                    + " candle updates stayed full for " + Duration.ofNanos(maxBlockNanos).toMillis() + " ms; "
                    + "writing stopped after the last update written (run again with the same candles to catch up)"));
            drop(1);
        }
    }

    private void run() {
        List<CandleUpdate> batch = new ArrayList<>(maxBatch);
        while (true) {
            // the writer polls rather than waits on the queue: a waiting consumer would make every engine thread's
            // offer wake it up (a system call per candle); polling, the offers never have to
            CandleUpdate first = queue.poll();
            if (first == null) {
                if (closing && queue.isEmpty()) {
                    return;
                }
                if (Thread.interrupted()) {
                    // close() gave up waiting: count what is left and stop
                    drop(queue.drainTo(new ArrayList<>()));
                    return;
                }
                LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, maxBatch - 1);
            if (failure != null) {
                drop(batch.size());
            } else {
                try {
                    journal.append(batch);
                    written.addAndGet(batch.size());
                    done(batch.size());
                } catch (RuntimeException e) {
                    fail(e instanceof JournalException je ? je
                            : new JournalException(journal.name(), "writing failed: " + e, e));
                    drop(batch.size());
                }
            }
            batch.clear();
        }
    }

    private void fail(JournalException error) {
        synchronized (progress) {
            if (failure != null) {
                return;
            }
            failure = error;
        }
        log.error("{}; the engine goes on, outcomes are still resolved in memory, nothing more is written to the "
                + "journal", error.getMessage(), error);
        onFailure.accept(error);
    }

    private void drop(long n) {
        dropped.addAndGet(n);
        done(n);
    }

    private void done(long n) {
        synchronized (progress) {
            processed += n;
            progress.notifyAll();
        }
    }

    /**
     * Waits until every update submitted before this call was written or dropped.
     *
     * @return false if the timeout passed first
     */
    boolean flush(Duration timeout) throws InterruptedException {
        long target = submitted.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        LockSupport.unpark(thread);
        synchronized (progress) {
            while (processed < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return true;
        }
    }

    /** Writes what is queued (waiting at most {@code timeout}) and stops the thread. */
    void close(Duration timeout) {
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(Math.max(1, timeout.toMillis()));
            if (thread.isAlive()) {
                log.error("{}: the journal writer did not finish within {} ms; {} queued updates are not written",
                        journal.name(), timeout.toMillis(), queue.size());
                thread.interrupt();
                thread.join(timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.interrupt();
        }
    }

    long submitted() {
        return submitted.get();
    }

    long written() {
        return written.get();
    }

    long dropped() {
        return dropped.get();
    }

    int queued() {
        return queue.size();
    }

    long blockedOffers() {
        return blockedOffers.get();
    }

    Duration blockedTime() {
        return Duration.ofNanos(blockedNanos.get());
    }

    Optional<JournalException> failure() {
        return Optional.ofNullable(failure);
    }
}
