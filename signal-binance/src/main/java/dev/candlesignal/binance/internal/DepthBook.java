package dev.candlesignal.binance.internal;

import dev.candlesignal.OrderBookSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The order book at candle closes, from partial-depth snapshots ({@code <symbol>@depth<N>@100ms}).
 *
 * <p>Snapshots carry no exchange time, so each is stamped with its arrival on the exchange-corrected clock. The
 * kline stream tells this book when each candle is due to close ({@link #expectClose}); when the first snapshot
 * after such a boundary arrives, the one before it (the last at or before the close) is kept for that close.
 * {@link #atClose} then answers with that snapshot, or with the latest one if it is not after the close. A
 * snapshot older than {@code maxAge} at the close counts as missing (the depth stream stalled).
 *
 * <p>Memory is bounded: per symbol the latest snapshot and at most {@value #KEEP} boundaries.
 *
 * <p>Thread-safe: snapshots arrive on WebSocket threads, lookups come from the subscription thread.
 */
public final class DepthBook {
    static final int KEEP = 16;

    private static final class SymbolBook {
        OrderBookSnapshot latest;
        final TreeSet<Instant> expected = new TreeSet<>();
        final TreeMap<Instant, OrderBookSnapshot> captured = new TreeMap<>();
    }

    private final Map<String, SymbolBook> books = new ConcurrentHashMap<>();

    private SymbolBook book(String symbol) {
        return books.computeIfAbsent(symbol.toUpperCase(java.util.Locale.ROOT), s -> new SymbolBook());
    }

    /** A candle of {@code symbol} is due to close at {@code closeTime}. */
    public void expectClose(String symbol, Instant closeTime) {
        SymbolBook b = book(symbol);
        synchronized (b) {
            if (b.captured.containsKey(closeTime) || (b.latest != null && b.latest.time().isAfter(closeTime))) {
                return;  // already passed
            }
            b.expected.add(closeTime);
            while (b.expected.size() > KEEP) {
                b.expected.pollFirst();
            }
        }
    }

    /** A new snapshot arrived (times must not go backwards; an older one is ignored). */
    public void onSnapshot(String symbol, OrderBookSnapshot snapshot) {
        SymbolBook b = book(symbol);
        synchronized (b) {
            if (b.latest != null && snapshot.time().isBefore(b.latest.time())) {
                return;
            }
            while (!b.expected.isEmpty() && b.expected.first().isBefore(snapshot.time())) {
                Instant boundary = b.expected.pollFirst();
                if (b.latest != null && !b.latest.time().isAfter(boundary)) {
                    b.captured.put(boundary, b.latest);
                }
            }
            while (b.captured.size() > KEEP) {
                b.captured.pollFirstEntry();
            }
            b.latest = snapshot;
        }
    }

    /** The last snapshot at or before {@code closeTime}, if it is known and at most {@code maxAge} older. */
    public Optional<OrderBookSnapshot> atClose(String symbol, Instant closeTime, Duration maxAge) {
        SymbolBook b = book(symbol);
        OrderBookSnapshot s;
        synchronized (b) {
            s = b.captured.get(closeTime);
            if (s == null && b.latest != null && !b.latest.time().isAfter(closeTime)) {
                s = b.latest;
            }
        }
        if (s == null || s.time().isBefore(closeTime.minus(maxAge))) {
            return Optional.empty();
        }
        return Optional.of(s);
    }
}
