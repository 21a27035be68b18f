package dev.candlesignal.binance;

import static dev.candlesignal.binance.Fixtures.BTC;
import static dev.candlesignal.binance.Fixtures.t;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.OrderBookSnapshot;
import dev.candlesignal.SourceNeeds;
import dev.candlesignal.binance.fake.FakeBinance;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The order book attached at candle close, for the standard14 order-book-imbalance feature. */
class OrderBookTest {
    @AutoClose
    final FakeRig rig = new FakeRig();

    private void start(Instant now, Duration maxAge) {
        rig.start(now, b -> b.silenceTimeout(Duration.ofMinutes(5)).orderBookLevels(5).orderBookMaxAge(maxAge));
    }

    @Test
    void attachesTheLastDepthSnapshotAtOrBeforeEachClose() {
        start(t("2019-07-10T10:20:00Z"), Duration.ofSeconds(30));
        RecordingCandles rec = new RecordingCandles();

        rig.source().subscribe(List.of(BTC), StartPosition.lastClosed(2), rec);
        rig.driver().runTo(t("2019-07-10T13:00:30Z"), Duration.ofSeconds(20));

        List<Candle> got = rec.candles(BTC);
        assertThat(got).extracting(Candle::openTime).containsExactly(t("2019-07-10T08:00:00Z"),
                t("2019-07-10T09:00:00Z"), t("2019-07-10T10:00:00Z"), t("2019-07-10T11:00:00Z"), t("2019-07-10T12:00:00Z"));
        assertThat(got.subList(0, 2)).as("closed long before the start: no book").allMatch(c -> c.orderBook().isEmpty());
        for (Candle c : got.subList(2, 5)) {
            FakeBinance.DepthPush expected = rig.fake().depthLog().stream()
                    .filter(p -> p.symbol().equals("BTCUSDT") && !p.at().isAfter(c.closeTime()))
                    .max(Comparator.comparing(FakeBinance.DepthPush::at)).orElseThrow();
            OrderBookSnapshot book = c.orderBook().orElseThrow();
            assertThat(book.time()).isEqualTo(expected.at());
            assertThat(book.bidQuantities()).containsExactly(expected.bids());
            assertThat(book.askQuantities()).containsExactly(expected.asks());
            assertThat(book.depth()).isEqualTo(5);
        }
        assertThat(rig.fake().requests()).noneMatch(r -> r.path().equals("/api/v3/depth"));
        assertThat(rig.fake().clientMessages()).isEmpty();
    }

    @Test
    void servesAFeatureSetsOrderBookNeedWithTheSmallestDepthStreamThatCoversIt() {
        rig.start(t("2019-07-10T10:20:00Z"), b -> b.silenceTimeout(Duration.ofMinutes(5))
                .serve(SourceNeeds.orderBook(7)).orderBookMaxAge(Duration.ofSeconds(30)));
        RecordingCandles rec = new RecordingCandles();
        rig.source().subscribe(List.of(BTC), rec);
        rig.driver().runTo(t("2019-07-10T12:00:30Z"), Duration.ofSeconds(20));

        List<Candle> got = rec.candles(BTC);
        assertThat(got).isNotEmpty();
        for (Candle c : got) {
            assertThat(c.orderBook()).as("book at %s", c.openTime()).hasValueSatisfying(book ->
                    assertThat(book.depth()).as("depth10 covers 7 levels").isEqualTo(10));
        }
        assertThat(rig.fake().depthLog()).isNotEmpty().allMatch(p -> p.bids().length == 10);
    }

    @Test
    void fallsBackToARestSnapshotWhenTheStreamHasNoneAtTheClose() {
        start(t("2019-07-10T10:59:59.500Z"), Duration.ofSeconds(5));
        RecordingCandles rec = new RecordingCandles();
        rig.source().subscribe(List.of(BTC), rec);
        rig.driver().settle();  // connected; no depth pushed yet

        rig.driver().step(Duration.ofSeconds(1));  // 11:00:00.500: the 10:00 candle closed; first depth push after it

        Candle c = rec.candles(BTC).get(0);
        assertThat(c.openTime()).isEqualTo(t("2019-07-10T10:00:00Z"));
        OrderBookSnapshot book = c.orderBook().orElseThrow();
        assertThat(book.time()).isEqualTo(t("2019-07-10T11:00:00.500Z"));
        assertThat(rig.fake().requests()).filteredOn(r -> r.path().equals("/api/v3/depth")).singleElement()
                .satisfies(r -> {
                    assertThat(r.query()).contains("symbol=BTCUSDT").contains("limit=5");
                    assertThat(r.weight()).isEqualTo(5);
                });
        FakeBinance.DepthPush sameMoment = rig.fake().depthLog().get(rig.fake().depthLog().size() - 1);
        assertThat(sameMoment.at()).isEqualTo(book.time());
        assertThat(book.bidQuantities()).containsExactly(sameMoment.bids());
        assertThat(book.imbalance(5)).isBetween(-1.0, 1.0);
    }
}
