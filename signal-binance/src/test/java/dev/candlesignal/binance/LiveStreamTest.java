package dev.candlesignal.binance;

import static dev.candlesignal.binance.Fixtures.BNB;
import static dev.candlesignal.binance.Fixtures.BTC;
import static dev.candlesignal.binance.Fixtures.t;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.Subscription;
import dev.candlesignal.binance.fake.Await;
import dev.candlesignal.binance.fake.FakeBinance;
import dev.candlesignal.binance.fake.FakeMarket;
import dev.candlesignal.binance.fake.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Live subscriptions in good weather, and their start positions. */
class LiveStreamTest {
    @AutoClose
    final FakeRig rig = new FakeRig();

    /** Starts the rig with a 5-minute silence timeout and what {@code customise} adds. */
    private void start(Instant now, UnaryOperator<BinanceCandleSource.Builder> customise) {
        rig.start(now, b -> customise.apply(b.silenceTimeout(Duration.ofMinutes(5))));
    }

    private void start(Instant now) {
        start(now, UnaryOperator.identity());
    }

    @Test
    void deliversEachClosedCandleOnceFromTheCandleOpenAtStart() {
        start(t("2019-07-10T10:20:00Z"));
        RecordingCandles rec = new RecordingCandles();

        Subscription sub = rig.source().subscribe(List.of(BTC, BNB), rec);
        rig.driver().runTo(t("2019-07-10T15:10:00Z"), Duration.ofSeconds(30));

        for (StreamKey k : List.of(BTC, BNB)) {
            List<Candle> expected = Fixtures.market().between(k.symbol(), t("2019-07-10T10:00:00Z"), t("2019-07-10T15:00:00Z"));
            assertThat(Fixtures.firstDifference(expected, rec.candles(k))).as(k.toString()).isEmpty();
        }
        assertThat(rec.violations()).isEmpty();
        assertThat(rec.threads()).hasSize(1).allMatch(n -> n.startsWith("candlesignal-binance-sub-"));
        BinanceHealth h = rig.source().health();
        assertThat(h.connected()).isTrue();
        assertThat(h.openConnections()).isEqualTo(1);
        assertThat(h.deliveredCandles()).isEqualTo(10);
        assertThat(h.backfilledCandles()).isZero();
        assertThat(h.reconnects()).isZero();
        assertThat(h.rejectedTotal()).isZero();
        assertThat(h.lastMessageTime()).isPresent();
        assertThat(sub.isActive()).isTrue();
        sub.close();
        assertThat(sub.isActive()).isFalse();
        Await.until(() -> rig.fake().openSockets() == 0, Duration.ofSeconds(10), "the socket to close");
        assertThat(rig.source().health().connected()).isFalse();
    }

    @Test
    void lastClosedDeliversHistoryThenLiveWithoutGapOrDuplicate() {
        start(t("2019-07-10T10:20:00Z"));
        RecordingCandles rec = new RecordingCandles();

        rig.source().subscribe(List.of(BTC), StartPosition.lastClosed(50), rec);
        rig.driver().runTo(t("2019-07-10T13:00:30Z"), Duration.ofSeconds(30));

        List<Candle> got = rec.candles(BTC);
        List<Candle> expected = Fixtures.market().between("BTCUSDT", t("2019-07-08T08:00:00Z"), t("2019-07-10T13:00:00Z"));
        assertThat(expected).hasSize(53);
        assertThat(Fixtures.firstDifference(expected, got)).isEmpty();
        assertThat(rig.source().health().backfilledCandles()).isEqualTo(50);
    }

    @Test
    void lastClosedPagesBackwardsBeyondOneThousand() {
        start(t("2019-12-01T00:30:00Z"));
        RecordingCandles rec = new RecordingCandles();

        rig.source().subscribe(List.of(BTC), StartPosition.lastClosed(2500), rec);
        rig.driver().runUntil(() -> rec.total() >= 2500, Duration.ofSeconds(30), Duration.ofMinutes(10), "2500 candles");

        List<Candle> all = Fixtures.market().between("BTCUSDT", t("2019-01-01T00:00:00Z"), t("2019-12-01T00:00:00Z"));
        assertThat(Fixtures.firstDifference(all.subList(all.size() - 2500, all.size()), rec.candles(BTC))).isEmpty();
    }

