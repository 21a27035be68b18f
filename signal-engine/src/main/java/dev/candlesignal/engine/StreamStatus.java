package dev.candlesignal.engine;

import dev.candlesignal.StreamKey;
import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of one stream's progress in the engine.
 *
 * <p>Immutable.
 *
 * @param stream the stream
 * @param candles candles accepted so far
 * @param candlesUntilReady candles still needed before the first prediction (0 when ready)
 * @param lastOpenTime open time of the last accepted candle
 * @param gaps gaps seen so far
 * @param foreignSymbolPredictions predictions served although the stream's symbol is not among the model's training
 *     symbols (cross-symbol use can be intended; it is counted, and logged once per stream)
 */
public record StreamStatus(StreamKey stream, long candles, int candlesUntilReady, Optional<Instant> lastOpenTime,
        long gaps, long foreignSymbolPredictions) {

    /** A status without foreign-symbol predictions. */
    public StreamStatus(StreamKey stream, long candles, int candlesUntilReady, Optional<Instant> lastOpenTime,
            long gaps) {
        this(stream, candles, candlesUntilReady, lastOpenTime, gaps, 0);
    }

    /** Whether the next candle will be predicted (if its features are defined). */
    public boolean ready() {
        return candlesUntilReady == 0;
    }
}
