package dev.candlesignal.binance.internal;

import dev.candlesignal.Gap;
import dev.candlesignal.StreamKey;
import java.time.Instant;
import java.util.Optional;

/**
 * Delivery position of one stream: the open time of the next candle to deliver. This is what makes delivery
 * exactly-once and in order whatever arrives: a kline before the position was delivered already (or is stale),
 * one at the position is next, one after it proves that the candles in between closed and must be fetched
 * first.
 *
 * <p>Not thread-safe; confined to the subscription thread.
 */
public final class StreamCursor {

    /** What to do with a kline that arrived. */
    public enum Verdict {
        /** Same open time as the last delivered candle: already delivered. */
        DUPLICATE,
        /** Older than the position: out of order. */
        STALE,
        /** Newer than the position, and REST was not yet asked for the candles in between. */
        BACKFILL_FIRST,
        /** Closed and next in line (after any gap REST confirmed): deliver. */
        DELIVER,
        /** Still open and not ahead of what is known: nothing to do. */
        OPEN
    }

    private final StreamKey key;
    private Instant nextOpen;
    private Instant lastDelivered;
    private Instant resolvedBefore;

    public StreamCursor(StreamKey key, Instant nextOpen) {
        this.key = key;
        this.nextOpen = nextOpen;
    }

    public StreamKey key() {
        return key;
    }

    /** Open time of the next candle to deliver. */
    public Instant nextOpen() {
        return nextOpen;
    }

    public Optional<Instant> lastDelivered() {
        return Optional.ofNullable(lastDelivered);
    }

    /** Classifies a kline that opened at {@code openTime}. */
    public Verdict classify(Instant openTime, boolean closed) {
        if (openTime.isBefore(nextOpen)) {
            return closed && openTime.equals(lastDelivered) ? Verdict.DUPLICATE : Verdict.STALE;
        }
        if (openTime.isAfter(nextOpen) && (resolvedBefore == null || resolvedBefore.isBefore(openTime))) {
            return Verdict.BACKFILL_FIRST;
        }
        return closed ? Verdict.DELIVER : Verdict.OPEN;
    }

    /**
     * The gap a candle opened at {@code openTime} would leave if delivered now, when slots are missing before it
     * ({@link Gap#between}, the rule the engine applies too).
     */
    public Optional<Gap> gapBefore(Instant openTime) {
        // before the first delivery, the slot before the start position stands in for the last delivered candle
        Instant previous = lastDelivered != null ? lastDelivered : Slots.previous(key.interval(), nextOpen);
        return Gap.between(key, previous, openTime);
    }

    /** Records the delivery of the candle opened at {@code openTime}; it must not be before the position. */
    public void delivered(Instant openTime) {
        if (openTime.isBefore(nextOpen)) {
            throw new IllegalStateException(key + ": delivering " + openTime + " behind the position " + nextOpen);
        }
        lastDelivered = openTime;
        nextOpen = key.interval().next(openTime);
    }

    /** REST has no candles before {@code before} beyond the position: do not ask again for them. */
    public void resolvedBefore(Instant before) {
        if (resolvedBefore == null || before.isAfter(resolvedBefore)) {
            resolvedBefore = before;
        }
    }

    @Override
    public String toString() {
        return key + " next " + nextOpen;
    }
}
