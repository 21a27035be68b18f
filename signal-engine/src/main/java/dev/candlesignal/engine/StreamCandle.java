package dev.candlesignal.engine;

import dev.candlesignal.Candle;
import dev.candlesignal.StreamKey;
import java.util.Objects;

/**
 * A candle together with the stream it belongs to, for {@link SignalEngine#onCandles}.
 *
 * <p>Immutable.
 */
public record StreamCandle(StreamKey stream, Candle candle) implements Dispatcher.Event {
    // Dispatcher.Event (package-private) lets the dispatcher queue a candle as is, without a wrapper per candle.
    public StreamCandle {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(candle, "candle");
    }
}
