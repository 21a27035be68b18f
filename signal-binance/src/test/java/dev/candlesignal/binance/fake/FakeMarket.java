package dev.candlesignal.binance.fake;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.replay.KlineCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The candles a fake exchange trades: real klines per symbol (from {@code data/binance}, 1h), optionally
 * shifted in time or re-stamped onto a shorter interval, and what Binance would answer about them at a given
 * exchange time: closed candles in full, the one forming at that time as a partial candle, nothing later.
 *
 * <p>Immutable and thread-safe.
 */
public final class FakeMarket {
    private final Interval interval;
    private final Map<String, NavigableMap<Instant, Candle>> bySymbol;

    /** A market over the given 1h candles per symbol (in open-time order). */
    public FakeMarket(Map<String, List<Candle>> candles) {
        this(candles, Interval.HOUR_1);
    }

    /** A market over the given candles of {@code interval} per symbol (in open-time order). */
    public FakeMarket(Map<String, List<Candle>> candles, Interval interval) {
        this.interval = interval;
        Map<String, NavigableMap<Instant, Candle>> m = new LinkedHashMap<>();
        candles.forEach((symbol, list) -> {
            NavigableMap<Instant, Candle> byOpen = new TreeMap<>();
            for (Candle c : list) {
                byOpen.put(c.openTime(), c);
            }
            m.put(symbol.toUpperCase(Locale.ROOT), byOpen);
        });
        this.bySymbol = Map.copyOf(m);
    }

    /**
     * The bundled data for {@code symbols} (e.g. BTCUSDT, BNBUSDT, LTCUSDT) from {@code <dataDir>/<SYMBOL>-1h.csv}
     * or {@code .csv.gz}.
     */
    public static FakeMarket fromData(Path dataDir, String... symbols) {
        Map<String, List<Candle>> m = new LinkedHashMap<>();
        for (String s : symbols) {
            Path plain = dataDir.resolve(s + "-1h.csv");
            Path file = Files.exists(plain) ? plain : dataDir.resolve(s + "-1h.csv.gz");
            m.put(s, KlineCsv.read(file));
        }
        return new FakeMarket(m);
    }

    /**
     * The repository's {@code data/binance} directory, from a module directory (where Maven runs tests) or the
     * repository root.
     */
    public static Path dataDir() {
        for (Path p : List.of(Path.of("../data/binance"), Path.of("data/binance"))) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find data/binance from " + Path.of("").toAbsolutePath());
    }

    /** The interval of every candle. */
    public Interval interval() {
        return interval;
    }

    /**
     * This market on another interval, for tests on the real clock: slot {@code k} of the data (counted from each
     * symbol's first candle; outages stay gaps) becomes the candle opening at {@code firstOpen + k * interval},
     * with its prices, volumes and trades. With {@code 1s} a candle closes every second.
     *
     * @throws IllegalArgumentException if {@code firstOpen} is not on the new interval's grid
     */
    public FakeMarket restamped(Interval target, Instant firstOpen) {
        if (!target.isFixedLength() || firstOpen.toEpochMilli() % target.millis() != 0) {
            throw new IllegalArgumentException(firstOpen + " is not on the " + target + " grid");
        }
        Map<String, List<Candle>> m = new LinkedHashMap<>();
        bySymbol.forEach((s, candles) -> {
            List<Candle> moved = new ArrayList<>();
            Instant first = candles.firstKey();
            for (Candle c : candles.values()) {
                Instant open = firstOpen.plusMillis(interval.slotsBetween(first, c.openTime()) * target.millis());
                moved.add(c.toBuilder().openTime(open).closeTime(open.plusMillis(target.millis() - 1)).build());
            }
            m.put(s, moved);
        });
        return new FakeMarket(m, target);
    }

    /** This market with every candle moved by {@code shift} (a multiple of the interval keeps the grid). */
    public FakeMarket shifted(Duration shift) {
        Map<String, List<Candle>> m = new LinkedHashMap<>();
        bySymbol.forEach((s, candles) -> {
            List<Candle> moved = new ArrayList<>();
            for (Candle c : candles.values()) {
                moved.add(c.toBuilder().openTime(c.openTime().plus(shift)).closeTime(c.closeTime().plus(shift)).build());
            }
            m.put(s, moved);
        });
        return new FakeMarket(m, interval);
    }

    public Set<String> symbols() {
        return bySymbol.keySet();
    }

