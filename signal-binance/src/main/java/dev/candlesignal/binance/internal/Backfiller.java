package dev.candlesignal.binance.internal;

import dev.candlesignal.Candle;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Repairs a stream over REST before anything newer is delivered: after a (re)connect ({@link #catchUp}) and
 * when a kline newer than the cursor's position arrives ({@link #until}). Every REST failure is retried with
 * backoff, without a limit; only closing the subscription ends a repair.
 *
 * <p><b>Outages.</b> When REST has no candle for slots that a newer kline proves are over, the slots are really
 * missing at the exchange: after a short confirmation (REST can lag the stream by a moment right after a close,
 * so a gap that has just ended is asked for again, {@value #CONFIRM_TRIES} times, {@code 2 s} apart) the cursor
 * records them as resolved, and the next delivery reports a {@link dev.candlesignal.Gap}. An outage therefore
 * costs one request per repair, never a loop.
 *
 * <p>Not thread-safe; used on one subscription thread.
 */
public final class Backfiller {
    static final int CONFIRM_TRIES = 3;
    static final Duration CONFIRM_WINDOW = Duration.ofSeconds(10);
    static final Duration CONFIRM_STEP = Duration.ofSeconds(2);

    /** Receives candles fetched over REST, in order, each at or after the cursor's position. */
    @FunctionalInterface
    public interface Sink {
        void deliver(StreamCursor cursor, Candle candle) throws InterruptedException;
    }

    private final KlinePager pager;
    private final Retrier retrier;
    private final Waiter waiter;
    private final ServerClock clock;

    public Backfiller(KlinePager pager, Retrier retrier, Waiter waiter, ServerClock clock) {
        this.pager = pager;
        this.retrier = retrier;
        this.waiter = waiter;
        this.clock = clock;
    }

    /**
     * Delivers every closed candle from the cursor's position on. Skipped when the candle at the position cannot
     * have closed yet; if that is wrong (an early close for maintenance), the next newer kline repairs it.
     */
    public void catchUp(StreamCursor cursor, Sink sink) throws InterruptedException {
        if (!Slots.scheduledClose(cursor.key().interval(), cursor.nextOpen()).isBefore(clock.now())) {
            return;
        }
        while (true) {
            KlinePager.Page<Candle> page = fetch(cursor, Optional.empty());
            deliver(cursor, page, sink);
            if (page.nextStart().isEmpty()) {
                return;
            }
        }
    }

    /**
     * Delivers every candle before {@code until} (the open time of a kline known to exist, so all before it are
     * closed), and resolves the slots REST does not have.
     */
    public void until(StreamCursor cursor, Instant until, Sink sink) throws InterruptedException {
        int confirmations = 0;
        while (cursor.nextOpen().isBefore(until)) {
            KlinePager.Page<Candle> page = fetch(cursor, Optional.of(until));
            deliver(cursor, page, sink);
            if (page.open().isPresent()) {
                // closed (a newer kline exists) but too recent for the clock margin: wait out the margin
                Instant closedAt = page.open().get().closeTime().plus(pager.closeMargin()).plusMillis(1);
                waiter.sleepUntil(closedAt.minus(clock.offset()));
                continue;
            }
            if (page.nextStart().isPresent()) {
                continue;
            }
            if (cursor.nextOpen().isBefore(until) && cursor.key().interval().slotsBetween(cursor.nextOpen(), until) >= 1) {
                boolean justEnded = clock.now().isBefore(until.plus(CONFIRM_WINDOW));
                if (justEnded && confirmations < CONFIRM_TRIES) {
                    confirmations++;
                    waiter.sleep(CONFIRM_STEP);
                    continue;
                }
                cursor.resolvedBefore(until);
            }
            return;
        }
    }

    private KlinePager.Page<Candle> fetch(StreamCursor cursor, Optional<Instant> until) throws InterruptedException {
        Instant from = cursor.nextOpen();
        return retrier.forever("backfill of " + cursor.key() + " from " + from, () -> pager.page(cursor.key(), from, until));
    }

    private static void deliver(StreamCursor cursor, KlinePager.Page<Candle> page, Sink sink)
            throws InterruptedException {
        for (Candle c : page.closed()) {
            if (!c.openTime().isBefore(cursor.nextOpen())) {
                sink.deliver(cursor, c);
            }
        }
    }
}
