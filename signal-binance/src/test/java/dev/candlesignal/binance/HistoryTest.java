package dev.candlesignal.binance;

import static dev.candlesignal.binance.Fixtures.BTC;
import static dev.candlesignal.binance.Fixtures.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Candle;
import dev.candlesignal.CandleSourceException;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.binance.fake.FakeMarket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** {@code history} against the fake: paging, closed candles only, outages, server time, errors and retries. */
class HistoryTest {
    @AutoClose
    final FakeRig rig = new FakeRig();

    @Test
    void pagesOverAYearOfCandlesByOpenTime() throws Exception {
        rig.start(t("2020-07-05T00:00:00Z"));
        Instant from = t("2019-07-01T00:00:00Z");
        Instant to = t("2020-07-01T00:00:00Z");

        List<Candle> got = rig.history(BTC, from, to);

        List<Candle> expected = Fixtures.market().between("BTCUSDT", from, to);
        assertThat(expected).hasSize(8760);
        assertThat(Fixtures.firstDifference(expected, got)).isEmpty();
        long klineRequests = rig.fake().requests().stream().filter(r -> r.path().equals("/api/v3/klines")).count();
        assertThat(klineRequests).as("1000 per page").isEqualTo(9);
        assertThat(got.get(0).quoteVolume()).as("every kline field is kept").isEqualTo(expected.get(0).quoteVolume());
        assertThat(got.get(0).takerBuyQuoteVolume()).isEqualTo(expected.get(0).takerBuyQuoteVolume());
        assertThat(got.get(0).trades()).isEqualTo(expected.get(0).trades());
    }

    @Test
    void neverReturnsTheCandleThatIsStillOpen() throws Exception {
        rig.start(t("2019-07-10T10:30:00Z"));

        List<Candle> got = rig.history(BTC, t("2019-07-10T00:00:00Z"), t("2019-07-11T00:00:00Z"));

        assertThat(got).hasSize(10);
        assertThat(got.get(got.size() - 1).openTime()).isEqualTo(t("2019-07-10T09:00:00Z"));
        assertThat(Fixtures.firstDifference(
                Fixtures.market().between("BTCUSDT", t("2019-07-10T00:00:00Z"), t("2019-07-10T10:00:00Z")), got)).isEmpty();
    }

    @Test
    void aJustClosedCandleWaitsForTheConfirmationMargin() throws Exception {
        // asked alone (the newer 10:00 kline not in the answer), 09:00 counts as closed only 1 s after its close
        rig.start(t("2019-07-10T10:00:00.500Z"));
        Instant from = t("2019-07-10T09:00:00Z");
        Instant to = t("2019-07-10T10:00:00Z");
        assertThat(rig.history(BTC, from, to)).as("0.5 s after the close, within the 1 s margin").isEmpty();

        rig.time().advance(Duration.ofMillis(600));
        List<Candle> got = rig.history(BTC, from, to);
        assertThat(got).hasSize(1);
        assertThat(got.get(0).sameKline(Fixtures.market().between("BTCUSDT", from, to).get(0))).isTrue();
    }

    @Test
    void aNewerKlineInTheAnswerProvesTheOlderOneClosed() throws Exception {
        rig.start(t("2019-07-10T10:00:00.500Z"));
        List<Candle> got = rig.history(BTC, t("2019-07-10T09:00:00Z"), t("2019-07-10T11:00:00Z"));
        assertThat(got).extracting(Candle::openTime).containsExactly(t("2019-07-10T09:00:00Z"));
    }

    @Test
    void exchangeOutagesAreSkippedWithoutLooping() throws Exception {
        rig.start(t("2020-07-05T00:00:00Z"));
        Instant from = t("2019-08-14T00:00:00Z");
        Instant to = t("2019-08-17T00:00:00Z");

        List<Candle> got = rig.history(BTC, from, to);

        assertThat(got).hasSize(72 - 8);
        assertThat(Fixtures.firstDifference(Fixtures.market().between("BTCUSDT", from, to), got)).isEmpty();
        assertThat(rig.fake().requests().stream().filter(r -> r.path().equals("/api/v3/klines"))).hasSize(1);
    }

    @Test
    void aRangeEntirelyInsideAnOutageIsEmpty() throws Exception {
        rig.start(t("2020-07-05T00:00:00Z"));
        assertThat(rig.history(BTC, t("2019-08-15T02:00:00Z"), t("2019-08-15T08:00:00Z"))).isEmpty();
    }

