package dev.candlesignal.cli;

import static dev.candlesignal.cli.ReplayCommandTest.MODEL;
import static dev.candlesignal.cli.ReplayCommandTest.assertUserError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.candlesignal.internal.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** replay --journal, outcomes and stats on a slice of the bundled data. */
class JournalCommandsTest {
    @TempDir
    static Path dir;
    static Path slice;
    static Path journal;
    static Cli.Result plain;
    static Cli.Result journaled;

    @BeforeAll
    static void replayIntoAJournal() throws IOException {
        slice = ReplayCommandTest.slice(dir, 1_200);
        journal = dir.resolve("signals.db");
        plain = Cli.run("replay", "--candles", slice.toString(), "--model", MODEL.toString());
        journaled = Cli.run("replay", "--candles", slice.toString(), "--model", MODEL.toString(), "--journal",
                journal.toString());
    }

    @Test
    void replayWithAJournalPrintsExactlyWhatItPrintsWithout() {
        assertThat(journaled.status()).as(journaled.err()).isZero();
        assertThat(journaled.out()).isEqualTo(plain.out());
        long emitted = plain.out().lines().filter(l -> l.contains(",BUY,") || l.contains(",SELL,")).count();
        assertThat(journaled.err()).contains("journal " + journal).contains(emitted + " signals recorded, ")
                .contains("max hold 168h, commission 0.1%, slippage 0.05%").contains("1200 candle updates written");
    }

