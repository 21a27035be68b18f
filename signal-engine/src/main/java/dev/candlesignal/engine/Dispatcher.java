package dev.candlesignal.engine;

import dev.candlesignal.Candle;
import dev.candlesignal.CandleListener;
import dev.candlesignal.CandleSource;
import dev.candlesignal.Gap;
import dev.candlesignal.StreamKey;
import dev.candlesignal.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds what attached sources deliver to the engine on one thread, in the order the sources delivered it.
 * Whatever has queued up while the previous batch was processed is taken as the next batch, so candles that close
 * together (many symbols at the top of the hour) are predicted in one model call without waiting for a timer. A
 * source's gap, completion or failure ends the batch before it, so it reaches the engine after every candle the
 * source delivered before it.
 *
 * <p>Thread-safe.
 */
final class Dispatcher implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    /** What the engine does with the events; called on the dispatcher thread only. */
    interface Target {
        /** Processes candles of attached sources, in order. */
        void candles(List<StreamCandle> batch);

        /** A source reported a gap. */
        void gap(Gap gap);

        /** A source failed. */
        void failure(Throwable error);
    }

    /** An entry of the queue: a candle (the common case, queued as is) or a {@link Control} event. */
    sealed interface Event permits StreamCandle, Control {
    }

    /** The rare events, each of which ends the batch before it. */
    sealed interface Control extends Event {
    }

    /** A source reported candles it cannot provide. */
    record SourceGap(Gap gap) implements Control {
    }

    /** A finite source delivered everything. */
    record SourceCompleted(Attached attachment) implements Control {
    }

    /** A source failed and delivers nothing more. */
    record SourceFailed(Attached attachment, Throwable error) implements Control {
    }

    /** The dispatcher is closing. */
    enum Stop implements Control { STOP }

    private final Target target;
    private final int maxBatch;
    private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final List<Attached> attachments = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private final Object idle = new Object();
    private long submitted;
    private long processed;
    /** Events taken from the queue but not yet counted in {@link #processed}; dispatcher thread only. */
    private int unaccounted;
    private volatile boolean closed;

    Dispatcher(Target target, int maxBatch) {
        this.target = target;
        this.maxBatch = Math.max(1, maxBatch);
        this.thread = new Thread(this, "candlesignal-dispatcher");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Subscribes to the source; its events go through this dispatcher. */
    Attachment attach(CandleSource source, Collection<StreamKey> streams) {
        Attached a = new Attached();
        attachments.add(a); // before subscribing: a source may end during subscribe()
        Subscription upstream;
        try {
            upstream = Objects.requireNonNull(source.subscribe(streams, a.listener), "the source returned no subscription");
        } catch (RuntimeException e) {
            attachments.remove(a);
            throw e;
        }
        a.upstream(upstream);
        return a;
    }

    private void submit(Event event) {
        if (closed) {
            return;
        }
        synchronized (idle) {
            submitted++;
        }
        queue.add(event);
    }

    @Override
    public void run() {
        List<Event> drained = new ArrayList<>();
        List<StreamCandle> batch = new ArrayList<>();
        try {
            while (true) {
                drained.add(queue.take());
                queue.drainTo(drained, maxBatch - 1);
                boolean stop = false;
                for (int i = 0; i < drained.size(); i++) {
                    Event event = drained.get(i);
                    if (event instanceof StreamCandle candle) { // the common case: a plain type test
                        batch.add(candle);
                        unaccounted++;
                    } else {
                        process(batch);
                        stop |= control((Control) event); // Event permits only StreamCandle and Control
                    }
                }
                process(batch);
                accountProcessed();
                drained.clear();
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Handles a control event, once the candles before it were processed; returns true for {@link Stop}. An
     * attachment completes only after the idle count covers its candles, so {@code awaitIdle} right after its
     * completion does not wait for them.
     */
    private boolean control(Control event) {
        switch (event) {
            case SourceGap g -> {
                guard(() -> target.gap(g.gap()), "forwarding a source's gap");
                unaccounted++;
            }
            case SourceCompleted c -> {
                unaccounted++;
                accountProcessed();
                c.attachment().ended(null);
            }
            case SourceFailed f -> {
                guard(() -> target.failure(f.error()), "reporting a source's failure");
                unaccounted++;
                accountProcessed();
                f.attachment().ended(f.error());
            }
            case Stop s -> {
                return true; // not counted: close() queues it without submit()
            }
        }
        return false;
    }

    private void accountProcessed() {
        synchronized (idle) {
            processed += unaccounted;
            idle.notifyAll();
        }
        unaccounted = 0;
    }

    private static void guard(Runnable step, String what) {
        try {
            step.run();
        } catch (RuntimeException e) {
            log.warn("{} failed", what, e);
        }
    }

    /** Processes and clears the batch. */
    private void process(List<StreamCandle> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            target.candles(batch);
        } catch (RuntimeException e) {
            log.error("processing a batch of {} candles failed", batch.size(), e);
        }
        batch.clear();
    }

    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (processed < submitted) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
            return true;
        }
    }

    /** Closes every attachment (their completions are cancelled) and stops the thread. */
    void close() {
        closed = true;
        for (Attached a : attachments) {
            a.close();
        }
        queue.add(Stop.STOP);
        if (Thread.currentThread() != thread) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One attached source. */
    final class Attached implements Attachment {
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final Object lock = new Object();
        private Subscription upstream;
        private boolean closed;

        /** What the source calls; it never throws at the source. */
        final CandleListener listener = new CandleListener() {
            @Override
            public void onCandle(StreamKey stream, Candle candle) {
                if (!done.isDone()) {
                    submit(new StreamCandle(stream, candle));
                }
            }

            @Override
            public void onGap(Gap gap) {
                if (!done.isDone()) {
                    submit(new SourceGap(gap));
                }
            }

            @Override
            public void onComplete() {
                if (!done.isDone()) {
                    submit(new SourceCompleted(Attached.this));
                }
            }

            @Override
            public void onFailure(Throwable error) {
                if (!done.isDone()) {
                    submit(new SourceFailed(Attached.this, error));
                }
            }
        };

        private void upstream(Subscription subscription) {
            boolean closeNow;
            synchronized (lock) {
                upstream = subscription;
                closeNow = closed;
            }
            if (closeNow) {
                subscription.close();
            }
        }

        /** The source ended (dispatcher thread, after the events it delivered before). */
        private void ended(Throwable error) {
            attachments.remove(this);
            if (error == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(error);
            }
        }

        @Override
        public CompletableFuture<Void> completion() {
            CompletableFuture<Void> view = new CompletableFuture<>();
            done.whenComplete((ignored, error) -> {
                if (error == null) {
                    view.complete(null);
                } else if (error instanceof CancellationException) {
                    view.cancel(false);
                } else {
                    view.completeExceptionally(error);
                }
            });
            return view;
        }

        @Override
        public boolean isActive() {
            return !done.isDone() && !Dispatcher.this.closed;
        }

        @Override
        public void close() {
            Subscription toClose;
            synchronized (lock) {
                if (closed) {
                    return;
                }
                closed = true;
                toClose = upstream;
            }
            attachments.remove(this);
            done.cancel(false); // no-op if the source already ended
            if (toClose != null) {
                try {
                    toClose.close();
                } catch (RuntimeException e) {
                    log.warn("closing a source subscription failed", e);
                }
            }
        }
    }
}
