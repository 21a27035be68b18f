package dev.candlesignal.cli;

import static dev.candlesignal.cli.ReplayCommandTest.BTC;
import static dev.candlesignal.cli.ReplayCommandTest.MODEL;
import static dev.candlesignal.cli.ReplayCommandTest.assertUserError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.replay.KlineCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI refuses candles whose times do not fit the interval, and a model used on another interval or symbol. */
class CandleValidationCliTest {

    static List<String> head(int rows) throws IOException {
        return Files.readAllLines(BTC).subList(0, rows + 1);
    }

    static Path write(Path dir, String name, List<String> lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, lines);
        return file;
    }

    @Test
    void hourlyDataUnderAFourHourNameIsRefused(@TempDir Path dir) throws IOException {
        Path file = write(dir, "BTCUSDT-4h.csv", head(200));
        assertUserError(Cli.run("replay", "--candles", file.toString(), "--model", MODEL.toString()),
                file + ":3: column 'open_time' value 1561942800000: open time 2019-07-01T01:00:00Z is not on the 4h grid");
        assertUserError(Cli.run("features", "--candles", file.toString()), file + ":3: column 'open_time'");
    }

    @Test
    void aMinuteIntervalOnHourlyDataIsRefused(@TempDir Path dir) throws IOException {
        Path file = write(dir, "BTCUSDT-1h.csv", head(200));
        assertUserError(Cli.run("replay", "--candles", file.toString(), "--model", MODEL.toString(), "--interval", "1m"),
                file + ":2: column 'close_time' value 1561942799999: close time 2019-07-01T00:59:59.999Z is after the "
                        + "end of the 1m candle");
    }

    @Test
    void aRowShiftedByHalfAnHourAndEpochSecondsAreRefused(@TempDir Path dir) throws IOException {
        List<String> lines = new ArrayList<>(head(200));
        String[] c = lines.get(50).split(",", -1);
        c[0] = Long.toString(Long.parseLong(c[0]) + 1_800_000);
        c[6] = Long.toString(Long.parseLong(c[6]) + 1_800_000);
        lines.set(50, String.join(",", c));
        Path shifted = write(dir, "shifted.csv", lines); // no interval in the name: inferred
        assertUserError(Cli.run("replay", "--candles", shifted.toString(), "--model", MODEL.toString()),
                shifted + ":51: column 'open_time' value " + c[0]);

        List<String> seconds = new ArrayList<>(head(200));
        for (int i = 1; i < seconds.size(); i++) {
            String[] s = seconds.get(i).split(",", -1);
            s[0] = Long.toString(Long.parseLong(s[0]) / 1000);
            s[6] = Long.toString(Long.parseLong(s[6]) / 1000);
            seconds.set(i, String.join(",", s));
        }
        Path secondsFile = write(dir, "seconds.csv", seconds);
        assertUserError(Cli.run("features", "--candles", secondsFile.toString()),
                secondsFile + ":2: column 'open_time' value 1561939200: open time 1970-01-19T01:52:19.200Z is outside "
                        + "2009-01-01T00:00:00Z .. 2100-01-01T00:00:00Z (epoch seconds read as milliseconds?)");
    }

    @Test
    void aZeroPriceIsRefusedNamingLineAndValue(@TempDir Path dir) throws IOException {
        List<String> lines = new ArrayList<>(head(120));
        String[] c = lines.get(100).split(",", -1);
        c[3] = "0.00000000"; // low
        c[4] = "0.00000000"; // close
        lines.set(100, String.join(",", c));
        Path file = write(dir, "BTCUSDT-1h.csv", lines);
        assertUserError(Cli.run("features", "--candles", file.toString()), file + ":101: ");
        assertThat(Cli.run("features", "--candles", file.toString()).err()).contains("low must be > 0 but was 0.0");
    }

    @Test
    void theHourlyDemoModelRefusesMinuteCandlesUnlessAllowed(@TempDir Path dir) throws IOException {
        // the bundled candles re-stamped as consecutive 1m candles
        List<Candle> hours = KlineCsv.read(BTC).subList(0, 150);
        List<Candle> minutes = new ArrayList<>();
        Instant open = Instant.parse("2024-03-01T00:00:00Z");
        for (Candle c : hours) {
            minutes.add(c.toBuilder().openTime(open).closeTime(Interval.MINUTE_1.closeTimeOf(open)).build());
            open = Interval.MINUTE_1.next(open);
        }
        Path file = dir.resolve("BTCUSDT-1m.csv");
        KlineCsv.write(file, minutes);
        assertUserError(Cli.run("replay", "--candles", file.toString(), "--model", MODEL.toString()),
                "model demo-btcusdt-1h-standard14 v1 was trained on 1h candles but stream BTCUSDT@1m has 1m candles; "
                        + "refused");
        Cli.Result allowed = Cli.run("replay", "--candles", file.toString(), "--model", MODEL.toString(),
                "--allow-interval-mismatch");
        assertThat(allowed.status()).as(allowed.err()).isZero();
        assertThat(allowed.out().lines().count()).isEqualTo(1 + 150 - 78);
        assertThat(allowed.err()).contains("note: model demo-btcusdt-1h-standard14 was trained on 1h candles, this "
                + "stream is 1m (--allow-interval-mismatch)");
    }

    @Test
    void anotherSymbolIsServedAndCountedInTheSummary() {
        Cli.Result r = Cli.run("replay", "--candles", "../data/binance/BNBUSDT-1h.csv.gz", "--model", MODEL.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).contains("replayed 8760 BNBUSDT@1h candles")
                .contains("  outside the training symbols: 8682 predictions on BNBUSDT, which model "
                        + "demo-btcusdt-1h-standard14 was not trained on (it was trained on BTCUSDT)");
        Cli.Result btc = Cli.run("replay", "--candles", BTC.toString(), "--model", MODEL.toString());
        assertThat(btc.err()).doesNotContain("outside the training symbols").doesNotContain("note:");
    }
}
