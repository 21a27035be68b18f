package dev.candlesignal.binance;

import static dev.candlesignal.binance.Fixtures.BTC;
import static dev.candlesignal.binance.Fixtures.t;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.OrderBookSnapshot;
import dev.candlesignal.binance.fake.FakeBinance;
import dev.candlesignal.binance.fake.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The order book attached at candle close, for the standard14 order-book-imbalance feature. */
class OrderBookTest {
    private VirtualTime time;
    private FakeBinance fake;
    private BinanceCandleSource source;
    private TimeDriver driver;

    private void start(Instant now, Duration maxAge) {
        time = new VirtualTime(now);
        fake = new FakeBinance(Fixtures.market(), time);
        source = Fixtures.source(fake, time).silenceTimeout(Duration.ofMinutes(5)).orderBookLevels(5)
                .orderBookMaxAge(maxAge).build();
        driver = new TimeDriver(time, source, fake);
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
    void attachesTheLastDepthSnapshotAtOrBeforeEachClose() {
        start(t("2019-07-10T10:20:00Z"), Duration.ofSeconds(30));
        RecordingCandles rec = new RecordingCandles();

        source.subscribe(List.of(BTC), StartPosition.lastClosed(2), rec);
        driver.runTo(t("2019-07-10T13:00:30Z"), Duration.ofSeconds(20));

        List<Candle> got = rec.candles(BTC);
        assertThat(got).extracting(Candle::openTime).containsExactly(t("2019-07-10T08:00:00Z"),
                t("2019-07-10T09:00:00Z"), t("2019-07-10T10:00:00Z"), t("2019-07-10T11:00:00Z"), t("2019-07-10T12:00:00Z"));
        assertThat(got.subList(0, 2)).as("closed long before the start: no book").allMatch(c -> c.orderBook().isEmpty());
        for (Candle c : got.subList(2, 5)) {
            FakeBinance.DepthPush expected = fake.depthLog().stream()
                    .filter(p -> p.symbol().equals("BTCUSDT") && !p.at().isAfter(c.closeTime()))
                    .max(Comparator.comparing(FakeBinance.DepthPush::at)).orElseThrow();
            OrderBookSnapshot book = c.orderBook().orElseThrow();
            assertThat(book.time()).isEqualTo(expected.at());
            assertThat(book.bidQuantities()).containsExactly(expected.bids());
            assertThat(book.askQuantities()).containsExactly(expected.asks());
            assertThat(book.depth()).isEqualTo(5);
        }
        assertThat(fake.requests()).noneMatch(r -> r.path().equals("/api/v3/depth"));
        assertThat(fake.clientMessages()).isEmpty();
    }

    @Test
    void fallsBackToARestSnapshotWhenTheStreamHasNoneAtTheClose() {
        start(t("2019-07-10T10:59:59.500Z"), Duration.ofSeconds(5));
        RecordingCandles rec = new RecordingCandles();
        source.subscribe(List.of(BTC), rec);
        driver.settle();  // connected; no depth pushed yet

        driver.step(Duration.ofSeconds(1));  // 11:00:00.500: the 10:00 candle closed; first depth push after it

        Candle c = rec.candles(BTC).get(0);
        assertThat(c.openTime()).isEqualTo(t("2019-07-10T10:00:00Z"));
        OrderBookSnapshot book = c.orderBook().orElseThrow();
        assertThat(book.time()).isEqualTo(t("2019-07-10T11:00:00.500Z"));
        assertThat(fake.requests()).filteredOn(r -> r.path().equals("/api/v3/depth")).singleElement()
                .satisfies(r -> {
                    assertThat(r.query()).contains("symbol=BTCUSDT").contains("limit=5");
                    assertThat(r.weight()).isEqualTo(5);
                });
        FakeBinance.DepthPush sameMoment = fake.depthLog().get(fake.depthLog().size() - 1);
        assertThat(sameMoment.at()).isEqualTo(book.time());
        assertThat(book.bidQuantities()).containsExactly(sameMoment.bids());
        assertThat(book.imbalance(5)).isBetween(-1.0, 1.0);
    }
}
