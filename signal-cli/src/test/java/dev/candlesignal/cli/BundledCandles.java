package dev.candlesignal.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Shorter copies of the bundled BTCUSDT 1h year, for tests that need fewer candles. */
final class BundledCandles {
    static final Path BTCUSDT_1H = Path.of("../data/binance/BTCUSDT-1h.csv");

    private BundledCandles() {
    }

    /** The first {@code candles} rows of the year (header kept) as {@code dir/data/BTCUSDT-1h.csv}. */
    static Path first(Path dir, int candles) throws IOException {
        List<String> lines = Files.readAllLines(BTCUSDT_1H);
        Path file = Files.createDirectories(dir.resolve("data")).resolve("BTCUSDT-1h.csv");
        Files.write(file, lines.subList(0, 1 + candles));
        return file;
    }
}
