package dev.candlesignal.binance;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Jittered exponential backoff, used between reconnect attempts and REST retries: attempt {@code n} (from 0)
 * waits {@code min(max, initial * 2^n)}, reduced by a random fraction of up to {@code jitter} so that many
 * clients do not retry in step. There is no give-up: the delay stays at {@code max}.
 *
 * <p>Immutable.
 *
 * @param initial delay before the first retry, > 0
 * @param max largest delay, >= initial
 * @param jitter fraction in [0, 1] by which a delay is randomly shortened (0 = no jitter)
 */
public record BackoffPolicy(Duration initial, Duration max, double jitter) {

    /** 1 s doubling to 60 s, with 50 % jitter. */
    public static final BackoffPolicy DEFAULT = new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60), 0.5);

    public BackoffPolicy {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff must be > 0 but was " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max backoff " + max + " is below initial backoff " + initial);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1] but was " + jitter);
        }
    }

    /**
     * The delay before retry number {@code attempt} (0 for the first retry).
     *
     * @param random source of the jitter
     */
    public Duration delay(int attempt, RandomGenerator random) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be >= 0 but was " + attempt);
        }
        long initialNanos = initial.toNanos();
        long maxNanos = max.toNanos();
        long base = attempt >= 62 ? maxNanos : initialNanos;
        for (int i = 0; i < attempt && base < maxNanos; i++) {
            base = base > maxNanos / 2 ? maxNanos : base * 2;
        }
        base = Math.min(base, maxNanos);
        double factor = 1 - jitter * random.nextDouble();
        return Duration.ofNanos(Math.max(1, (long) (base * factor)));
    }
}
