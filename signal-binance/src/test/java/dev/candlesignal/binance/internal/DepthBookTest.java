package dev.candlesignal.binance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.OrderBookSnapshot;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DepthBookTest {
    private static final Instant CLOSE = Instant.parse("2020-01-01T00:59:59.999Z");
    private static final Duration AGE = Duration.ofSeconds(5);

    private static OrderBookSnapshot snap(String time, double bid) {
        return new OrderBookSnapshot(Instant.parse(time), new double[] {bid, 1}, new double[] {1, 1});
    }

    @Test
    void keepsTheLastSnapshotBeforeAnExpectedCloseWhenNewerOnesArrive() {
        DepthBook book = new DepthBook();
        book.expectClose("BTCUSDT", CLOSE);
        book.onSnapshot("BTCUSDT", snap("2020-01-01T00:59:59.800Z", 1));
        book.onSnapshot("BTCUSDT", snap("2020-01-01T00:59:59.900Z", 2));
        book.onSnapshot("BTCUSDT", snap("2020-01-01T01:00:00.000Z", 3));
        book.onSnapshot("BTCUSDT", snap("2020-01-01T01:00:00.100Z", 4));

        assertThat(book.atClose("btcusdt", CLOSE, AGE)).hasValueSatisfying(s -> {
            assertThat(s.time()).isEqualTo(Instant.parse("2020-01-01T00:59:59.900Z"));
            assertThat(s.bidQuantities()[0]).isEqualTo(2);
        });
    }

    @Test
    void usesTheLatestSnapshotWhenNoNewerOneArrivedYet() {
        DepthBook book = new DepthBook();
        book.onSnapshot("BTCUSDT", snap("2020-01-01T00:59:58Z", 7));
        assertThat(book.atClose("BTCUSDT", CLOSE, AGE)).hasValueSatisfying(s -> assertThat(s.bidQuantities()[0]).isEqualTo(7));
    }

    @Test
    void aSnapshotOnlyAfterTheCloseOrTooOldIsNoAnswer() {
        DepthBook book = new DepthBook();
        book.onSnapshot("BTCUSDT", snap("2020-01-01T01:00:00.100Z", 1));
        assertThat(book.atClose("BTCUSDT", CLOSE, AGE)).isEmpty();

        DepthBook stale = new DepthBook();
        stale.onSnapshot("BTCUSDT", snap("2020-01-01T00:58:00Z", 1));
        assertThat(stale.atClose("BTCUSDT", CLOSE, AGE)).as("the stream stalled").isEmpty();
        assertThat(stale.atClose("BTCUSDT", CLOSE, Duration.ofMinutes(5))).isPresent();
    }

    @Test
    void symbolsAreKeptApartAndOlderSnapshotsIgnored() {
        DepthBook book = new DepthBook();
        book.onSnapshot("BTCUSDT", snap("2020-01-01T00:59:59Z", 1));
        book.onSnapshot("BTCUSDT", snap("2020-01-01T00:59:58Z", 9));
        book.onSnapshot("ETHUSDT", snap("2020-01-01T00:59:59.500Z", 5));
        assertThat(book.atClose("BTCUSDT", CLOSE, AGE)).hasValueSatisfying(s -> assertThat(s.bidQuantities()[0]).isEqualTo(1));
        assertThat(book.atClose("ETHUSDT", CLOSE, AGE)).hasValueSatisfying(s -> assertThat(s.bidQuantities()[0]).isEqualTo(5));
        assertThat(book.atClose("LTCUSDT", CLOSE, AGE)).isEmpty();
    }

    @Test
    void memoryIsBounded() {
        DepthBook book = new DepthBook();
        Instant t = Instant.parse("2020-01-01T00:00:00Z");
        for (int i = 0; i < 1000; i++) {
            book.expectClose("BTCUSDT", t.plusSeconds(60L * i + 59));
            book.onSnapshot("BTCUSDT", new OrderBookSnapshot(t.plusSeconds(60L * i + 30), new double[] {i}, new double[] {1}));
        }
        Instant lastClose = t.plusSeconds(60L * 998 + 59);
        assertThat(book.atClose("BTCUSDT", lastClose, Duration.ofMinutes(1))).hasValueSatisfying(
                s -> assertThat(s.bidQuantities()[0]).isEqualTo(998));
        assertThat(book.atClose("BTCUSDT", t.plusSeconds(59), Duration.ofMinutes(1))).as("long forgotten").isEmpty();
    }
}
