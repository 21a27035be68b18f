package dev.candlesignal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Interval;
import dev.candlesignal.binance.fake.FakeBinance;
import dev.candlesignal.binance.fake.FakeMarket;
import dev.candlesignal.journal.SignalJournal;
import dev.candlesignal.journal.jdbc.SqliteJournal;
import dev.candlesignal.store.ModelStore;
import dev.candlesignal.training.RetrainDecision;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code live --auto-retrain} against the fake Binance on 127.0.0.1: the BTCUSDT demo model following BNBUSDT (1-second
 * candles, far outside the model's domain), so that the default policy asks for a retraining after 24 such candles.
 * The fake exchange cannot serve the history a retraining asks for, so the decision is a recorded failure, and the
 * demo model keeps serving.
 */
class LiveAutoRetrainTest {
    static FakeBinance fake;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startFake() {
        Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(150);
        FakeMarket market = FakeMarket.fromData(FakeMarket.dataDir(), "BNBUSDT").restamped(Interval.SECOND_1, first);
        fake = new FakeBinance(market, Clock.systemUTC());
        fake.autoPush(Duration.ofMillis(200));
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    private Cli.Result live(Path store, Path journal, int lines) {
        return RefitTrainer.run("live", "--symbol", "BNBUSDT", "--interval", "1s", "--model",
                LiveCommandTest.MODEL.toString(), "--rest-url", fake.restUrl().toString(), "--ws-url",
                fake.webSocketUrl().toString(), "--max-candles", Integer.toString(lines), "--allow-interval-mismatch",
                "--auto-retrain", "--store", store.toString(), "--journal", journal.toString(), "--history", "2h",
                "--held-out", "1h");
    }

    @Test
    void aModelOutOfItsDomainIsRetrainedAndAFailureKeepsItServing() throws Exception {
        Path store = tmp.resolve("store");
        Path journal = tmp.resolve("journal.db");
        Cli.Result r = live(store, journal, 26);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).contains("demo-btcusdt-1h-standard14 v1 imported and serving")
                .contains("retraining demo-btcusdt-1h-standard14 (out_of_domain: the last 24 candles were outside v1's "
                        + "training domain (limit 24))")
                .contains("auto-retrain: 1 retraining decision: 0 promoted, 0 rejected, 1 failed in this run; "
                        + "demo-btcusdt-1h-standard14 v1 serves");
        List<RetrainDecision> decisions = ModelStore.openReadOnly(store).decisions("demo-btcusdt-1h-standard14");
        assertThat(decisions).hasSize(1);
        assertThat(decisions.get(0).verdict()).isEqualTo(RetrainDecision.Verdict.FAILED);
        assertThat(decisions.get(0).trigger()).isEqualTo("out_of_domain");
        assertThat(decisions.get(0).reason()).startsWith("failed: source served ").contains(" of BNBUSDT@1s of the 2 h "
                + "asked");
        try (SignalJournal j = SqliteJournal.openReadOnly(journal)) {
            assertThat(j.decisions()).containsExactlyElementsOf(decisions);
        }

        // the next run serves the store's current version
        Cli.Result again = live(store, journal, 1);
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.err()).contains("serving demo-btcusdt-1h-standard14 v1");
    }

    @Test
    void liveRetrainingNeedsAJournal() {
        ReplayCommandTest.assertUserError(RefitTrainer.run("live", "--symbol", "BNBUSDT", "--model",
                LiveCommandTest.MODEL.toString(), "--auto-retrain", "--store", tmp.resolve("s").toString()),
                "live --auto-retrain needs --journal FILE");
    }
}