    @Test
    void usesTheExchangeClockWhenTheLocalClockIsBehind() throws Exception {
        // local clock says 10:59:00, the exchange is already at 11:00:30: the 10:00 candle has closed
        rig.start(t("2019-07-10T10:59:00Z"));
        rig.fake().serverTimeSkew(Duration.ofSeconds(90));

        List<Candle> got = rig.history(BTC, t("2019-07-10T10:00:00Z"), t("2019-07-10T12:00:00Z"));

        assertThat(got).hasSize(1);
        assertThat(got.get(0).sameKline(Fixtures.market().between("BTCUSDT", t("2019-07-10T10:00:00Z"),
                t("2019-07-10T11:00:00Z")).get(0))).isTrue();
        assertThat(rig.source().health().serverTimeOffset()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void usesTheExchangeClockWhenTheLocalClockIsAhead() throws Exception {
        // local clock says 11:00:30, the exchange is at 10:59:00: Binance still shows 10:00 as forming (partial)
        rig.start(t("2019-07-10T11:00:30Z"));
        rig.fake().serverTimeSkew(Duration.ofSeconds(-90));

        assertThat(rig.history(BTC, t("2019-07-10T10:00:00Z"), t("2019-07-10T12:00:00Z"))).isEmpty();
    }

    @Test
    void anUnknownSymbolFailsAtOnceWithBinancesMessage() {
        rig.start(t("2020-07-05T00:00:00Z"));
        StreamKey nope = StreamKey.of("NOPEUSDT", Interval.HOUR_1);

        assertThatThrownBy(() -> rig.history(nope, t("2020-01-01T00:00:00Z"), t("2020-01-02T00:00:00Z")))
                .isInstanceOfSatisfying(BinanceApiException.class, e -> {
                    assertThat(e.isInvalidSymbol()).isTrue();
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("Invalid symbol").contains("NOPEUSDT");
                });
        assertThat(rig.fake().requests().stream().filter(r -> r.path().equals("/api/v3/klines"))).hasSize(1);
        assertThat(rig.source().health().rejected(RejectReason.HTTP_ERROR)).isEqualTo(1);
    }

    @Test
    void serverErrorsAreRetriedWithBackoff() throws Exception {
        rig.start(t("2020-07-05T00:00:00Z"));
        rig.fake().failNext(500, null, "<html><body>Internal error</body></html>");
        rig.fake().failNext(503, null, "{\"code\":-1001,\"msg\":\"Internal error; unable to process your request.\"}");
        Instant from = t("2020-01-01T00:00:00Z");
        Instant to = t("2020-01-02T00:00:00Z");
        Instant before = rig.time().instant();

        List<Candle> got = rig.history(BTC, from, to);

        assertThat(Fixtures.firstDifference(Fixtures.market().between("BTCUSDT", from, to), got)).isEmpty();
        assertThat(rig.fake().requests().stream().filter(r -> r.path().equals("/api/v3/klines")).map(r -> r.status()))
                .containsExactly(500, 503, 200);
        assertThat(Duration.between(before, rig.time().instant())).as("waited for the backoff").isPositive();
        assertThat(rig.source().health().rejected(RejectReason.HTTP_ERROR)).isEqualTo(2);
    }

    @Test
    void givesUpAfterTheConfiguredAttempts() {
        rig.start(t("2020-07-05T00:00:00Z"), b -> b.historyAttempts(3));
        for (int i = 0; i < 5; i++) {
            rig.fake().failNext(502, null, "Bad gateway");
        }

        assertThatThrownBy(() -> rig.history(BTC, t("2020-01-01T00:00:00Z"), t("2020-01-02T00:00:00Z")))
                .isInstanceOf(BinanceApiException.class)
                .hasMessageContaining("HTTP 502");
        assertThat(rig.fake().requests().stream().filter(r -> r.path().equals("/api/v3/klines"))).hasSize(3);
    }

    @Test
    void malformedBodiesAreErrorsNotCandles() throws Exception {
        rig.start(t("2020-07-05T00:00:00Z"));
        rig.fake().failNext(200, null, "[[1577836800000,\"abc\",\"1\",\"1\",\"1\",\"1\",1577840399999,\"1\",1,\"1\",\"1\",\"0\"]]");
        rig.fake().failNext(200, null, "this is not json");
        Instant from = t("2020-01-01T00:00:00Z");
        Instant to = t("2020-01-01T05:00:00Z");

        List<Candle> got = rig.history(BTC, from, to);

        assertThat(Fixtures.firstDifference(Fixtures.market().between("BTCUSDT", from, to), got)).isEmpty();
        assertThat(rig.source().health().rejected(RejectReason.HTTP_ERROR)).isEqualTo(2);
    }

    @Test
    void sendsTheApiKeyOnlyInItsHeaderAndNeverPrintsIt() throws Exception {
        rig.start(t("2020-07-05T00:00:00Z"), b -> b.apiKey("k3y-s3cr3t-value"));

        rig.history(BTC, t("2020-01-01T00:00:00Z"), t("2020-01-01T02:00:00Z"));

        assertThat(rig.fake().requests()).allSatisfy(r -> {
            assertThat(r.apiKey()).contains("k3y-s3cr3t-value");
            assertThat(r.query()).doesNotContain("k3y");
        });
        assertThat(rig.source().toString()).doesNotContain("k3y").contains("apiKey=***");
        assertThat(rig.source().health().toString()).doesNotContain("k3y");
    }

    @Test
    void anEmptyRangeNeedsNoRequestAndAReversedOneIsAnError() throws Exception {
        rig.start(t("2020-07-05T00:00:00Z"));
        assertThat(rig.history(BTC, t("2020-01-01T00:00:00Z"), t("2020-01-01T00:00:00Z"))).isEmpty();
        assertThat(rig.fake().requests()).isEmpty();
        assertThatThrownBy(() -> rig.source().history(BTC, t("2020-01-02T00:00:00Z"), t("2020-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is after");
    }

    @Test
    void aClosedSourceRefusesWork() {
        rig.start(t("2020-07-05T00:00:00Z"));
        rig.source().close();
        rig.source().close();
        assertThatThrownBy(() -> rig.source().history(BTC, t("2020-01-01T00:00:00Z"), t("2020-01-02T00:00:00Z")))
                .isInstanceOf(CandleSourceException.class).hasMessageContaining("closed");
    }

    @Test
    void farFutureEndsAreCappedSensibly() throws Exception {
        rig.start(t("2019-07-02T00:30:00Z"));
        List<Candle> got = rig.history(BTC, t("2019-07-01T00:00:00Z"), Instant.MAX);
        assertThat(got).hasSize(24);
        assertThat(FakeMarket.closedAt(got.get(23), rig.time().instant())).isTrue();
    }
}
