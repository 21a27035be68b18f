package dev.candlesignal.binance.internal;

import dev.candlesignal.StreamKey;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Binance stream names (lower-case symbols) and combined-stream URLs.
 *
 * <p>Stateless.
 */
public final class StreamNames {
    private StreamNames() {
    }

    /** {@code btcusdt@kline_1h}. */
    public static String kline(StreamKey key) {
        return key.symbol().toLowerCase(Locale.ROOT) + "@kline_" + key.interval().wireName();
    }

    /** {@code btcusdt@depth20@100ms}. */
    public static String depth(String symbol, int levels) {
        return symbol.toLowerCase(Locale.ROOT) + "@depth" + levels + "@100ms";
    }

    /** {@code <base>/stream?streams=a/b/c}; with no streams, {@code <base>/stream} (streams follow by SUBSCRIBE). */
    public static URI combined(URI base, List<String> streams) {
        return URI.create(base + "/stream" + (streams.isEmpty() ? "" : "?streams=" + String.join("/", streams)));
    }
}