    @Test
    void outcomesListsEveryEmittedSignalInOpenTimeOrder() {
        Cli.Result r = Cli.run("outcomes", "--journal", journal.toString());
        assertThat(r.status()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0))
                .isEqualTo("symbol,interval,open_time,action,entry,stop,target,outcome,exit_time,exit_price,pnl_pct,model_version");
        List<String> emitted = plain.out().lines().skip(1).filter(l -> l.contains(",BUY,") || l.contains(",SELL,"))
                .toList();
        assertThat(lines).hasSize(1 + emitted.size());
        Instant previous = Instant.EPOCH;
        boolean sawPending = false;
        for (int i = 1; i < lines.size(); i++) {
            String[] c = lines.get(i).split(",", -1);
            assertThat(c).hasSize(12);
            String[] replayed = emitted.get(i - 1).split(",", -1);
            assertThat(c[0]).isEqualTo("BTCUSDT");
            assertThat(c[1]).isEqualTo("1h");
            assertThat(c[2]).as("the signal's candle").isEqualTo(replayed[1]);
            assertThat(c[3]).isEqualTo(replayed[4]);
            assertThat(c[4]).as("entry = close").isEqualTo(replayed[2]);
            assertThat(c[5]).isEqualTo(replayed[7]);
            assertThat(c[6]).isEqualTo(replayed[8]);
            Instant open = Instant.parse(c[2]);
            assertThat(open).isAfterOrEqualTo(previous);
            previous = open;
            assertThat(c[11]).isEqualTo("1");
            switch (c[7]) {
                case "PENDING" -> {
                    sawPending = true;
                    assertThat(c[8] + c[9] + c[10]).isEmpty();
                }
                case "WIN", "LOSS", "TIMEOUT" -> {
                    assertThat(Instant.parse(c[8])).isAfterOrEqualTo(open);
                    double exit = Double.parseDouble(c[9]);
                    if (c[7].equals("WIN")) {
                        assertThat(exit).isEqualTo(Double.parseDouble(c[6]));
                    } else if (c[7].equals("LOSS")) {
                        assertThat(exit).isEqualTo(Double.parseDouble(c[5]));
                    }
                    double entry = Double.parseDouble(c[4]);
                    double gross = c[3].equals("BUY") ? (exit - entry) / entry : (entry - exit) / entry;
                    assertThat(Double.parseDouble(c[10])).isCloseTo(100 * (gross - 0.003), within(1e-6));
                }
                default -> throw new AssertionError("outcome " + c[7]);
            }
        }
        assertThat(sawPending).as("the slice ends with signals still open").isTrue();
    }

    @Test
    void outcomesAsJsonLines() throws Exception {
        Cli.Result r = Cli.run("outcomes", "--journal", journal.toString(), "--format", "json");
        assertThat(r.status()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize((int) Cli.run("outcomes", "--journal", journal.toString()).out().lines().count() - 1);
        for (String line : lines) {
            @SuppressWarnings("unchecked")
            Map<String, Object> o = (Map<String, Object>) Json.parse(line);
            assertThat(o).containsKeys("symbol", "interval", "open_time", "action", "entry", "stop", "target",
                    "outcome", "exit_time", "exit_price", "pnl_pct", "model_version", "model_id", "feature_set", "atr");
            assertThat(Set.of("WIN", "LOSS", "TIMEOUT", "PENDING")).contains((String) o.get("outcome"));
            assertThat(o.get("exit_time") == Json.NULL).isEqualTo(o.get("outcome").equals("PENDING"));
        }
    }

    @Test
    void costsGivenToOutcomesRepriceTheResults() {
        List<String> base = Cli.run("outcomes", "--journal", journal.toString()).out().lines().toList();
        Cli.Result r = Cli.run("outcomes", "--journal", journal.toString(), "--commission", "0.2%", "--slippage", "0");
        assertThat(r.status()).as(r.err()).isZero();
        List<String> repriced = r.out().lines().toList();
        for (int i = 1; i < base.size(); i++) {
            String[] a = base.get(i).split(",", -1);
            String[] b = repriced.get(i).split(",", -1);
            assertThat(Arrays.copyOf(b, 10)).isEqualTo(Arrays.copyOf(a, 10));
            if (!a[10].isEmpty()) {
                // costs 2 x 0.2 % instead of 2 x (0.1 + 0.05) %: 0.1 percentage points less
                assertThat(Double.parseDouble(b[10])).isCloseTo(Double.parseDouble(a[10]) - 0.1, within(1e-6));
            }
        }
    }

    @Test
    void candlesOutOfTheModelsDomainAreJournaledAsMarketDataNotLost() throws IOException {
        // the demo model is BTCUSDT's: every BNBUSDT window is out of its domain, so nothing is emitted, and the
        // tracker must still journal every candle as market data (it once threw on them and lost the updates)
        Path bnb = dir.resolve("BNBUSDT-1h.csv");
        dev.candlesignal.replay.KlineCsv.write(bnb,
                dev.candlesignal.replay.KlineCsv.read(Path.of("../data/binance/BNBUSDT-1h.csv.gz")).subList(0, 300));
        Path db = dir.resolve("bnb.db");
        Cli.Result r = Cli.run("replay", "--candles", bnb.toString(), "--model", MODEL.toString(), "--journal",
                db.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).contains("0 signals recorded, ").contains("300 candle updates written")
                .contains("out of the model's training domain: 222 of 222 predictions");
        Cli.Result stats = Cli.run("stats", "--journal", db.toString());
        assertThat(stats.status()).as(stats.err()).isZero();
        assertThat(stats.out()).as("withheld decisions are neither counted nor scored").contains("nothing journaled yet");
    }

    @Test
    void statsPrintsReadableTables() {
        Cli.Result r = Cli.run("stats", "--journal", journal.toString(), "--window", "50");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("outcomes by max hold 168h, commission 0.1%, slippage 0.05% per side")
                .contains("Signals").contains("Predictions").contains("last 50: resolved")
                .contains("always up: hit rate").contains("previous direction: hit rate")
                .contains("BTCUSDT@1h  demo-btcusdt-1h-standard14  1");
    }

    @Test
    void replayingTheSameCandlesAgainWritesNothingNew() throws IOException {
        Path copy = Files.copy(journal, dir.resolve("again.db"));
        String before = Cli.run("outcomes", "--journal", copy.toString()).out();
        Cli.Result again = Cli.run("replay", "--candles", slice.toString(), "--model", MODEL.toString(), "--journal",
                copy.toString());
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.err()).contains("0 signals recorded, 0 resolved").contains("0 candle updates written");
        assertThat(Cli.run("outcomes", "--journal", copy.toString()).out()).isEqualTo(before);
    }

    @Test
    void journalUserErrorsAreOneLine() throws IOException {
        assertUserError(Cli.run("replay", "--candles", slice.toString(), "--model", MODEL.toString(), "--commission",
                "0.2"), "add --journal FILE");
        assertUserError(Cli.run("outcomes"), "outcomes needs --journal FILE");
        assertUserError(Cli.run("stats", "--journal", dir.resolve("missing.db").toString()), "no journal at");
        assertUserError(Cli.run("outcomes", "--journal", journal.toString(), "--max-hold", "24h"),
                "another --max-hold needs the candles again");
        assertUserError(Cli.run("outcomes", "--journal", journal.toString(), "--format", "xml"),
                "--format must be csv or json");
        assertUserError(Cli.run("stats", "--journal", journal.toString(), "--slippage", "12"), "below 10");
        assertUserError(Cli.run("stats", "--journal", journal.toString(), "--max-hold", "soon"), "--max-hold must be");
        assertUserError(Cli.run("replay", "--candles", slice.toString(), "--model", MODEL.toString(), "--journal",
                journal.toString(), "--max-hold", "24h"), "its outcomes were resolved with max hold 168h");
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a journal\n".repeat(100));
        assertUserError(Cli.run("stats", "--journal", text.toString()), "not a journal");
        assertUserError(Cli.run("replay", "--candles", slice.toString(), "--model", MODEL.toString(), "--journal",
                text.toString()), "not an SQLite database");
    }
}