    public boolean knows(String symbol) {
        return bySymbol.containsKey(symbol.toUpperCase(Locale.ROOT));
    }

    /** Every candle of {@code symbol}, closed or not, in open-time order. */
    public List<Candle> all(String symbol) {
        return List.copyOf(book(symbol).values());
    }

    /** The candles of {@code symbol} with open time in {@code [from, to)}: what a client should end up with. */
    public List<Candle> between(String symbol, Instant from, Instant to) {
        return List.copyOf(book(symbol).subMap(from, true, to, false).values());
    }

    /** Whether a candle is closed at exchange time {@code now}: its close time (its last millisecond) has passed. */
    public static boolean closedAt(Candle c, Instant now) {
        return c.closeTime().isBefore(now);
    }

    /** The candle forming at {@code now} (as Binance shows it then), if one is. */
    public Optional<Candle> forming(String symbol, Instant now) {
        Map.Entry<Instant, Candle> e = book(symbol).floorEntry(now);
        if (e == null || closedAt(e.getValue(), now)) {
            return Optional.empty();
        }
        return Optional.of(partial(e.getValue(), now, interval));
    }

    /** The candles whose close time lies in {@code [after, upTo)}, i.e. that closed when time moved from after to upTo. */
    public List<Candle> closedDuring(String symbol, Instant after, Instant upTo) {
        List<Candle> out = new ArrayList<>();
        // a candle closes at most one interval after it opens
        for (Candle c : book(symbol).subMap(after.minus(interval.duration()), true, upTo, false).values()) {
            if (!c.closeTime().isBefore(after) && c.closeTime().isBefore(upTo)) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * {@code GET /api/v3/klines} at exchange time {@code now}, with Binance's paging rules: with a start time the
     * oldest from it (and not past the end time), with only an end time the newest up to it, with neither the
     * newest; at most {@code limit}; the forming candle last, partial; nothing that opens after {@code now}.
     */
    public List<Candle> klines(String symbol, Long startTime, Long endTime, int limit, Instant now) {
        Instant upTo = endTime != null && Instant.ofEpochMilli(endTime).isBefore(now) ? Instant.ofEpochMilli(endTime) : now;
        NavigableMap<Instant, Candle> visible = book(symbol).headMap(upTo, true);
        List<Candle> chosen = new ArrayList<>(limit);
        if (startTime != null) {
            for (Candle c : visible.tailMap(Instant.ofEpochMilli(startTime), true).values()) {
                if (chosen.size() == limit) {
                    break;
                }
                chosen.add(c);
            }
        } else {
            for (Candle c : visible.descendingMap().values()) {
                if (chosen.size() == limit) {
                    break;
                }
                chosen.add(0, c);
            }
        }
        List<Candle> out = new ArrayList<>(chosen.size());
        for (Candle c : chosen) {
            out.add(closedAt(c, now) ? c : partial(c, now, interval));
        }
        return out;
    }

    /**
     * The forming version of {@code c} at {@code now}: the same open, a close moved part of the way, volumes and
     * trades so far, and the scheduled close time. Different from the final candle, so a client that delivers it
     * as closed is caught.
     */
    public static Candle partial(Candle c, Instant now, Interval interval) {
        long span = interval.millis();
        double f = Math.max(0.01, Math.min(0.99, (now.toEpochMilli() - c.openTime().toEpochMilli()) / (double) span));
        double close = round(c.open() + (c.close() - c.open()) * f);
        return Candle.builder()
                .openTime(c.openTime())
                .closeTime(c.openTime().plusMillis(span - 1))
                .open(c.open())
                .high(Math.max(c.open(), close))
                .low(Math.min(c.open(), close))
                .close(close)
                .volume(round(c.volume() * f))
                .quoteVolume(round(c.quoteVolume() * f))
                .trades((long) (c.trades() * f))
                .takerBuyBaseVolume(round(c.takerBuyBaseVolume() * f))
                .takerBuyQuoteVolume(round(c.takerBuyQuoteVolume() * f))
                .build();
    }

    private static double round(double v) {
        return Double.parseDouble(KlineCsv.decimal(v));
    }

    private NavigableMap<Instant, Candle> book(String symbol) {
        NavigableMap<Instant, Candle> b = bySymbol.get(symbol.toUpperCase(Locale.ROOT));
        if (b == null) {
            throw new IllegalArgumentException("the fake market has no " + symbol + " (it has " + bySymbol.keySet() + ")");
        }
        return b;
    }
}
