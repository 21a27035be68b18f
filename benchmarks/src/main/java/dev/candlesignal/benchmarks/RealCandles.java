package dev.candlesignal.benchmarks;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.StreamCandle;
import dev.candlesignal.replay.KlineCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Candle series of any length made from the real Binance 1h data in {@code data/binance/} (BTCUSDT, BNBUSDT,
 * LTCUSDT): the values of real candles, rotated from an offset and re-timed to consecutive hours, so a benchmark can
 * run far more candles than a year holds without repeating an open time. Run benchmarks from the repository root.
 */
final class RealCandles {
    static final List<String> SYMBOLS = List.of("BTCUSDT", "BNBUSDT", "LTCUSDT");
    private static final Instant START = Instant.parse("2021-01-01T00:00:00Z");

    private RealCandles() {
    }

    /** The repository's data file of a symbol. */
    static Path file(String symbol) {
        for (String name : List.of(symbol + "-1h.csv", symbol + "-1h.csv.gz")) {
            Path p = Path.of("data", "binance", name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException("no data/binance/" + symbol + "-1h.csv[.gz] below " + Path.of("").toAbsolutePath()
                + ": run the benchmarks from the repository root");
    }

    /** The year of real candles of a symbol, as published. */
    static List<Candle> year(String symbol) {
        return KlineCsv.read(file(symbol));
    }

    /** {@code length} candles: real candle {@code (offset + i) mod 8760}, re-timed to hour {@code i} after 2021-01-01. */
    static Candle[] series(List<Candle> year, int offset, int length) {
        Candle[] out = new Candle[length];
        Instant open = START;
        for (int i = 0; i < length; i++) {
            Candle c = year.get(Math.floorMod(offset + i, year.size()));
            out[i] = c.toBuilder().openTime(open).closeTime(open.plusMillis(Interval.HOUR_1.millis() - 1)).build();
            open = open.plusMillis(Interval.HOUR_1.millis());
        }
        return out;
    }

    /** All three years, for rotating symbols over many streams. */
    static List<List<Candle>> allYears() {
        List<List<Candle>> years = new ArrayList<>();
        for (String s : SYMBOLS) {
            years.add(year(s));
        }
        return years;
    }

    /**
     * The candle-close bursts of {@code streams} streams (the three symbols rotated, each from its own offset):
     * element t holds every stream's t-th candle, as one {@code onCandles} call receives them.
     */
    static List<List<StreamCandle>> bursts(int streams, int ticks) {
        List<List<Candle>> years = allYears();
        List<Candle[]> series = new ArrayList<>();
        List<StreamKey> keys = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            keys.add(StreamKey.of(SYMBOLS.get(s % 3) + "_" + s, Interval.HOUR_1));
            series.add(series(years.get(s % 3), s * 7, ticks));
        }
        List<List<StreamCandle>> bursts = new ArrayList<>(ticks);
        for (int t = 0; t < ticks; t++) {
            List<StreamCandle> tick = new ArrayList<>(streams);
            for (int s = 0; s < streams; s++) {
                tick.add(new StreamCandle(keys.get(s), series.get(s)[t]));
            }
            bursts.add(List.copyOf(tick));
        }
        return List.copyOf(bursts);
    }
}
