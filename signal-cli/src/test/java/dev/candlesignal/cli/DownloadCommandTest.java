package dev.candlesignal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.binance.fake.FakeBinance;
import dev.candlesignal.binance.fake.FakeMarket;
import dev.candlesignal.replay.KlineCsv;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code candlesignal download} against the fake Binance of signal-binance's tests, on 127.0.0.1. */
class DownloadCommandTest {
    private static FakeBinance fake;

    @BeforeAll
    static void startFake() {
        fake = new FakeBinance(FakeMarket.fromData(FakeMarket.dataDir(), "BTCUSDT"), Clock.systemUTC());
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    record Result(int status, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = CandleSignalCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(status, out.toString(), err.toString());
    }

    /** The header and the rows of the bundled file whose open time is in [from, to). */
    private static List<String> bundledLines(Instant from, Instant to) throws IOException {
        List<String> all = Files.readAllLines(Path.of("../data/binance/BTCUSDT-1h.csv"));
        List<String> out = new ArrayList<>();
        out.add(all.get(0));
        for (String line : all.subList(1, all.size())) {
            long open = Long.parseLong(line.substring(0, line.indexOf(',')));
            if (open >= from.toEpochMilli() && open < to.toEpochMilli()) {
                out.add(line);
            }
        }
        return out;
    }

    @Test
    void writesTheSameCsvAsTheBundledDataForARangeOfDates(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("btc.csv");

        Result r = run("download", "--symbol", "BTCUSDT", "--interval", "1h", "--from", "2019-12-01",
                "--to", "2020-01-15", "--out", file.toString(), "--rest-url", fake.restUrl().toString());

        assertThat(r.status()).as(r.err()).isZero();
        List<String> expected = bundledLines(Instant.parse("2019-12-01T00:00:00Z"), Instant.parse("2020-01-15T00:00:00Z"));
        assertThat(expected).hasSize(1 + 45 * 24);
        assertSameLines(Files.readAllLines(file), expected);
        assertThat(r.err()).contains("wrote 1080 closed candles of BTCUSDT 1h").doesNotContain("gap");
        assertThat(fake.requests()).allSatisfy(q -> assertThat(q.query()).doesNotContain("apiKey"));
    }

    @Test
    void acceptsInstantsAndReportsExchangeOutages(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("outage.csv");

        Result r = run("download", "--symbol", "btcusdt", "--interval", "1h", "--from", "2019-08-14T12:00:00Z",
                "--to", "2019-08-15T12:00+00:00", "--out", file.toString(), "--rest-url", fake.restUrl().toString());

        assertThat(r.status()).as(r.err()).isZero();
        assertSameLines(Files.readAllLines(file), bundledLines(Instant.parse("2019-08-14T12:00:00Z"),
                Instant.parse("2019-08-15T12:00:00Z")));
        assertThat(r.err()).contains("wrote 16 closed candles").contains("no candle for 8 slot(s) in 1 gap(s)");
    }

    @Test
    void userErrorsAreOneLineAndExitTwo(@TempDir Path dir) {
        String url = fake.restUrl().toString();
        String out = dir.resolve("x.csv").toString();
        assertUserError(run("download", "--symbol", "NOPEUSDT", "--interval", "1h", "--from", "2020-01-01", "--to",
                "2020-01-02", "--out", out, "--rest-url", url), "Invalid symbol");
        assertUserError(run("download", "--symbol", "BTCUSDT", "--interval", "1H", "--from", "2020-01-01", "--to",
                "2020-01-02", "--out", out, "--rest-url", url), "unknown interval '1H'");
        assertUserError(run("download", "--symbol", "BTCUSDT", "--interval", "1h", "--from", "2020-01-02", "--to",
                "2020-01-01", "--out", out, "--rest-url", url), "must be before --to");
        assertUserError(run("download", "--symbol", "BTCUSDT", "--interval", "1h", "--from", "yesterday", "--to",
                "2020-01-01", "--out", out, "--rest-url", url), "--from 'yesterday' is not an ISO-8601");
        assertUserError(run("download", "--symbol", "BTCUSDT", "--interval", "1h", "--from", "2020-01-01", "--to",
                "2020-01-02", "--out", dir.resolve("no/such/dir.csv").toString(), "--rest-url", url), "no such directory");
        assertUserError(run("download", "--symbol", "BTCUSDT", "--interval", "1h", "--from", "2020-01-01", "--to",
                "2020-01-02", "--out", out, "--rest-url", "ftp://example"), "--rest-url");
        assertThat(Files.exists(dir.resolve("x.csv"))).isFalse();
    }

    @Test
    void anUnreachableServerIsAUserErrorAfterAFewQuickRetries(@TempDir Path dir) {
        Result r = run("download", "--symbol", "BTCUSDT", "--interval", "1h", "--from", "2020-01-01", "--to",
                "2020-01-02", "--out", dir.resolve("x.csv").toString(), "--rest-url", "http://127.0.0.1:1");
        assertUserError(r, "GET /api/v3/klines");
    }

    /**
     * Same header and the same candles. Compared as numbers, not text: a candle holds doubles, and a few quote
     * volumes in the bundled file have more significant digits (e.g. 70341465.07528167) than a double keeps at
     * 8 decimals.
     */
    private static void assertSameLines(List<String> actual, List<String> expected) throws IOException {
        assertThat(actual).hasSameSizeAs(expected);
        assertThat(actual.get(0)).isEqualTo(expected.get(0));
        List<Candle> got = KlineCsv.read(new StringReader(String.join("\n", actual)), "downloaded");
        List<Candle> want = KlineCsv.read(new StringReader(String.join("\n", expected)), "bundled");
        for (int i = 0; i < want.size(); i++) {
            assertThat(got.get(i).sameKline(want.get(i))).as("candle %d: %s vs %s", i, got.get(i), want.get(i)).isTrue();
        }
    }

    private static void assertUserError(Result r, String message) {
        assertThat(r.status()).as(r.err()).isEqualTo(CandleSignalCli.USER_ERROR);
        assertThat(r.err().lines().filter(l -> l.startsWith("candlesignal: "))).singleElement()
                .satisfies(l -> assertThat(l).contains(message));
        assertThat(r.err()).doesNotContain("\tat ");
    }
}
