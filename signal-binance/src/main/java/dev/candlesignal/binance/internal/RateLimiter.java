package dev.candlesignal.binance.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps REST requests under a share of Binance's per-minute request weight and honours 429/418 pauses; also
 * spaces WebSocket connection attempts.
 *
 * <p>Weight is counted in fixed one-minute windows of the exchange's clock, as Binance counts
 * {@code X-MBX-USED-WEIGHT-1M}. Before a request of weight {@code w} the caller {@link #acquire}s it: the call
 * returns at once if {@code used + w <= budget}, otherwise it waits (on the injected clock) for the next window.
 * {@code used} is the larger of this process's own count and the last {@code X-MBX-USED-WEIGHT-1M} Binance
 * reported for the window, so other users of the same IP are taken into account. A request made in the last
 * second of a window is also charged to the next one, because Binance may count it there.
 *
 * <p>A 429 or 418 stops every request until its {@code Retry-After} has passed (default: the next window for
 * 429, two minutes for 418, Binance's shortest ban).
 *
 * <p>Connection attempts are limited to {@code maxAttempts} in any 5-minute window (Binance allows 300 per IP).
 *
 * <p>Thread-safe.
 */
public final class RateLimiter {
    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
    private static final long WINDOW = 60_000;
    private static final long GUARD = 1_000;
    private static final Duration ATTEMPT_WINDOW = Duration.ofMinutes(5);

    private final ServerClock clock;
    private final Waiter waiter;
    private final int budget;
    private final int maxAttempts;

    private long windowStart = Long.MIN_VALUE;
    private int used;
    private int carry;
    private Instant pausedUntil = Instant.MIN;
    private final ArrayDeque<Instant> attempts = new ArrayDeque<>();

    public RateLimiter(ServerClock clock, Waiter waiter, int budgetPerMinute, int maxConnectionAttemptsPer5Min) {
        this.clock = clock;
        this.waiter = waiter;
        this.budget = budgetPerMinute;
        this.maxAttempts = maxConnectionAttemptsPer5Min;
    }

    /** The weight this limiter allows per minute. */
    public int budget() {
        return budget;
    }

    /**
     * Waits until a request of {@code weight} fits the budget and no pause is in force, then counts it.
     *
     * @throws IllegalArgumentException if the weight alone exceeds the budget
     * @throws SourceClosedException if the source closes while waiting
     */
    public void acquire(int weight) throws InterruptedException {
        if (weight > budget) {
            throw new IllegalArgumentException("a request of weight " + weight + " can never fit the budget of "
                    + budget + " per minute");
        }
        while (true) {
            Instant wakeAt;
            synchronized (this) {
                Instant now = clock.now();
                if (now.isBefore(pausedUntil)) {
                    wakeAt = pausedUntil;
                } else {
                    long nowMs = now.toEpochMilli();
                    roll(nowMs);
                    if (used + weight <= budget) {
                        used += weight;
                        if (nowMs >= windowStart + WINDOW - GUARD) {
                            carry += weight;
                        }
                        return;
                    }
                    wakeAt = Instant.ofEpochMilli(windowStart + WINDOW);
                }
            }
            // the waiter sleeps on the local clock; convert the exchange-time deadline
            waiter.sleepUntil(wakeAt.minus(clock.offset()));
        }
    }

    private void roll(long nowMs) {
        long start = Math.floorDiv(nowMs, WINDOW) * WINDOW;
        if (start != windowStart) {
            used = start == windowStart + WINDOW ? carry : 0;
            carry = 0;
            windowStart = start;
        }
    }

    /**
     * Records Binance's {@code X-MBX-USED-WEIGHT-1M} from a response to a request made at exchange time
     * {@code sentAt}; ignored if the window has moved on since.
     */
    public synchronized void observeUsedWeight(int reported, Instant sentAt) {
        long nowMs = clock.now().toEpochMilli();
        roll(nowMs);
        if (Math.floorDiv(sentAt.toEpochMilli(), WINDOW) * WINDOW == windowStart && reported > used) {
            used = reported;
        }
    }

    /**
     * Stops all requests after a 429 or 418 for {@code retryAfter}, or the default when Binance gave none.
     */
    public synchronized void pause(int status, Optional<Duration> retryAfter) {
        Instant now = clock.now();
        Duration wait = retryAfter.orElseGet(() -> status == 418
                ? Duration.ofMinutes(2)
                : Duration.ofMillis(Math.floorDiv(now.toEpochMilli(), WINDOW) * WINDOW + WINDOW - now.toEpochMilli()));
        Instant until = now.plus(wait);
        if (until.isAfter(pausedUntil)) {
            pausedUntil = until;
        }
        if (status == 418) {
            log.error("Binance answered 418 (IP banned for continuing after 429s); no request before {}", pausedUntil);
        } else {
            log.warn("Binance answered {} (request rate limit); no request before {}", status, pausedUntil);
        }
    }

    /** Weight counted in the current window. */
    public synchronized int usedWeight() {
        roll(clock.now().toEpochMilli());
        return used;
    }

    /** When the current 429/418 pause ends, while one is in force. */
    public synchronized Optional<Instant> pausedUntil() {
        return clock.now().isBefore(pausedUntil) ? Optional.of(pausedUntil) : Optional.empty();
    }

    /**
     * Takes a connection attempt if one is allowed now (local clock time {@code now}).
     *
     * @return empty if the attempt may go ahead (and it is counted), otherwise the time from which one is allowed
     */
    public synchronized Optional<Instant> tryConnectionAttempt(Instant now) {
        while (!attempts.isEmpty() && !attempts.peekFirst().plus(ATTEMPT_WINDOW).isAfter(now)) {
            attempts.pollFirst();
        }
        if (attempts.size() >= maxAttempts) {
            return Optional.of(attempts.peekFirst().plus(ATTEMPT_WINDOW));
        }
        attempts.addLast(now);
        return Optional.empty();
    }
}
