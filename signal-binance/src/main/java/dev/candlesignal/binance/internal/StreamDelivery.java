package dev.candlesignal.binance.internal;

import dev.candlesignal.Candle;
import dev.candlesignal.Gap;
import dev.candlesignal.StreamKey;
import dev.candlesignal.binance.RejectReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-stream delivery rules, around each stream's {@link StreamCursor}:
 * <ul>
 *   <li>a stream became live on a socket (connect, reconnect, rotation): deliver over REST every candle that
 *       closed since the cursor ({@link #onLive});</li>
 *   <li>a kline event before the cursor: a duplicate or stale, counted and dropped;</li>
 *   <li>a kline event after the cursor, closed or not: the candles in between have closed; fetch and deliver
 *       them over REST first, and accept what REST does not have as an exchange outage;</li>
 *   <li>a closed kline at the cursor (after any confirmed outage): deliver it;</li>
 *   <li>every delivery of a candle after a hole is preceded by one {@link Gap}.</li>
 * </ul>
 *
 * <p>Not thread-safe; used on one subscription thread.
 */
public final class StreamDelivery {
    private static final Logger log = LoggerFactory.getLogger(StreamDelivery.class);
    /** A kline may open a little "in the future" of a clock estimate, never by more. */
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(1);

    /** Where deliveries go, in order. */
    public interface Sink {
        void gap(Gap gap) throws InterruptedException;

        void candle(StreamKey key, Candle candle, boolean backfilled) throws InterruptedException;
    }

    private final Backfiller backfiller;
    private final ServerClock clock;
    private final HealthCounters health;
    private final Sink sink;

    public StreamDelivery(Backfiller backfiller, ServerClock clock, HealthCounters health, Sink sink) {
        this.backfiller = backfiller;
        this.clock = clock;
        this.health = health;
        this.sink = sink;
    }

    /** The stream became live on a socket: repair everything that closed since the cursor. */
    public void onLive(StreamCursor cursor) throws InterruptedException {
        backfiller.catchUp(cursor, (c, candle) -> deliver(c, candle, true));
    }

    /** A parsed kline event of the cursor's stream arrived. */
    public void onKline(StreamCursor cursor, KlineParser.LiveKline kline) throws InterruptedException {
        Candle candle = kline.candle();
        Instant t = candle.openTime();
        String context = "stream " + StreamNames.kline(cursor.key());
        Instant now = clock.now();
        if (t.isAfter(now.plus(FUTURE_TOLERANCE))) {
            health.reject(RejectReason.INVALID_KLINE, context, "kline opens at " + t + ", in the future of the exchange"
                    + " clock " + now);
            return;
        }
        switch (cursor.classify(t, kline.closed())) {
            case DUPLICATE -> health.reject(RejectReason.DUPLICATE_KLINE, context,
                    "closed kline " + t + " was delivered already");
            case STALE -> health.reject(RejectReason.STALE_KLINE, context, (kline.closed() ? "closed" : "open")
                    + " kline " + t + " is older than the next expected " + cursor.nextOpen());
            case BACKFILL_FIRST -> {
                log.info("{}: kline {} arrived while {} is next; fetching the candles in between", context, t,
                        cursor.nextOpen());
                backfiller.until(cursor, t, (c, fetched) -> deliver(c, fetched, true));
                if (cursor.classify(t, kline.closed()) == StreamCursor.Verdict.DELIVER) {
                    deliver(cursor, candle, false);
                }
            }
            case DELIVER -> deliver(cursor, candle, false);
            case OPEN -> { }
        }
    }

    private void deliver(StreamCursor cursor, Candle candle, boolean backfilled) throws InterruptedException {
        Optional<Gap> gap = cursor.gapBefore(candle.openTime());
        if (gap.isPresent()) {
            health.gaps.increment();
            log.warn("{}: {} candle(s) missing at the exchange between {} and {}", cursor.key(),
                    gap.get().missingCandles(), gap.get().previousOpenTime(), gap.get().nextOpenTime());
            sink.gap(gap.get());
        }
        sink.candle(cursor.key(), candle, backfilled);
        cursor.delivered(candle.openTime());
        health.delivered.increment();
        if (backfilled) {
            health.backfilled.increment();
        }
    }
}
