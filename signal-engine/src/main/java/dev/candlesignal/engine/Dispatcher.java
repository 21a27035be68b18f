package dev.candlesignal.engine;

import dev.candlesignal.Candle;
import dev.candlesignal.CandleListener;
import dev.candlesignal.CandleSource;
import dev.candlesignal.StreamKey;
import dev.candlesignal.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds candles from attached sources to the engine on one thread. Whatever has queued up while the previous
 * batch was processed is taken as the next batch, so candles that close together (many symbols at the top of the
 * hour) are predicted in one model call without waiting for a timer.
 *
 * <p>Thread-safe.
 */
final class Dispatcher implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final Object STOP = new Object();

    private final Consumer<List<StreamCandle>> processor;
    private final int maxBatch;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private final Object idle = new Object();
    private long submitted;
    private long processed;
    private volatile boolean closed;

    Dispatcher(Consumer<List<StreamCandle>> processor, int maxBatch) {
        this.processor = processor;
        this.maxBatch = Math.max(1, maxBatch);
        this.thread = new Thread(this, "candlesignal-dispatcher");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    Subscription attach(CandleSource source, Collection<StreamKey> streams) {
        Subscription upstream = source.subscribe(streams, new CandleListener() {
            @Override
            public void onCandle(StreamKey stream, Candle candle) {
                submit(new StreamCandle(stream, candle));
            }

            @Override
            public void onFailure(Throwable error) {
                submit(error);
            }
        });
        subscriptions.add(upstream);
        return new Subscription() {
            @Override
            public boolean isActive() {
                return upstream.isActive() && !closed;
            }

            @Override
            public void close() {
                subscriptions.remove(upstream);
                upstream.close();
            }
        };
    }

    private void submit(Object item) {
        if (closed) {
            return;
        }
        synchronized (idle) {
            submitted++;
        }
        queue.add(item);
    }

    @Override
    public void run() {
        List<Object> drained = new ArrayList<>();
        try {
            while (true) {
                Object first = queue.take();
                if (first == STOP) {
                    return;
                }
                drained.add(first);
                queue.drainTo(drained, maxBatch - 1);
                List<StreamCandle> batch = new ArrayList<>(drained.size());
                boolean stop = false;
                for (Object o : drained) {
                    if (o == STOP) {
                        stop = true;
                    } else if (o instanceof StreamCandle sc) {
                        batch.add(sc);
                    } else if (o instanceof Throwable t) {
                        if (!batch.isEmpty()) {
                            process(batch);
                            batch = new ArrayList<>();
                        }
                        failure(t);
                    }
                }
                if (!batch.isEmpty()) {
                    process(batch);
                }
                synchronized (idle) {
                    processed += drained.size() - (stop ? 1 : 0);
                    idle.notifyAll();
                }
                drained.clear();
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Consumer<Throwable> failureHandler = t -> log.error("attached candle source failed", t);

    void onSourceFailure(Consumer<Throwable> handler) {
        this.failureHandler = handler;
    }

    private void failure(Throwable t) {
        try {
            failureHandler.accept(t);
        } catch (RuntimeException e) {
            log.warn("failure handler threw", e);
        }
    }

    private void process(List<StreamCandle> batch) {
        try {
            processor.accept(batch);
        } catch (RuntimeException e) {
            log.error("processing a batch of {} candles failed", batch.size(), e);
        }
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

    void close() {
        closed = true;
        for (Subscription s : subscriptions) {
            try {
                s.close();
            } catch (RuntimeException e) {
                log.warn("closing a source subscription failed", e);
            }
        }
        subscriptions.clear();
        queue.add(STOP);
        if (Thread.currentThread() != thread) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
