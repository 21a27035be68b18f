package dev.candlesignal.binance;

import static dev.candlesignal.binance.Fixtures.BTC;
import static dev.candlesignal.binance.Fixtures.t;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.binance.fake.Await;
import dev.candlesignal.binance.fake.FakeBinance;
import dev.candlesignal.binance.fake.VirtualTime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Watchdog, rotation, serverShutdown, pings, backoff and the connection-attempt limit. */
class ConnectionLifecycleTest {
    private VirtualTime time;
    private FakeBinance fake;
    private BinanceCandleSource source;
    private TimeDriver driver;

    private void start(Instant now, BinanceCandleSource.Builder builder) {
        time = new VirtualTime(now);
        fake = new FakeBinance(Fixtures.market(), time);
        source = builder == null ? Fixtures.source(fake, time).build() : builder.build();
        driver = new TimeDriver(time, source, fake);
    }

    private BinanceCandleSource.Builder builder() {
        return Fixtures.source(fake, time);
    }

    @AfterEach
    void tearDown() {
        if (source != null) {
            source.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void theWatchdogReconnectsAnOpenButSilentConnectionAfterAboutSixSeconds() {
        start(t("2019-07-10T10:20:00Z"), null);  // default silence timeout: 6 s
        RecordingCandles rec = new RecordingCandles();
        source.subscribe(List.of(BTC), rec);

        // Binance pushes every 2 s: a minute of that is healthy
        driver.runTo(t("2019-07-10T10:21:00Z"), Duration.ofSeconds(2));
        assertThat(source.health().reconnects()).isZero();

        fake.silent(true);
        Instant silentFrom = time.instant();
        driver.runUntil(() -> source.health().reconnects() == 1, Duration.ofSeconds(1), Duration.ofSeconds(30),
                "a watchdog reconnect");
        Duration detectedAfter = Duration.between(silentFrom, time.instant());
        assertThat(detectedAfter).isBetween(Duration.ofSeconds(6), Duration.ofSeconds(12));
        assertThat(fake.socketLog()).filteredOn(e -> e.kind() == FakeBinance.SocketEventKind.CLOSE).hasSize(1);

        fake.silent(false);
        driver.runTo(t("2019-07-10T11:00:10Z"), Duration.ofSeconds(2));
        assertThat(source.health().reconnects()).isEqualTo(1);
        assertThat(rec.candles(BTC)).singleElement().satisfies(c -> assertThat(c.sameKline(
                Fixtures.market().between("BTCUSDT", t("2019-07-10T10:00:00Z"), t("2019-07-10T11:00:00Z")).get(0))).isTrue());
    }

    @Test
    void rotatesBeforeTheTwentyFourHourLimitOpeningTheNewSocketFirst() {
        start(t("2019-07-10T10:20:00Z"), null);
        source.close();
        source = builder().silenceTimeout(Duration.ofMinutes(30)).build();  // default rotateAfter: 23 h
        driver = new TimeDriver(time, source, fake);
        RecordingCandles rec = new RecordingCandles();
        Instant from = t("2019-07-10T10:00:00Z");
        source.subscribe(List.of(BTC), rec);

        driver.runTo(t("2019-07-11T10:30:00Z"), Duration.ofMinutes(5));

        assertThat(source.health().rotations()).isEqualTo(1);
        assertThat(source.health().reconnects()).isZero();
        assertMakeBeforeBreak(fake.socketLog());
        List<FakeBinance.SocketEvent> log = fake.socketLog();
        FakeBinance.SocketEvent opened = log.stream().filter(e -> e.kind() == FakeBinance.SocketEventKind.OPEN).findFirst().orElseThrow();
        FakeBinance.SocketEvent closed = log.stream().filter(e -> e.kind() == FakeBinance.SocketEventKind.CLOSE).findFirst().orElseThrow();
        assertThat(closed.socket()).isEqualTo(opened.socket());
        assertThat(Duration.between(opened.at(), closed.at())).isGreaterThan(Duration.ofHours(21))
                .isLessThanOrEqualTo(Duration.ofHours(23).plusMinutes(5));
        List<Candle> expected = Fixtures.market().between("BTCUSDT", from, t("2019-07-11T10:00:00Z"));
        assertThat(Fixtures.firstDifference(expected, rec.candles(BTC))).isEmpty();
    }

    @Test
    void serverShutdownRotatesAtOnceWithoutLosingACandle() {
        start(t("2019-07-10T10:20:00Z"), null);
        source.close();
        source = builder().silenceTimeout(Duration.ofMinutes(30)).build();
        driver = new TimeDriver(time, source, fake);
        RecordingCandles rec = new RecordingCandles();
        source.subscribe(List.of(BTC), rec);
        driver.runTo(t("2019-07-10T10:59:58Z"), Duration.ofMinutes(1));

        fake.sendServerShutdown();
        driver.settle();
        driver.runTo(t("2019-07-10T12:00:30Z"), Duration.ofMinutes(1));

        assertThat(source.health().rotations()).isEqualTo(1);
        assertMakeBeforeBreak(fake.socketLog());
        assertThat(Fixtures.firstDifference(Fixtures.market().between("BTCUSDT", t("2019-07-10T10:00:00Z"),
                t("2019-07-10T12:00:00Z")), rec.candles(BTC))).isEmpty();
        assertThat(source.health().rejected(RejectReason.DUPLICATE_KLINE)).isZero();
    }

    /** Two upgrades and two opens, and the first socket closed only after the second upgrade was asked for. */
    private static void assertMakeBeforeBreak(List<FakeBinance.SocketEvent> log) {
        assertThat(log).extracting(FakeBinance.SocketEvent::kind).containsOnly(FakeBinance.SocketEventKind.UPGRADE,
                FakeBinance.SocketEventKind.OPEN, FakeBinance.SocketEventKind.CLOSE);
        assertThat(log).filteredOn(e -> e.kind() == FakeBinance.SocketEventKind.UPGRADE).hasSize(2);
        assertThat(log).filteredOn(e -> e.kind() == FakeBinance.SocketEventKind.OPEN).hasSize(2);
        assertThat(log).filteredOn(e -> e.kind() == FakeBinance.SocketEventKind.CLOSE).hasSize(1);
        int secondUpgrade = -1;
        int close = -1;
        for (int i = 0, upgrades = 0; i < log.size(); i++) {
            if (log.get(i).kind() == FakeBinance.SocketEventKind.UPGRADE && ++upgrades == 2) {
                secondUpgrade = i;
            }
            if (log.get(i).kind() == FakeBinance.SocketEventKind.CLOSE) {
                close = i;
            }
        }
        assertThat(secondUpgrade).as("the new socket was asked for before the old one closed").isLessThan(close);
    }

    @Test
    void answersPingsWithTheSamePayload() {
        start(t("2019-07-10T10:20:00Z"), null);
        source.subscribe(List.of(BTC), new RecordingCandles());
        driver.settle();

        fake.ping("ping-1234".getBytes(StandardCharsets.UTF_8));
        driver.settle();
        fake.ping(new byte[0]);
        driver.settle();

        assertThat(fake.pongs()).containsExactly("ping-1234", "");
    }

    @Test
    void reconnectsWithJitteredExponentialBackoffAndNeverGivesUp() {
        start(t("2019-07-10T10:20:00Z"), null);
        source.close();
        source = builder().silenceTimeout(Duration.ofMinutes(30))
                .reconnectBackoff(new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(16), 0.5)).build();
        driver = new TimeDriver(time, source, fake);
        RecordingCandles rec = new RecordingCandles();
        source.subscribe(List.of(BTC), rec);
        driver.settle();
        int before = fake.upgradeAttempts().size();

        fake.rejectUpgrades(12);
        fake.dropConnections();
        Await.until(() -> !source.health().connected(), Duration.ofSeconds(10), "the drop to be noticed");
        driver.runUntil(() -> source.health().connected(), Duration.ofMillis(500), Duration.ofMinutes(10), "reconnected");

        List<Instant> attempts = fake.upgradeAttempts().subList(before, fake.upgradeAttempts().size());
        assertThat(attempts).hasSize(13);
        for (int i = 1; i < attempts.size(); i++) {
            Duration gap = Duration.between(attempts.get(i - 1), attempts.get(i));
            Duration base = Duration.ofSeconds(Math.min(16, 1L << Math.min(i, 4)));
            assertThat(gap).as("gap %d", i).isGreaterThanOrEqualTo(base.dividedBy(2).minusMillis(600))
                    .isLessThanOrEqualTo(base.plusMillis(600));
        }
        driver.runTo(t("2019-07-10T11:00:30Z"), Duration.ofMinutes(1));
        assertThat(rec.candles(BTC)).hasSize(1);
        assertThat(source.health().reconnects()).isEqualTo(13);
    }

    @Test
    void connectionAttemptsStayUnderTheLimitPerFiveMinutes() {
        start(t("2019-07-10T10:20:00Z"), null);
        source.close();
        source = builder().silenceTimeout(Duration.ofMinutes(30)).connectionAttemptLimit(10)
                .reconnectBackoff(new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(2), 0)).build();
        driver = new TimeDriver(time, source, fake);
        fake.rejectUpgrades(1000);

        source.subscribe(List.of(BTC), new RecordingCandles());
        driver.runTo(t("2019-07-10T10:40:00Z"), Duration.ofSeconds(1));

        List<Instant> attempts = fake.upgradeAttempts();
        assertThat(attempts.size()).isBetween(38, 41);  // 20 minutes at 10 per 5 minutes
        for (int i = 10; i < attempts.size(); i++) {
            assertThat(Duration.between(attempts.get(i - 10), attempts.get(i))).isGreaterThanOrEqualTo(Duration.ofMinutes(5));
        }
    }
}
