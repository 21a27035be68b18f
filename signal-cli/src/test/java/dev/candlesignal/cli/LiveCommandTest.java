package dev.candlesignal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.binance.fake.FakeBinance;
import dev.candlesignal.binance.fake.FakeMarket;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.indicators.FeatureSets;
import dev.candlesignal.onnx.OnnxModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code candlesignal live} against the fake Binance on 127.0.0.1, with the real BTCUSDT data re-stamped as 1-second
 * candles so that a candle closes every second on the real clock.
 */
class LiveCommandTest {
    static final Path MODEL = Path.of("../models/demo-btcusdt-1h");
    static FakeMarket market;
    static FakeBinance fake;

    @BeforeAll
    static void startFake() {
        // 150 closed candles of history, then one more every second
        Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(150);
        market = FakeMarket.fromData(FakeMarket.dataDir(), "BTCUSDT").restamped(Interval.SECOND_1, first);
        fake = new FakeBinance(market, Clock.systemUTC());
        fake.autoPush(Duration.ofMillis(200));
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @Test
    void backfillsTheHistoryThenPrintsLiveSignalsLikeAReplayOfTheSameCandles() throws Exception {
        // the 1h demo model on 1s candles: refused unless overridden
        ReplayCommandTest.assertUserError(Cli.run("live", "--symbol", "BTCUSDT", "--interval", "1s", "--model",
                MODEL.toString(), "--rest-url", fake.restUrl().toString(), "--ws-url", fake.webSocketUrl().toString()),
                "was trained on 1h candles but stream BTCUSDT@1s has 1s candles; refused");
        Cli.Result r = Cli.run("live", "--symbol", "BTCUSDT", "--interval", "1s", "--model", MODEL.toString(),
                "--rest-url", fake.restUrl().toString(), "--ws-url", fake.webSocketUrl().toString(), "--max-candles", "4",
                "--allow-interval-mismatch");
        assertThat(r.status()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo(SignalFormat.CSV_HEADER);
        assertThat(lines).hasSize(5);
        assertThat(r.err()).contains("backfilling 79 closed candles").contains("trained on 1h candles, this stream is 1s")
                .contains("stopped after 4 lines");
        Instant firstLine = Instant.parse(lines.get(1).split(",")[1]);
        Instant lastLine = Instant.parse(lines.get(4).split(",")[1]);
        assertThat(Duration.between(firstLine, lastLine)).as("consecutive closed candles").isEqualTo(Duration.ofSeconds(3));

        // the engine saw exactly the 79 backfilled candles and then the live ones: replay those offline
        List<Candle> seen = market.between("BTCUSDT", firstLine.minusSeconds(78), lastLine.plusSeconds(1));
        assertThat(seen).hasSize(82);
        try (OnnxModel model = OnnxModel.load(MODEL);
                SignalEngine engine = SignalEngine.builder().featureSet(FeatureSets.byId(model.featureSetId()))
                        .model(model).allowIntervalMismatch(true).build()) {
            List<String> expected = engine.replay(StreamKey.of("BTCUSDT", Interval.SECOND_1), seen).stream()
                    .filter(e -> e.signal().isPresent()).map(SignalFormat.CSV::line).toList();
            assertThat(lines.subList(1, 5)).isEqualTo(expected);
        }
    }

    @Test
    void liveFillsTheJournal(@TempDir Path dir) {
        Path journal = dir.resolve("live.db");
        Cli.Result r = Cli.run("live", "--symbol", "BTCUSDT", "--interval", "1s", "--model", MODEL.toString(),
                "--rest-url", fake.restUrl().toString(), "--ws-url", fake.webSocketUrl().toString(), "--max-candles", "3",
                "--journal", journal.toString(), "--max-hold", "30s", "--allow-interval-mismatch");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).contains("journal " + journal).contains("max hold 30s");
        long emitted = r.out().lines().skip(1).filter(l -> l.contains(",BUY,") || l.contains(",SELL,")).count();
        Cli.Result outcomes = Cli.run("outcomes", "--journal", journal.toString());
        assertThat(outcomes.status()).as(outcomes.err()).isZero();
        assertThat(outcomes.out().lines().count() - 1).as("at least the signals printed").isGreaterThanOrEqualTo(emitted);
        Cli.Result stats = Cli.run("stats", "--journal", journal.toString());
        assertThat(stats.out()).contains("BTCUSDT@1s");
    }

    @Test
    void anOrderBookFeatureSetSubscribesToDepthAndWarmsUpOnLiveCandles(@TempDir Path dir) throws Exception {
        Path bundle = DemoBundles.orderBook(dir.resolve("book"), 3);
        int depthPushesBefore = fake.depthLog().size();
        StringWriter err = new StringWriter();
        AtomicInteger status = new AtomicInteger(-1);
        Thread live = new Thread(() -> status.set(CandleSignalCli.run(new String[] {"live", "--symbol", "BTCUSDT",
                "--interval", "1s", "--model", bundle.toString(), "--allow-interval-mismatch", "--rest-url",
                fake.restUrl().toString(), "--ws-url", fake.webSocketUrl().toString()},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true))),
                "live-order-book");
        live.start();
        try {
            // the feature set needs 3 levels: the source takes Binance's depth5 stream, and the command says it warms
            // up on live candles (history has no order books) instead of backfilling
            Instant deadline = Instant.now().plusSeconds(30);
            while (!(err.toString().contains("warming up on 79 live candles")
                    && fake.depthLog().size() > depthPushesBefore)) {
                assertThat(Instant.now()).as("stderr so far: %s", err).isBefore(deadline);
                assertThat(live.isAlive()).as("stderr: %s", err).isTrue();
                Thread.sleep(50);
            }
        } finally {
            live.interrupt(); // the command has no other stop than Ctrl-C or --max-candles
            live.join(30_000);
        }
        assertThat(live.isAlive()).isFalse();
        assertThat(err.toString()).contains("(standard14/orderBook(3), onnx); warming up on 79 live candles")
                .doesNotContain("backfilling");
        assertThat(fake.depthLog().subList(depthPushesBefore, fake.depthLog().size()))
                .allMatch(p -> p.symbol().equals("BTCUSDT") && p.bids().length == 5);
    }

    @Test
    void anOrderBookDeeperThanBinanceServesIsAOneLineError(@TempDir Path dir) throws Exception {
        Path bundle = DemoBundles.orderBook(dir.resolve("book"), 50);
        ReplayCommandTest.assertUserError(Cli.run("live", "--symbol", "BTCUSDT", "--interval", "1h", "--model",
                bundle.toString(), "--rest-url", fake.restUrl().toString(), "--ws-url", fake.webSocketUrl().toString()),
                "an order book of 50 levels is needed, but Binance's partial depth streams serve at most 20 levels");
    }

    @Test
    void userErrorsAreOneLine() {
        ReplayCommandTest.assertUserError(Cli.run("live", "--symbol", "BTCUSDT", "--model", MODEL.toString(), "--interval",
                "2x"), "unknown interval '2x'");
        ReplayCommandTest.assertUserError(Cli.run("live", "--symbol", "BTCUSDT"), "Missing required option: '--model=DIR'");
        ReplayCommandTest.assertUserError(Cli.run("live", "--symbol", "BTCUSDT", "--model", MODEL.toString(),
                "--rest-url", "ftp://x"), "rest URL 'ftp://x' must start with http:// or https://");
    }
}
