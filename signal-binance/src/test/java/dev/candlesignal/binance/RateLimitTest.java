package dev.candlesignal.binance;

import static dev.candlesignal.binance.Fixtures.BTC;
import static dev.candlesignal.binance.Fixtures.t;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.binance.fake.Await;
import dev.candlesignal.binance.fake.FakeBinance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The request-weight budget, 429 and 418, measured by the fake exchange. */
class RateLimitTest {
    @AutoClose
    final FakeRig rig = new FakeRig();

    private void start(double share) {
        rig.start(t("2020-07-05T00:00:10Z"), b -> b.requestWeightShare(share));
    }

    @Test
    void keepsTheWeightPerMinuteUnderTheConfiguredShare() throws Exception {
        start(0.002);  // 12 per minute: six kline pages
        assertThat(rig.source().health().weightBudget()).isEqualTo(12);
        Instant started = rig.time().instant();

        List<Candle> year = rig.history(BTC, t("2019-07-01T00:00:00Z"), t("2020-07-01T00:00:00Z"));

        assertThat(year).hasSize(8760);
        assertThat(rig.fake().maxWeightPerMinute()).isLessThanOrEqualTo(12);
        // 9 pages of weight 2 plus the time request: two minutes are needed
        assertThat(rig.fake().weightByMinute()).hasSize(2);
        assertThat(Duration.between(started, rig.time().instant())).isLessThan(Duration.ofMinutes(2));
    }

    @Test
    void countsTheWeightOtherClientsOfTheIpUsed() throws Exception {
        start(0.002);
        rig.fake().consumeWeight(8);  // someone else on this IP
        rig.history(BTC, t("2020-01-01T00:00:00Z"), t("2020-01-02T00:00:00Z"));
        // the first answer reports 8 + 1 + 2 = 11 used; the next page must wait for the next minute
        rig.history(BTC, t("2020-01-02T00:00:00Z"), t("2020-01-03T00:00:00Z"));

        assertThat(rig.fake().maxWeightPerMinute()).isLessThanOrEqualTo(12);
        assertThat(rig.fake().weightByMinute()).hasSize(2);
    }

    @Test
    void a429StopsEveryRequestUntilRetryAfterHasPassed() throws Exception {
        start(0.5);
        rig.fake().failNext(429, 30, "{\"code\":-1003,\"msg\":\"Too many requests.\"}");

        List<Candle> got = rig.history(BTC, t("2020-01-01T00:00:00Z"), t("2020-01-02T00:00:00Z"));

        assertThat(got).hasSize(24);
        List<FakeBinance.RecordedRequest> requests = rig.fake().requests();
        FakeBinance.RecordedRequest refused = requests.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
        assertThat(rig.fake().requestsDuringBan()).isEmpty();
        assertThat(requests.get(requests.size() - 1).at()).isAfterOrEqualTo(refused.at().plusSeconds(30));
    }

    @Test
    void a418StopsEveryRequestUntilRetryAfterHasPassedAndHealthShowsIt() throws Exception {
        start(0.5);
        rig.fake().failNext(418, 120, "{\"code\":-1003,\"msg\":\"Way too many requests; IP banned until later.\"}");

        Thread history = new Thread(() -> rig.source().history(BTC, t("2020-01-01T00:00:00Z"), t("2020-01-02T00:00:00Z")));
        history.setDaemon(true);
        history.start();
        // the first request needs no time to pass
        Await.until(() -> rig.source().health().requestsPausedUntil().isPresent(), Duration.ofSeconds(10), "the 418 pause");
        Instant bannedUntil = rig.source().health().requestsPausedUntil().orElseThrow();
        assertThat(bannedUntil).isEqualTo(rig.fake().requests().get(rig.fake().requests().size() - 1).at().plusSeconds(120));

        rig.driver().runTo(bannedUntil.minusSeconds(1), Duration.ofSeconds(5));
        assertThat(rig.fake().requests().stream().filter(r -> !r.at().isBefore(bannedUntil.minusSeconds(120))))
                .as("only the refused one").hasSize(1);
        assertThat(history.isAlive()).isTrue();

        // past the ban the next request goes out at once: no more virtual time is needed, only the real time the
        // thread takes to finish (checking isAlive() between virtual-time steps raced with the thread's own exit)
        rig.driver().runTo(bannedUntil.plusSeconds(1), Duration.ofSeconds(5));
        history.join(Duration.ofSeconds(30));
        assertThat(history.isAlive()).as("history finished once the ban had passed").isFalse();
        assertThat(rig.fake().requestsDuringBan()).isEmpty();
        assertThat(rig.source().health().requestsPausedUntil()).isEmpty();
        assertThat(rig.fake().requests().get(rig.fake().requests().size() - 1).status()).isEqualTo(200);
    }

    @Test
    void theExchangesOwnLimitIsNeverHit() throws Exception {
        start(0.002);
        rig.fake().weightLimit(12);
        rig.history(BTC, t("2019-07-01T00:00:00Z"), t("2020-07-01T00:00:00Z"));
        assertThat(rig.fake().requests()).noneMatch(r -> r.status() == 429);
    }
}
