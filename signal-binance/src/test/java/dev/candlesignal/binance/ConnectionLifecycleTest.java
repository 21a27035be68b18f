package dev.candlesignal.binance;

import static dev.candlesignal.binance.Fixtures.BTC;
import static dev.candlesignal.binance.Fixtures.t;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.binance.fake.Await;
import dev.candlesignal.binance.fake.FakeBinance;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Watchdog, rotation, serverShutdown, pings, backoff and the connection-attempt limit. */
class ConnectionLifecycleTest {
    @AutoClose
    final FakeRig rig = new FakeRig();

    @Test
    void theWatchdogReconnectsAnOpenButSilentConnectionAfterAboutSixSeconds() {
        rig.start(t("2019-07-10T10:20:00Z"));  // default silence timeout: 6 s
        RecordingCandles rec = new RecordingCandles();
        rig.source().subscribe(List.of(BTC), rec);

        // Binance pushes every 2 s: a minute of that is healthy
        rig.driver().runTo(t("2019-07-10T10:21:00Z"), Duration.ofSeconds(2));
        assertThat(rig.source().health().reconnects()).isZero();

        rig.fake().silent(true);
        Instant silentFrom = rig.time().instant();
        rig.driver().runUntil(() -> rig.source().health().reconnects() == 1, Duration.ofSeconds(1),
                Duration.ofSeconds(30), "a watchdog reconnect");
        Duration detectedAfter = Duration.between(silentFrom, rig.time().instant());
        assertThat(detectedAfter).isBetween(Duration.ofSeconds(6), Duration.ofSeconds(12));
        assertThat(rig.fake().socketLog()).filteredOn(e -> e.kind() == FakeBinance.SocketEventKind.CLOSE).hasSize(1);

        rig.fake().silent(false);
        rig.driver().runTo(t("2019-07-10T11:00:10Z"), Duration.ofSeconds(2));
        assertThat(rig.source().health().reconnects()).isEqualTo(1);
        assertThat(rec.candles(BTC)).singleElement().satisfies(c -> assertThat(c.sameKline(
                Fixtures.market().between("BTCUSDT", t("2019-07-10T10:00:00Z"), t("2019-07-10T11:00:00Z")).get(0))).isTrue());
    }

    @Test
    void rotatesBeforeTheTwentyFourHourLimitOpeningTheNewSocketFirst() {
        rig.start(t("2019-07-10T10:20:00Z"), b -> b.silenceTimeout(Duration.ofMinutes(30)));  // default rotateAfter: 23 h
        RecordingCandles rec = new RecordingCandles();
        Instant from = t("2019-07-10T10:00:00Z");
        rig.source().subscribe(List.of(BTC), rec);

        rig.driver().runTo(t("2019-07-11T10:30:00Z"), Duration.ofMinutes(5));

        assertThat(rig.source().health().rotations()).isEqualTo(1);
        assertThat(rig.source().health().reconnects()).isZero();
        assertMakeBeforeBreak(rig.fake().socketLog());
        List<FakeBinance.SocketEvent> log = rig.fake().socketLog();
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
        rig.start(t("2019-07-10T10:20:00Z"), b -> b.silenceTimeout(Duration.ofMinutes(30)));
        RecordingCandles rec = new RecordingCandles();
        rig.source().subscribe(List.of(BTC), rec);
        rig.driver().runTo(t("2019-07-10T10:59:58Z"), Duration.ofMinutes(1));

        rig.fake().sendServerShutdown();
        rig.driver().settle();
        rig.driver().runTo(t("2019-07-10T12:00:30Z"), Duration.ofMinutes(1));

        assertThat(rig.source().health().rotations()).isEqualTo(1);
        assertMakeBeforeBreak(rig.fake().socketLog());
        assertThat(Fixtures.firstDifference(Fixtures.market().between("BTCUSDT", t("2019-07-10T10:00:00Z"),
                t("2019-07-10T12:00:00Z")), rec.candles(BTC))).isEmpty();
        assertThat(rig.source().health().rejected(RejectReason.DUPLICATE_KLINE)).isZero();
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
        rig.start(t("2019-07-10T10:20:00Z"));
        rig.source().subscribe(List.of(BTC), new RecordingCandles());
        rig.driver().settle();

        assertThat(rig.fake().ping("ping-1234".getBytes(StandardCharsets.UTF_8))).as("sockets pinged").isEqualTo(1);
        rig.driver().settle();
        assertThat(rig.fake().ping(new byte[0])).as("sockets pinged").isEqualTo(1);
        rig.driver().settle();

        assertThat(rig.fake().pongs()).containsExactly("ping-1234", "");
    }

    @Test
    void reconnectsWithJitteredExponentialBackoffAndNeverGivesUp() {
        rig.start(t("2019-07-10T10:20:00Z"), b -> b.silenceTimeout(Duration.ofMinutes(30))
                .reconnectBackoff(new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(16), 0.5)));
        RecordingCandles rec = new RecordingCandles();
        rig.source().subscribe(List.of(BTC), rec);
        rig.driver().settle();
        int before = rig.fake().upgradeAttempts().size();

        rig.fake().rejectUpgrades(12);
        rig.fake().dropConnections();
        Await.until(() -> !rig.source().health().connected(), Duration.ofSeconds(10), "the drop to be noticed");
        rig.driver().runUntil(() -> rig.source().health().connected(), Duration.ofMillis(500), Duration.ofMinutes(10),
                "reconnected");

        List<Instant> attempts = rig.fake().upgradeAttempts().subList(before, rig.fake().upgradeAttempts().size());
        assertThat(attempts).hasSize(13);
        for (int i = 1; i < attempts.size(); i++) {
            Duration gap = Duration.between(attempts.get(i - 1), attempts.get(i));
            Duration base = Duration.ofSeconds(Math.min(16, 1L << Math.min(i, 4)));
            assertThat(gap).as("gap %d", i).isGreaterThanOrEqualTo(base.dividedBy(2).minusMillis(600))
                    .isLessThanOrEqualTo(base.plusMillis(600));
        }
        rig.driver().runTo(t("2019-07-10T11:00:30Z"), Duration.ofMinutes(1));
        assertThat(rec.candles(BTC)).hasSize(1);
        assertThat(rig.source().health().reconnects()).isEqualTo(13);
    }

    @Test
    void connectionAttemptsStayUnderTheLimitPerFiveMinutes() {
        rig.start(t("2019-07-10T10:20:00Z"), b -> b.silenceTimeout(Duration.ofMinutes(30)).connectionAttemptLimit(10)
                .reconnectBackoff(new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(2), 0)));
        rig.fake().rejectUpgrades(1000);

        rig.source().subscribe(List.of(BTC), new RecordingCandles());
        rig.driver().runTo(t("2019-07-10T10:40:00Z"), Duration.ofSeconds(1));

        List<Instant> attempts = rig.fake().upgradeAttempts();
        assertThat(attempts.size()).isBetween(38, 41);  // 20 minutes at 10 per 5 minutes
        for (int i = 10; i < attempts.size(); i++) {
            assertThat(Duration.between(attempts.get(i - 10), attempts.get(i))).isGreaterThanOrEqualTo(Duration.ofMinutes(5));
        }
    }
}
