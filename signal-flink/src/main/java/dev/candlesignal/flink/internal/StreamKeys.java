package dev.candlesignal.flink.internal;

import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;

/** Stream keys as Flink keys and in serialized configuration: {@code StreamKey.toString()}, e.g. {@code BTCUSDT@1h}. */
public final class StreamKeys {
    private StreamKeys() {
    }

    /**
     * The key {@code id} names.
     *
     * @throws IllegalArgumentException if it is not {@code SYMBOL@INTERVAL}
     */
    public static StreamKey parse(String id) {
        int at = id.lastIndexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("'" + id + "' is not a stream (SYMBOL@INTERVAL, e.g. BTCUSDT@1h)");
        }
        return StreamKey.of(id.substring(0, at), Interval.fromWireName(id.substring(at + 1)));
    }
}
