package dev.candlesignal;

import dev.candlesignal.internal.ReplaySource;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where candles come from: history over a time range, and live closed candles.
 *
 * <p>Implementations are thread-safe. Sources return and deliver closed candles only, never one that is still
 * forming.
 */
public interface CandleSource {

    /**
     * Closed candles of one stream whose open time is in {@code [from, to)}, in open-time order.
     *
     * @throws CandleSourceException if the candles cannot be fetched
     */
    List<Candle> history(StreamKey stream, Instant from, Instant to);

    /**
     * Subscribes to the closed candles of the given streams. Delivery starts after this method returns or
     * during it, depending on the source, and happens on the source's own thread(s).
     *
     * @return the subscription; close it to stop delivery
     */
    Subscription subscribe(Collection<StreamKey> streams, CandleListener listener);

    /**
     * A source over candles already in memory. {@code history} filters them by time; {@code subscribe} replays
     * the subscribed streams merged in open-time order on a new thread, then calls {@code onComplete()}.
     *
     * @throws CandleSequenceException if a stream's candles are not in strictly increasing open-time order
     */
    static CandleSource replay(Map<StreamKey, ? extends List<Candle>> candles) {
        return new ReplaySource(candles);
    }

    /** A replay source over one stream. */
    static CandleSource replay(StreamKey stream, List<Candle> candles) {
        return new ReplaySource(Map.of(stream, candles));
    }
}
