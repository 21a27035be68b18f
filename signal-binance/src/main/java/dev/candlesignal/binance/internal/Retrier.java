package dev.candlesignal.binance.internal;

import dev.candlesignal.CandleSourceException;
import dev.candlesignal.binance.BackoffPolicy;
import java.time.Duration;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries REST work that failed in a retryable way ({@link RestClient#isRetryable}) with the jittered backoff,
 * waiting on the injected clock. Rate-limit pauses need no special case here: the {@link RateLimiter} holds the
 * next request back until they end.
 *
 * <p>Thread-safe.
 */
public final class Retrier {
    private static final Logger log = LoggerFactory.getLogger(Retrier.class);

    /** Work that may be retried. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws InterruptedException;
    }

    private final Waiter waiter;
    private final BackoffPolicy backoff;
    private final SplittableRandom random;

    public Retrier(Waiter waiter, BackoffPolicy backoff, long seed) {
        this.waiter = waiter;
        this.backoff = backoff;
        this.random = new SplittableRandom(seed);
    }

    /**
     * Runs {@code work}, retrying retryable failures.
     *
     * @param maxAttempts attempts in all, or 0 for no limit
     * @throws CandleSourceException the last failure, or the first one that is not retryable
     */
    public <T> T call(String what, int maxAttempts, Work<T> work) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                return work.run();
            } catch (CandleSourceException e) {
                if (!RestClient.isRetryable(e) || (maxAttempts > 0 && attempt + 1 >= maxAttempts)) {
                    throw e;
                }
                Duration delay = delay(attempt);
                log.warn("{} failed (attempt {}), retrying in {} ms: {}", what, attempt + 1, delay.toMillis(),
                        e.getMessage());
                waiter.sleep(delay);
            }
        }
    }

    /**
     * Runs {@code work} until it succeeds, retrying every failure except closing; for subscriptions, which never
     * give up.
     */
    public <T> T forever(String what, Work<T> work) throws InterruptedException {
        return forever(what, work, e -> false);
    }

    /**
     * Like {@link #forever(String, Work)}, but a failure for which {@code fatal} is true is thrown at once.
     */
    public <T> T forever(String what, Work<T> work, java.util.function.Predicate<CandleSourceException> fatal)
            throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                return work.run();
            } catch (SourceClosedException e) {
                throw e;
            } catch (CandleSourceException e) {
                if (fatal.test(e)) {
                    throw e;
                }
                Duration delay = delay(attempt);
                log.warn("{} failed (attempt {}), retrying in {} ms: {}", what, attempt + 1, delay.toMillis(),
                        e.getMessage());
                waiter.sleep(delay);
            }
        }
    }

    /** A uniformly random number in [0, 1), for jitter. */
    public double nextUnit() {
        synchronized (random) {
            return random.nextDouble();
        }
    }

    /** The backoff before retry {@code attempt}. */
    public Duration delay(int attempt) {
        synchronized (random) {
            return backoff.delay(Math.min(attempt, 62), random);
        }
    }
}
