package dev.candlesignal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Interval;
import dev.candlesignal.binance.fake.FakeBinance;
import dev.candlesignal.binance.fake.FakeMarket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code live --on-drift} against the fake Binance on 127.0.0.1: the BTCUSDT demo model following BNBUSDT (real
 * candles, re-stamped as 1-second candles so that one closes every second).
 */
class LiveDriftTest {
    static FakeBinance fake;

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

    static Cli.Result live(String onDrift) {
        return Cli.run("live", "--symbol", "BNBUSDT", "--interval", "1s", "--model", LiveCommandTest.MODEL.toString(),
                "--rest-url", fake.restUrl().toString(), "--ws-url", fake.webSocketUrl().toString(), "--max-candles", "2",
                "--allow-interval-mismatch", "--on-drift", onDrift, "--format", "json");
    }

    static List<String> statuses(Cli.Result r) {
        return r.out().lines().map(l -> l.replaceAll(".*\"status\":\"([A-Z_]+)\".*", "$1")).toList();
    }

    @Test
    void suppressPrintsHoldAndTheStopLineCountsThem() {
        Cli.Result r = live("suppress");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(statuses(r)).containsExactly("OUT_OF_DOMAIN", "OUT_OF_DOMAIN");
        assertThat(r.out().lines()).allMatch(l -> l.contains("\"action\":\"HOLD\""));
        assertThat(r.err()).containsPattern("stopped after 2 lines; .*; [0-9]+ predictions out of the model's training "
                + "domain \\(more than 25% of the window beyond 4 sd of the training data\\), not emitted");
    }

    @Test
    void warnEmitsThemAndCountsThem() {
        Cli.Result r = live("warn");
        assertThat(r.status()).as(r.err()).isZero();
        // the model's own decisions (live warms up on fewer candles than a replay, so not always BUY), let through
        assertThat(statuses(r)).hasSize(2).doesNotContain("OUT_OF_DOMAIN").allMatch(s -> s.equals("SIGNAL")
                || s.equals("HOLD") || s.equals("COOLDOWN"));
        assertThat(r.err()).containsPattern("[0-9]+ predictions out of the model's training domain .*emitted anyway");
    }
}
