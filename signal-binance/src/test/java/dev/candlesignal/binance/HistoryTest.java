package dev.candlesignal.binance;

import static dev.candlesignal.binance.Fixtures.BTC;
import static dev.candlesignal.binance.Fixtures.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Candle;
import dev.candlesignal.CandleSourceException;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.binance.fake.FakeBinance;
import dev.candlesignal.binance.fake.FakeMarket;
import dev.candlesignal.binance.fake.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code history} against the fake: paging, closed candles only, outages, server time, errors and retries. */
class HistoryTest {
    private VirtualTime time;
    private FakeBinance fake;
    private BinanceCandleSource source;

    private void start(Instant now, BinanceCandleSource.Builder customise) {
        time = new VirtualTime(now);
        fake = new FakeBinance(Fixtures.market(), time);
        source = customise == null ? Fixtures.source(fake, time).build() : customise.build();
    }

    private void start(Instant now) {
        start(now, null);
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

    private List<Candle> history(StreamKey key, Instant from, Instant to) throws Exception {
        return new TimeDriver(time, source, fake).call(() -> source.history(key, from, to));
    }

    @Test
    void pagesOverAYearOfCandlesByOpenTime() throws Exception {
        start(t("2020-07-05T00:00:00Z"));
        Instant from = t("2019-07-01T00:00:00Z");
        Instant to = t("2020-07-01T00:00:00Z");

        List<Candle> got = history(BTC, from, to);

        List<Candle> expected = Fixtures.market().between("BTCUSDT", from, to);
        assertThat(expected).hasSize(8760);
        assertThat(Fixtures.firstDifference(expected, got)).isEmpty();
        long klineRequests = fake.requests().stream().filter(r -> r.path().equals("/api/v3/klines")).count();
        assertThat(klineRequests).as("1000 per page").isEqualTo(9);
        assertThat(got.get(0).quoteVolume()).as("every kline field is kept").isEqualTo(expected.get(0).quoteVolume());
        assertThat(got.get(0).takerBuyQuoteVolume()).isEqualTo(expected.get(0).takerBuyQuoteVolume());
        assertThat(got.get(0).trades()).isEqualTo(expected.get(0).trades());
    }

    @Test
    void neverReturnsTheCandleThatIsStillOpen() throws Exception {
        start(t("2019-07-10T10:30:00Z"));

        List<Candle> got = history(BTC, t("2019-07-10T00:00:00Z"), t("2019-07-11T00:00:00Z"));

        assertThat(got).hasSize(10);
        assertThat(got.get(got.size() - 1).openTime()).isEqualTo(t("2019-07-10T09:00:00Z"));
        assertThat(Fixtures.firstDifference(
                Fixtures.market().between("BTCUSDT", t("2019-07-10T00:00:00Z"), t("2019-07-10T10:00:00Z")), got)).isEmpty();
    }

    @Test
    void aJustClosedCandleWaitsForTheConfirmationMargin() throws Exception {
        // asked alone (the newer 10:00 kline not in the answer), 09:00 counts as closed only 1 s after its close
        start(t("2019-07-10T10:00:00.500Z"));
        Instant from = t("2019-07-10T09:00:00Z");
        Instant to = t("2019-07-10T10:00:00Z");
        assertThat(history(BTC, from, to)).as("0.5 s after the close, within the 1 s margin").isEmpty();

        time.advance(Duration.ofMillis(600));
        List<Candle> got = history(BTC, from, to);
        assertThat(got).hasSize(1);
        assertThat(got.get(0).sameKline(Fixtures.market().between("BTCUSDT", from, to).get(0))).isTrue();
    }

    @Test
    void aNewerKlineInTheAnswerProvesTheOlderOneClosed() throws Exception {
        start(t("2019-07-10T10:00:00.500Z"));
        List<Candle> got = history(BTC, t("2019-07-10T09:00:00Z"), t("2019-07-10T11:00:00Z"));
        assertThat(got).extracting(Candle::openTime).containsExactly(t("2019-07-10T09:00:00Z"));
    }

    @Test
    void exchangeOutagesAreSkippedWithoutLooping() throws Exception {
        start(t("2020-07-05T00:00:00Z"));
        Instant from = t("2019-08-14T00:00:00Z");
        Instant to = t("2019-08-17T00:00:00Z");

        List<Candle> got = history(BTC, from, to);

        assertThat(got).hasSize(72 - 8);
        assertThat(Fixtures.firstDifference(Fixtures.market().between("BTCUSDT", from, to), got)).isEmpty();
        assertThat(fake.requests().stream().filter(r -> r.path().equals("/api/v3/klines"))).hasSize(1);
    }

    @Test
    void aRangeEntirelyInsideAnOutageIsEmpty() throws Exception {
        start(t("2020-07-05T00:00:00Z"));
        assertThat(history(BTC, t("2019-08-15T02:00:00Z"), t("2019-08-15T08:00:00Z"))).isEmpty();
    }

    @Test
    void usesTheExchangeClockWhenTheLocalClockIsBehind() throws Exception {
        // local clock says 10:59:00, the exchange is already at 11:00:30: the 10:00 candle has closed
        start(t("2019-07-10T10:59:00Z"));
        fake.serverTimeSkew(Duration.ofSeconds(90));

        List<Candle> got = history(BTC, t("2019-07-10T10:00:00Z"), t("2019-07-10T12:00:00Z"));

        assertThat(got).hasSize(1);
        assertThat(got.get(0).sameKline(Fixtures.market().between("BTCUSDT", t("2019-07-10T10:00:00Z"),
                t("2019-07-10T11:00:00Z")).get(0))).isTrue();
        assertThat(source.health().serverTimeOffset()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void usesTheExchangeClockWhenTheLocalClockIsAhead() throws Exception {
        // local clock says 11:00:30, the exchange is at 10:59:00: Binance still shows 10:00 as forming (partial)
        start(t("2019-07-10T11:00:30Z"));
        fake.serverTimeSkew(Duration.ofSeconds(-90));

        assertThat(history(BTC, t("2019-07-10T10:00:00Z"), t("2019-07-10T12:00:00Z"))).isEmpty();
    }

    @Test
    void anUnknownSymbolFailsAtOnceWithBinancesMessage() {
        start(t("2020-07-05T00:00:00Z"));
        StreamKey nope = StreamKey.of("NOPEUSDT", Interval.HOUR_1);

        assertThatThrownBy(() -> history(nope, t("2020-01-01T00:00:00Z"), t("2020-01-02T00:00:00Z")))
                .isInstanceOfSatisfying(BinanceApiException.class, e -> {
                    assertThat(e.isInvalidSymbol()).isTrue();
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("Invalid symbol").contains("NOPEUSDT");
                });
        assertThat(fake.requests().stream().filter(r -> r.path().equals("/api/v3/klines"))).hasSize(1);
        assertThat(source.health().rejected(RejectReason.HTTP_ERROR)).isEqualTo(1);
    }

    @Test
    void serverErrorsAreRetriedWithBackoff() throws Exception {
        start(t("2020-07-05T00:00:00Z"));
        fake.failNext(500, null, "<html><body>Internal error</body></html>");
        fake.failNext(503, null, "{\"code\":-1001,\"msg\":\"Internal error; unable to process your request.\"}");
        Instant from = t("2020-01-01T00:00:00Z");
        Instant to = t("2020-01-02T00:00:00Z");
        Instant before = time.instant();

        List<Candle> got = history(BTC, from, to);

        assertThat(Fixtures.firstDifference(Fixtures.market().between("BTCUSDT", from, to), got)).isEmpty();
        assertThat(fake.requests().stream().filter(r -> r.path().equals("/api/v3/klines")).map(r -> r.status()))
                .containsExactly(500, 503, 200);
        assertThat(Duration.between(before, time.instant())).as("waited for the backoff").isPositive();
        assertThat(source.health().rejected(RejectReason.HTTP_ERROR)).isEqualTo(2);
    }

    @Test
    void givesUpAfterTheConfiguredAttempts() {
        start(t("2020-07-05T00:00:00Z"), null);
        source.close();
        source = Fixtures.source(fake, time).historyAttempts(3).build();
        for (int i = 0; i < 5; i++) {
            fake.failNext(502, null, "Bad gateway");
        }

        assertThatThrownBy(() -> history(BTC, t("2020-01-01T00:00:00Z"), t("2020-01-02T00:00:00Z")))
                .isInstanceOf(BinanceApiException.class)
                .hasMessageContaining("HTTP 502");
        assertThat(fake.requests().stream().filter(r -> r.path().equals("/api/v3/klines"))).hasSize(3);
    }

    @Test
    void malformedBodiesAreErrorsNotCandles() throws Exception {
        start(t("2020-07-05T00:00:00Z"));
        fake.failNext(200, null, "[[1577836800000,\"abc\",\"1\",\"1\",\"1\",\"1\",1577840399999,\"1\",1,\"1\",\"1\",\"0\"]]");
        fake.failNext(200, null, "this is not json");
        Instant from = t("2020-01-01T00:00:00Z");
        Instant to = t("2020-01-01T05:00:00Z");

        List<Candle> got = history(BTC, from, to);

        assertThat(Fixtures.firstDifference(Fixtures.market().between("BTCUSDT", from, to), got)).isEmpty();
        assertThat(source.health().rejected(RejectReason.HTTP_ERROR)).isEqualTo(2);
    }

    @Test
    void sendsTheApiKeyOnlyInItsHeaderAndNeverPrintsIt() throws Exception {
        start(t("2020-07-05T00:00:00Z"));
        source.close();
        source = Fixtures.source(fake, time).apiKey("k3y-s3cr3t-value").build();

        history(BTC, t("2020-01-01T00:00:00Z"), t("2020-01-01T02:00:00Z"));

        assertThat(fake.requests()).allSatisfy(r -> {
            assertThat(r.apiKey()).contains("k3y-s3cr3t-value");
            assertThat(r.query()).doesNotContain("k3y");
        });
        assertThat(source.toString()).doesNotContain("k3y").contains("apiKey=***");
        assertThat(source.health().toString()).doesNotContain("k3y");
    }

    @Test
    void anEmptyRangeNeedsNoRequestAndAReversedOneIsAnError() throws Exception {
        start(t("2020-07-05T00:00:00Z"));
        assertThat(history(BTC, t("2020-01-01T00:00:00Z"), t("2020-01-01T00:00:00Z"))).isEmpty();
        assertThat(fake.requests()).isEmpty();
        assertThatThrownBy(() -> source.history(BTC, t("2020-01-02T00:00:00Z"), t("2020-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is after");
    }

    @Test
    void aClosedSourceRefusesWork() {
        start(t("2020-07-05T00:00:00Z"));
        source.close();
        source.close();
        assertThatThrownBy(() -> source.history(BTC, t("2020-01-01T00:00:00Z"), t("2020-01-02T00:00:00Z")))
                .isInstanceOf(CandleSourceException.class).hasMessageContaining("closed");
    }

    @Test
    void farFutureEndsAreCappedSensibly() throws Exception {
        start(t("2019-07-02T00:30:00Z"));
        List<Candle> got = history(BTC, t("2019-07-01T00:00:00Z"), Instant.MAX);
        assertThat(got).hasSize(24);
        assertThat(FakeMarket.closedAt(got.get(23), time.instant())).isTrue();
    }
}