    @Test
    void fromAnOpenTimeDeliversEverythingSinceAcrossAnOutageAndReportsTheGap() {
        start(t("2019-08-15T12:30:00Z"));
        RecordingCandles rec = new RecordingCandles();

        rig.source().subscribe(List.of(BTC), StartPosition.from(t("2019-08-14T20:00:00Z")), rec);
        rig.driver().runTo(t("2019-08-15T14:00:30Z"), Duration.ofSeconds(30));

        List<Candle> expected = Fixtures.market().between("BTCUSDT", t("2019-08-14T20:00:00Z"), t("2019-08-15T14:00:00Z"));
        assertThat(Fixtures.firstDifference(expected, rec.candles(BTC))).isEmpty();
        assertThat(rec.gaps()).hasSize(1);
        assertThat(rec.gaps().get(0).previousOpenTime()).isEqualTo(t("2019-08-15T01:00:00Z"));
        assertThat(rec.gaps().get(0).nextOpenTime()).isEqualTo(t("2019-08-15T10:00:00Z"));
        assertThat(rec.gaps().get(0).missingCandles()).isEqualTo(8);
    }

    @Test
    void aLiveOutageEndsWithOneGapAndNoRequestLoop() {
        // the exchange stops after the 2019-08-15 01:00 candle and is back at 10:00
        start(t("2019-08-15T00:30:00Z"));
        RecordingCandles rec = new RecordingCandles();

        rig.source().subscribe(List.of(BTC), rec);
        rig.driver().runTo(t("2019-08-15T11:00:30Z"), Duration.ofSeconds(60));

        List<Candle> expected = Fixtures.market().between("BTCUSDT", t("2019-08-15T00:00:00Z"), t("2019-08-15T11:00:00Z"));
        assertThat(Fixtures.firstDifference(expected, rec.candles(BTC))).isEmpty();
        assertThat(rec.gaps()).singleElement().satisfies(g -> assertThat(g.missingCandles()).isEqualTo(8));
        // the silent streams make the watchdog reconnect every 5 minutes; each reconnect costs one request
        long klineRequests = rig.fake().requests().stream().filter(r -> r.path().equals("/api/v3/klines")).count();
        assertThat(rig.source().health().reconnects()).as("one per 5 to 8 minutes of silence").isBetween(55L, 100L);
        assertThat(klineRequests).as("one request per repair, not a loop")
                .isLessThanOrEqualTo(rig.source().health().reconnects() + 5);
    }

    @Test
    void manyStreamsAreSplitOverConnectionsAndSubscribedInPacedBatches() {
        start(t("2019-07-10T10:20:00Z"), b -> b.maxStreamsPerConnection(2)
                .urlStreamsPerConnection(1).subscribeBatchSize(1));
        RecordingCandles rec = new RecordingCandles();
        List<StreamKey> keys = List.of(BTC, BNB, Fixtures.LTC);

        rig.source().subscribe(keys, rec);
        rig.driver().runTo(t("2019-07-10T10:20:05Z"), Duration.ofMillis(250));
        rig.driver().runTo(t("2019-07-10T12:10:00Z"), Duration.ofSeconds(30));

        assertThat(rig.source().health().connections()).isEqualTo(2);
        assertThat(rig.fake().openSockets()).isEqualTo(2);
        assertThat(rig.fake().subscribedStreams()).isEqualTo(3);
        for (StreamKey k : keys) {
            List<Candle> expected = Fixtures.market().between(k.symbol(), t("2019-07-10T10:00:00Z"), t("2019-07-10T12:00:00Z"));
            assertThat(Fixtures.firstDifference(expected, rec.candles(k))).as(k.toString()).isEmpty();
        }
        assertThat(rig.fake().clientMessages()).singleElement().satisfies(m -> assertThat(m.text())
                .isEqualTo("{\"method\":\"SUBSCRIBE\",\"params\":[\"bnbusdt@kline_1h\"],\"id\":1}"));
    }

    @Test
    void subscribeMessagesStayFarBelowFivePerSecond() {
        start(t("2019-07-10T10:20:00Z"), b -> b.urlStreamsPerConnection(0).subscribeBatchSize(1));

        rig.source().subscribe(List.of(BTC, BNB, Fixtures.LTC), new RecordingCandles());
        rig.driver().runTo(t("2019-07-10T10:21:00Z"), Duration.ofMillis(100));

        List<FakeBinance.ClientMessage> msgs = rig.fake().clientMessages();
        assertThat(msgs).hasSize(3);
        for (int i = 1; i < msgs.size(); i++) {
            assertThat(Duration.between(msgs.get(i - 1).at(), msgs.get(i).at())).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        }
        assertThat(rig.fake().subscribedStreams()).isEqualTo(3);
    }

    @Test
    void anUnknownSymbolEndsTheSubscriptionWithOnFailure() {
        start(t("2019-07-10T10:20:00Z"));
        RecordingCandles rec = new RecordingCandles();

        Subscription sub = rig.source().subscribe(List.of(BTC, StreamKey.of("NOPEUSDT", Interval.HOUR_1)), rec);

        Await.until(() -> !rec.failures().isEmpty(), Duration.ofSeconds(10), "onFailure");
        assertThat(rec.failures()).singleElement().isInstanceOfSatisfying(BinanceApiException.class,
                e -> assertThat(e.isInvalidSymbol()).isTrue());
        Await.until(() -> !sub.isActive(), Duration.ofSeconds(10), "the subscription to end");
        assertThat(rec.violations()).isEmpty();
    }

