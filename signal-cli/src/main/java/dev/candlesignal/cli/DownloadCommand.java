package dev.candlesignal.cli;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.binance.BackoffPolicy;
import dev.candlesignal.binance.BinanceCandleSource;
import dev.candlesignal.binance.BinanceEndpoints;
import dev.candlesignal.replay.KlineCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code candlesignal download}: closed klines of one stream from Binance's REST API into a CSV in the format
 * of {@code data/binance} ({@link KlineCsv#write}). No API key is needed.
 *
 * <pre>
 * candlesignal download --symbol BTCUSDT --interval 1h --from 2024-01-01 --to 2024-02-01 --out btc-jan.csv
 * </pre>
 *
 * Times are ISO-8601 instants ({@code 2024-01-01T12:00:00Z}, with an offset, or without one meaning UTC) or
 * dates (midnight UTC); {@code --from} is inclusive and {@code --to} exclusive, on candle open times. Candles
 * that are still forming are never written. Hours the exchange has no candle for (outages) are reported on
 * standard error.
 */
@Command(name = "download",
        description = "Downloads closed klines from Binance's REST API into a CSV (the format of data/binance).",
        mixinStandardHelpOptions = true)
final class DownloadCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--symbol", required = true, paramLabel = "SYMBOL", description = "Binance symbol, e.g. BTCUSDT.")
    String symbol;

    @Option(names = "--interval", required = true, paramLabel = "INTERVAL",
            description = "Kline interval as Binance writes it (case-sensitive): 1s 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M.")
    String interval;

    @Option(names = "--from", required = true, paramLabel = "TIME",
            description = "First open time, inclusive: an ISO-8601 instant (2024-01-01T00:00:00Z) or date (2024-01-01, midnight UTC).")
    String from;

    @Option(names = "--to", required = true, paramLabel = "TIME", description = "End of the open times, exclusive; same forms as --from.")
    String to;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "CSV file to write.")
    Path out;

    @Option(names = "--rest-url", paramLabel = "URL", defaultValue = "https://data-api.binance.vision",
            description = "REST base URL (default: ${DEFAULT-VALUE}, Binance's market-data endpoint).")
    String restUrl;

    @Override
    public Integer call() {
        Interval iv;
        StreamKey key;
        try {
            iv = Interval.fromWireName(interval);
            key = StreamKey.of(symbol.toUpperCase(java.util.Locale.ROOT), iv);
        } catch (IllegalArgumentException e) {
            throw new CandleSignalCli.UserError(e.getMessage(), e);
        }
        Instant start = time("--from", from);
        Instant end = time("--to", to);
        if (!start.isBefore(end)) {
            throw new CandleSignalCli.UserError("--from " + start + " must be before --to " + end);
        }
        BinanceEndpoints endpoints;
        try {
            endpoints = BinanceEndpoints.MARKET_DATA.withRest(BinanceEndpoints.of(restUrl, "wss://unused").rest());
        } catch (IllegalArgumentException e) {
            throw new CandleSignalCli.UserError("--rest-url: " + e.getMessage(), e);
        }
        if (out.toAbsolutePath().getParent() != null && !Files.isDirectory(out.toAbsolutePath().getParent())) {
            throw new CandleSignalCli.UserError("cannot write " + out + ": no such directory");
        }
        List<Candle> candles;
        try (BinanceCandleSource binance = BinanceCandleSource.builder()
                .endpoints(endpoints)
                .historyAttempts(3)
                .reconnectBackoff(new BackoffPolicy(Duration.ofMillis(500), Duration.ofSeconds(4), 0.5))
                .build()) {
            candles = binance.history(key, start, end);
        }
        KlineCsv.write(out, candles);
        long missing = 0;
        int gaps = 0;
        for (int i = 1; i < candles.size(); i++) {
            long m = iv.slotsBetween(candles.get(i - 1).openTime(), candles.get(i).openTime()) - 1;
            if (m > 0) {
                missing += m;
                gaps++;
            }
        }
        spec.commandLine().getErr().println("candlesignal: wrote " + candles.size() + " closed candles of " + key.symbol()
                + " " + iv + " with open times in [" + start + ", " + end + ") to " + out
                + (gaps == 0 ? "" : "; the exchange has no candle for " + missing + " slot(s) in " + gaps + " gap(s)"));
        return 0;
    }

    private static Instant time(String option, String text) {
        String s = text.trim();
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException ignored) {
            // try the other forms
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the other forms
        }
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // try the other forms
        }
        try {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new CandleSignalCli.UserError(option + " '" + text + "' is not an ISO-8601 instant or date (e.g. "
                    + "2024-01-01T00:00:00Z or 2024-01-01)", e);
        }
    }
}
