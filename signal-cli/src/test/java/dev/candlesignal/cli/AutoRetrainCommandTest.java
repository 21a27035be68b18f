package dev.candlesignal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.journal.SignalJournal;
import dev.candlesignal.journal.jdbc.SqliteJournal;
import dev.candlesignal.store.ModelStore;
import dev.candlesignal.training.RetrainDecision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code candlesignal replay --auto-retrain} on 100 days of the bundled BTCUSDT candles, with a stand-in trainer
 * ({@link RefitTrainer}) behind the retraining options: the loop runs in candle time, the decisions go to stderr as a
 * table, to {@code --decisions} as CSV, to the store and to the journal, and the same run gives the same bytes.
 */
class AutoRetrainCommandTest {
    static final String MODEL_ID = "demo-btcusdt-1h-standard14";

    @TempDir
    static Path shared;
    static Path candles;

    @TempDir
    Path tmp;

    @BeforeAll
    static void hundredDays() throws IOException {
        candles = BundledCandles.first(shared, 2400);
    }

    private Cli.Result simulate(Path store, Path decisions, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("replay", "--candles", candles.toString(),
                "--auto-retrain", "--store", store.toString(), "--decisions", decisions.toString(), "--history", "30d",
                "--held-out", "7d"));
        args.addAll(List.of(more));
        return RefitTrainer.run(args.toArray(String[]::new));
    }

    @Test
    void theLoopRunsOverHistoryAndEveryDecisionIsKeptInTheCsvTheStoreAndTheJournal() throws Exception {
        Path store = tmp.resolve("store");
        Path decisions = tmp.resolve("decisions.csv");
        Path journal = tmp.resolve("journal.db");
        Cli.Result r = simulate(store, decisions, "--journal", journal.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().lines().findFirst()).contains(SignalFormat.CSV_HEADER);
        assertThat(r.err()).contains("model store " + store.toAbsolutePath().normalize() + ": " + MODEL_ID
                + " v1 imported and serving");
        assertThat(r.err()).contains("auto-retrain: ").contains("retraining decision");

        List<String> csv = Files.readAllLines(decisions);
        assertThat(csv.get(0)).isEqualTo("time,symbol,interval,trigger,champion_version,challenger_version,"
                + "champion_log_loss,challenger_log_loss,promoted,reason");
        List<RetrainDecision> kept = ModelStore.openReadOnly(store).decisions(MODEL_ID);
        assertThat(kept).isNotEmpty();
        assertThat(csv).hasSize(kept.size() + 1);
        assertThat(Files.readString(decisions)).isEqualTo(DecisionTable.csv(kept));
        try (SignalJournal j = SqliteJournal.openReadOnly(journal)) {
            assertThat(j.decisions()).containsExactlyElementsOf(kept);
        }
        // a decision at a source that cannot serve 30 days yet fails and names the problem
        RetrainDecision first = kept.get(0);
        assertThat(first.stream().toString()).isEqualTo("BTCUSDT@1h");
        assertThat(kept).anyMatch(d -> d.scores().isPresent());
        assertThat(r.err()).contains("time").contains("champion log loss").contains(first.reason());

        // models list and show read it back
        Cli.Result list = Cli.run("models", "list", "--store", store.toString());
        assertThat(list.status()).as(list.err()).isZero();
        assertThat(list.out()).contains(MODEL_ID).contains("trained from").contains("*");
        Cli.Result show = Cli.run("models", "show", MODEL_ID, "--store", store.toString());
        assertThat(show.status()).as(show.err()).isZero();
        assertThat(show.out()).contains("(serving)").contains("retraining decisions: " + kept.size());
    }

    @Test
    void theSameCandlesAndSeedGiveTheSameDecisionsByteForByte() throws Exception {
        Cli.Result a = simulate(tmp.resolve("a"), tmp.resolve("a.csv"));
        Cli.Result b = simulate(tmp.resolve("b"), tmp.resolve("b.csv"));
        assertThat(a.status()).as(a.err()).isZero();
        assertThat(b.status()).as(b.err()).isZero();
        assertThat(Files.readAllBytes(tmp.resolve("b.csv"))).isEqualTo(Files.readAllBytes(tmp.resolve("a.csv")));
        assertThat(b.out()).isEqualTo(a.out());
    }

    @Test
    void badStoresAndFlagsAreOneLineErrors() throws Exception {
        ReplayCommandTest.assertUserError(Cli.run("replay", "--auto-retrain"),
                "replay --auto-retrain needs --store DIR");
        ReplayCommandTest.assertUserError(Cli.run("replay", "--store", tmp.toString()),
                "--store and --max-model-age belong to automatic retraining");
        ReplayCommandTest.assertUserError(Cli.run("replay", "--decisions", tmp.resolve("d.csv").toString()),
                "--decisions writes the decisions of --auto-retrain");
        ReplayCommandTest.assertUserError(RefitTrainer.run("replay", "--candles", candles.toString(), "--auto-retrain",
                "--store", tmp.resolve("s").toString(), "--history", "7d", "--held-out", "7d"),
                "--held-out 7d must be shorter than --history 7d");
        ReplayCommandTest.assertUserError(RefitTrainer.run("replay", "--candles", candles.toString(), "--auto-retrain",
                "--store", tmp.resolve("s").toString(), "--on-stale", "stop"), "--on-stale needs --max-model-age");

        Path notAStore = Files.createDirectories(tmp.resolve("photos"));
        Files.writeString(notAStore.resolve("cat.jpg"), "meow");
        ReplayCommandTest.assertUserError(RefitTrainer.run("replay", "--candles", candles.toString(), "--auto-retrain",
                "--store", notAStore.toString()), "not a model store: it has no candlesignal-store.properties "
                        + "(it holds cat.jpg)");

        Path newer = Files.createDirectories(tmp.resolve("newer"));
        Files.writeString(newer.resolve(ModelStore.MARKER), "format=candlesignal-model-store\nformatVersion=9\n");
        ReplayCommandTest.assertUserError(RefitTrainer.run("replay", "--candles", candles.toString(), "--auto-retrain",
                "--store", newer.toString()), "store format version 9 was written by a newer candlesignal");

        Path used = tmp.resolve("used");
        ModelStore s = ModelStore.openOrCreate(used);
        s.save(DemoBundles.DEMO);
        ReplayCommandTest.assertUserError(RefitTrainer.run("replay", "--candles", candles.toString(), "--auto-retrain",
                "--store", used.toString()), "simulates from a fresh store, but");
    }
}
