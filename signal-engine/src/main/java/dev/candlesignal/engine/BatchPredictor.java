package dev.candlesignal.engine;

import dev.candlesignal.InferenceException;
import dev.candlesignal.SignalException;
import dev.candlesignal.model.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs many windows through a model: one contiguous share per thread (the caller's thread takes the first), each
 * share in model calls of at most {@code maxBatchSize} windows. A failed call fails only its own windows.
 *
 * <p>Thread-safe. Owns its threads ({@code parallelism - 1} daemon threads, none for 1); {@link #close()} stops them.
 */
final class BatchPredictor implements AutoCloseable {

    /** Told about each window whose prediction failed. */
    interface Failures {
        void failed(WorkItem item, SignalException error);
    }

    private final int maxBatchSize;
    private final int parallelism;
    private final ExecutorService pool;

    BatchPredictor(int maxBatchSize, int parallelism) {
        this.maxBatchSize = maxBatchSize;
        this.parallelism = parallelism;
        if (parallelism > 1) {
            AtomicInteger n = new AtomicInteger();
            this.pool = Executors.newFixedThreadPool(parallelism - 1, r -> {
                Thread t = new Thread(r, "candlesignal-predict-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        } else {
            this.pool = null;
        }
    }

    /** Predicts every item's window into its {@code probability}, or reports it to {@code failures}. */
    void predict(Model m, List<WorkItem> items, Failures failures) {
        int n = items.size();
        if (n == 0) {
            return;
        }
        if (n == 1) {
            WorkItem it = items.get(0);
            try {
                it.probability = m.predict(it.window, it.offset);
            } catch (RuntimeException e) {
                failures.failed(it, asInference(e, m));
            }
            return;
        }
        int workers = pool == null ? 1 : Math.min(parallelism, n);
        if (workers == 1) {
            predictChunks(m, items, 0, n, failures);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(workers - 1);
        for (int w = 1; w < workers; w++) {
            int from = (int) ((long) n * w / workers);
            int to = (int) ((long) n * (w + 1) / workers);
            futures.add(pool.submit(() -> predictChunks(m, items, from, to, failures)));
        }
        predictChunks(m, items, 0, (int) ((long) n / workers), failures);
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InferenceException("interrupted while waiting for batched predictions", e);
            } catch (ExecutionException e) {
                throw new InferenceException("batched prediction failed", e.getCause());
            }
        }
    }

    private void predictChunks(Model m, List<WorkItem> items, int from, int to, Failures failures) {
        for (int start = from; start < to; start += maxBatchSize) {
            predictRange(m, items, start, Math.min(to, start + maxBatchSize), failures);
        }
    }

    private static void predictRange(Model m, List<WorkItem> items, int from, int to, Failures failures) {
        int count = to - from;
        float[][] windows = new float[count][];
        int[] offsets = new int[count];
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            windows[i] = items.get(from + i).window;
            offsets[i] = items.get(from + i).offset;
        }
        try {
            m.predictBatch(windows, offsets, count, out);
            for (int i = 0; i < count; i++) {
                items.get(from + i).probability = out[i];
            }
        } catch (RuntimeException e) {
            SignalException error = asInference(e, m);
            for (int i = from; i < to; i++) {
                failures.failed(items.get(i), error);
            }
        }
    }

    /** A backend failure as the typed exception callers see. */
    static SignalException asInference(RuntimeException e, Model m) {
        return e instanceof SignalException se ? se
                : new InferenceException("model " + m.spec().modelId() + " v" + m.version() + " failed: " + e, e);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
