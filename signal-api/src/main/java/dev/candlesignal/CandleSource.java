package dev.candlesignal;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Where candles come from: history over a time range, and live closed candles.
 *
 * <p>Implementations are thread-safe. Sources return and deliver closed candles only, never one that is still
 * forming. {@code ReplaySource} in signal-engine replays candles already in memory.
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
}
