package dev.candlesignal.djl.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed set of DJL {@code Predictor}s (DJL's predictors are not thread-safe) shared by any number of threads:
 * {@link #acquire()} hands one to a single thread until {@link #release}; callers beyond the pool size wait.
 * Generic over the pooled type so that tests can use plain {@link AutoCloseable}s.
 *
 * <p>{@link #close()} is idempotent. It first stops new acquisitions, then waits (bounded) for predictors in use to
 * come back before closing them, so a prediction racing with close does not run on freed native memory; a thread
 * still waiting in {@link #acquire()} is woken and gets an {@link IllegalStateException}.
 *
 * <p>Thread-safe. The queue hand-off orders each predictor's use by one thread before its use by the next.
 */
public final class PredictorPool<T extends AutoCloseable> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PredictorPool.class);

    private final List<T> all;
    private final BlockingQueue<Object> idle;
    private final Object closedMarker = new Object();
    private final String name;
    private final long closeWaitMillis;
    private volatile boolean closed;
    private volatile boolean abandoned; // close() stopped waiting for predictors in use

    /**
     * @param size number of predictors, created now
     * @param factory makes one predictor
     * @param name for messages
     * @param closeWaitMillis how long {@link #close()} waits for a predictor still in use before leaking it
     */
    public PredictorPool(int size, Supplier<T> factory, String name, long closeWaitMillis) {
        this.name = name;
        this.closeWaitMillis = closeWaitMillis;
        this.all = new ArrayList<>(size);
        this.idle = new ArrayBlockingQueue<>(size + 1); // + the closed marker
        try {
            for (int i = 0; i < size; i++) {
                T p = factory.get();
                all.add(p);
                idle.add(p);
            }
        } catch (RuntimeException e) {
            all.forEach(PredictorPool::closeQuietly);
            throw e;
        }
    }

    /** Number of predictors. */
    public int size() {
        return all.size();
    }

    /**
     * A predictor for the calling thread's exclusive use; waits while all are busy.
     *
     * @throws IllegalStateException if the pool is closed (also while waiting)
     * @throws InterruptedException if interrupted while waiting
     */
    @SuppressWarnings("unchecked")
    public T acquire() throws InterruptedException {
        if (closed) {
            throw closedException();
        }
        Object o = idle.take();
        if (o == closedMarker) {
            idle.offer(o); // wake the next waiter too
            throw closedException();
        }
        if (closed) {
            idle.offer(o); // close() is collecting them
            throw closedException();
        }
        return (T) o;
    }

    /** Gives back a predictor obtained from {@link #acquire()}; one given back after a timed-out close is closed. */
    public void release(T predictor) {
        if (closed && abandoned) {
            closeQuietly(predictor);
            return;
        }
        idle.offer(predictor);
    }

    private IllegalStateException closedException() {
        return new IllegalStateException(name + " is closed");
    }

    @Override
    public void close() {
        shutdown();
    }

    /**
     * Closes the pool as {@link #close()} does.
     *
     * @return true if every predictor was closed (so the model under them may be freed), false if some were still
     *     in use when the wait ended, or if the pool was already closed by an earlier call
     */
    public boolean shutdown() {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
        }
        List<Object> back = new ArrayList<>(all.size());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(closeWaitMillis);
        try {
            while (back.size() < all.size()) {
                long left = deadline - System.nanoTime();
                Object o = left > 0 ? idle.poll(left, TimeUnit.NANOSECONDS) : idle.poll();
                if (o == null) {
                    break;
                }
                back.add(o);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        idle.offer(closedMarker);
        int missing = all.size() - back.size();
        for (Object o : back) {
            if (o != closedMarker) {
                closeQuietly((AutoCloseable) o);
            }
        }
        if (missing > 0) {
            // closing a predictor another thread is still running would free memory under it: leave it to release()
            abandoned = true;
            LOG.warn("{}: {} predictor(s) still in use {} ms after close() began; they are closed when given back,"
                    + " and the model under them is not freed", name, missing, closeWaitMillis);
            return false;
        }
        return true;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed", c, e);
        }
    }
}