    @Test
    void aThrowingListenerEndsItsSubscriptionWithOnFailure() {
        start(t("2019-07-10T10:20:00Z"));
        RecordingCandles rec = new RecordingCandles();
        RuntimeException boom = new IllegalStateException("listener bug");
        Subscription sub = rig.source().subscribe(List.of(BTC), StartPosition.lastClosed(3), new dev.candlesignal.CandleListener() {
            @Override
            public void onCandle(StreamKey stream, Candle candle) {
                rec.onCandle(stream, candle);
                throw boom;
            }

            @Override
            public void onFailure(Throwable error) {
                rec.onFailure(error);
            }
        });
        rig.driver().runTo(t("2019-07-10T10:21:00Z"), Duration.ofSeconds(10));

        assertThat(rec.total()).isEqualTo(1);
        assertThat(rec.failures()).containsExactly(boom);
        Await.until(() -> !sub.isActive(), Duration.ofSeconds(10), "the subscription to end");
    }

    @Test
    void closingFromInsideTheListenerStopsDelivery() {
        start(t("2019-07-10T10:20:00Z"));
        RecordingCandles rec = new RecordingCandles();
        Subscription[] self = new Subscription[1];
        self[0] = rig.source().subscribe(List.of(BTC), StartPosition.lastClosed(10), new dev.candlesignal.CandleListener() {
            @Override
            public void onCandle(StreamKey stream, Candle candle) {
                rec.onCandle(stream, candle);
                if (rec.total() == 2) {
                    self[0].close();
                }
            }
        });
        rig.driver().runTo(t("2019-07-10T10:21:00Z"), Duration.ofSeconds(10));

        assertThat(rec.total()).isEqualTo(2);
        assertThat(self[0].isActive()).isFalse();
        Await.until(() -> rig.fake().openSockets() == 0, Duration.ofSeconds(10), "no socket left");
    }

    @Test
    void closeStopsEveryThreadTheSourceStarted() {
        VirtualTime time = new VirtualTime(t("2019-07-10T10:20:00Z"));
        // a source that never reached anything, closed at once, must not leave a thread behind either
        BinanceCandleSource.builder().restBaseUrl("http://127.0.0.1:1").webSocketBaseUrl("ws://127.0.0.1:1")
                .silenceTimeout(Duration.ofMinutes(5)).build().close();
        try (FakeBinance fake = new FakeBinance(Fixtures.market(), time);
                BinanceCandleSource source = BinanceCandleSource.builder()
                        .restBaseUrl(fake.restUrl().toString()).webSocketBaseUrl(fake.webSocketUrl().toString())
                        .clock(time).build()) {  // real timer thread, virtual clock
            source.subscribe(List.of(BTC), new RecordingCandles());
            Await.until(() -> fake.openSockets() == 1, Duration.ofSeconds(10), "a socket");
            assertThat(threads("candlesignal-binance-")).isNotEmpty();

            source.close();
            source.close();

            Await.until(() -> threads("candlesignal-binance-").isEmpty(), Duration.ofSeconds(10),
                    "the source's threads to end", () -> threads("candlesignal-binance-"));
        }
    }

    @Test
    void worksOnTheRealClockAgainstAFakeWithOneSecondCandles() {
        // the real data re-stamped as 1s candles that started 20 s ago: a candle closes every second
        Instant first = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(20);
        FakeMarket market = FakeMarket.fromData(FakeMarket.dataDir(), "BTCUSDT").restamped(Interval.SECOND_1, first);
        try (FakeBinance fake = new FakeBinance(market, java.time.Clock.systemUTC());
                BinanceCandleSource source = BinanceCandleSource.builder().restBaseUrl(fake.restUrl().toString())
                        .webSocketBaseUrl(fake.webSocketUrl().toString()).closeConfirmationDelay(Duration.ofMillis(100))
                        .build()) {
            fake.autoPush(Duration.ofMillis(250));
            StreamKey btc1s = StreamKey.of("BTCUSDT", Interval.SECOND_1);
            RecordingCandles rec = new RecordingCandles();

            source.subscribe(List.of(btc1s), StartPosition.lastClosed(5), rec);

            Await.until(() -> rec.candles(btc1s).size() >= 8, Duration.ofSeconds(20), "5 history and 3 live candles",
                    () -> rec.candles(btc1s));
            List<Candle> got = rec.candles(btc1s);
            List<Candle> expected = market.between("BTCUSDT", got.get(0).openTime(), got.get(got.size() - 1).closeTime());
            assertThat(Fixtures.firstDifference(expected, got)).isEmpty();
            assertThat(rec.failures()).isEmpty();
        }
    }

    private static List<String> threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(prefix)).toList();
    }
}
