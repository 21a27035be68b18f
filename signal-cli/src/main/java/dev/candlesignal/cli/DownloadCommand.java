package dev.candlesignal.cli;

import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.binance.BackoffPolicy;
import dev.candlesignal.binance.BinanceCandleSource;
import dev.candlesignal.binance.BinanceEndpoints;
import dev.candlesignal.replay.KlineCsv;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
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
 *
 * <p>Pages are written to a temporary file next to {@code --out} as they arrive (memory stays flat for any
 * range), with a progress bar on standard error when it is a terminal, and the file replaces {@code --out} only
 * when the download is complete ({@link OutputFile}); a failed or interrupted download leaves an existing file as
 * it was. A missing or read-only directory is reported before any request. Prices and volumes are written exactly
 * as Binance sent them ({@link DownloadWriter}).
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

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "CSV file to write (gzip if the name ends in .gz); replaced only when the download is"
                    + " complete.")
    Path out;

    @Option(names = "--quiet", description = "No progress bar on standard error (there is none either when the"
            + " output is not a terminal).")
    boolean quiet;

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
        // before any request: the output must not be refused later (missing or read-only directory)
        try (OutputFile file = OutputFile.open("--out", out, Map.of());
                BinanceCandleSource binance = BinanceCandleSource.builder()
                        .endpoints(endpoints)
                        .historyAttempts(3)
                        .reconnectBackoff(new BackoffPolicy(Duration.ofMillis(500), Duration.ofSeconds(4), 0.5))
                        .build()) {
            DownloadWriter csv;
            try {
                csv = new DownloadWriter(file.writer(), iv);
            } catch (IOException e) {
                throw file.failure(e);
            }
            Clock clock = Clock.systemUTC();
            Instant now = clock.instant();
            ProgressBar progress = quiet || !ProgressBar.interactive() ? ProgressBar.silent()
                    : new ProgressBar(spec.commandLine().getErr(), clock, key.symbol() + " " + iv, start,
                            end.isAfter(now) ? now : end);
            try {
                binance.historyKlines(key, start, end, page -> {
                    try {
                        csv.page(page);
                    } catch (IOException e) {
                        throw file.failure(e);
                    }
                    progress.page(page.size(), iv.next(csv.lastOpen().orElseThrow()));
                });
            } finally {
                progress.done();
            }
            file.commit();
            spec.commandLine().getErr().println("candlesignal: wrote " + csv.candles() + " closed candles of "
                    + key.symbol() + " " + iv + " with open times in [" + start + ", " + end + ") to " + out
                    + (csv.gaps() == 0 ? "" : "; the exchange has no candle for " + csv.missingSlots() + " slot(s) in "
                    + csv.gaps() + " gap(s)"));
        }
        return 0;
    }

    /** A time as the options take it (download, backtest, train): an ISO-8601 instant, an offset or local (UTC)
     *  date-time, or a date (midnight UTC). */
    static Instant time(String option, String text) {
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
