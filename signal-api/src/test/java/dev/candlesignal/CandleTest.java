package dev.candlesignal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CandleTest {
    static final Instant T0 = Instant.parse("2020-03-12T10:00:00Z");
    static final Instant T1 = T0.plusSeconds(3600).minusMillis(1);

    static Candle.Builder valid() {
        return Candle.builder().openTime(T0).closeTime(T1).open(100).high(110).low(90).close(105).volume(12)
                .quoteVolume(1260).trades(7).takerBuyBaseVolume(5).takerBuyQuoteVolume(520);
    }

    @Test
    void keepsEveryKlineField() {
        Candle c = valid().build();
        assertThat(c.openTime()).isEqualTo(T0);
        assertThat(c.closeTime()).isEqualTo(T1);
        assertThat(c.open()).isEqualTo(100);
        assertThat(c.high()).isEqualTo(110);
        assertThat(c.low()).isEqualTo(90);
        assertThat(c.close()).isEqualTo(105);
        assertThat(c.volume()).isEqualTo(12);
        assertThat(c.quoteVolume()).isEqualTo(1260);
        assertThat(c.trades()).isEqualTo(7);
        assertThat(c.takerBuyBaseVolume()).isEqualTo(5);
        assertThat(c.takerBuyQuoteVolume()).isEqualTo(520);
        assertThat(c.orderBook()).isEmpty();
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }

    @Test
    void rejectsHighBelowLowNamingBothValues() {
        assertThatThrownBy(() -> valid().high(80).open(85).close(85).low(90).build())
                .isInstanceOf(InvalidCandleException.class)
                .hasMessageContaining("high 80.0 is below low 90.0")
                .hasMessageContaining(T0.toString())
                .extracting(e -> ((InvalidCandleException) e).field()).isEqualTo("high");
    }

    @ParameterizedTest
    @CsvSource({
        "open, NaN", "high, Infinity", "low, -Infinity", "close, NaN", "volume, NaN", "quoteVolume, Infinity",
        "takerBuyBaseVolume, NaN", "takerBuyQuoteVolume, Infinity"})
    void rejectsNonFiniteValues(String field, double value) {
        Candle.Builder b = valid();
        switch (field) {
            case "open" -> b.open(value);
            case "high" -> b.high(value);
            case "low" -> b.low(value);
            case "close" -> b.close(value);
            case "volume" -> b.volume(value);
            case "quoteVolume" -> b.quoteVolume(value);
            case "takerBuyBaseVolume" -> b.takerBuyBaseVolume(value);
            default -> b.takerBuyQuoteVolume(value);
        }
        assertThatThrownBy(b::build).isInstanceOf(InvalidCandleException.class)
                .hasMessageContaining(field + " must be finite but was " + value)
                .extracting(e -> ((InvalidCandleException) e).field()).isEqualTo(field);
    }

    @Test
    void rejectsNegativeValues() {
        assertThatThrownBy(() -> valid().volume(-1).build()).isInstanceOf(InvalidCandleException.class)
                .hasMessageContaining("volume must be >= 0 but was -1.0");
        assertThatThrownBy(() -> valid().trades(-3).build()).isInstanceOf(InvalidCandleException.class)
                .hasMessageContaining("trades must be >= 0 but was -3");
        assertThatThrownBy(() -> valid().low(-1).build()).isInstanceOf(InvalidCandleException.class)
                .hasMessageContaining("low must be > 0 but was -1.0");
    }

    @ParameterizedTest
    @CsvSource({"open", "high", "low", "close"})
    void rejectsAZeroPriceNamingTheField(String field) {
        Candle.Builder b = valid();
        switch (field) {
            case "open" -> b.open(0);
            case "high" -> b.high(0);
            case "low" -> b.low(0);
            default -> b.close(0);
        }
        assertThatThrownBy(b::build).isInstanceOf(InvalidCandleException.class)
                .hasMessageContaining(field + " must be > 0 but was 0.0")
                .extracting(e -> ((InvalidCandleException) e).field()).isEqualTo(field);
    }

    @Test
    void rejectsTakerBuyVolumesAboveTheVolumes() {
        assertThatThrownBy(() -> valid().takerBuyBaseVolume(12.5).build()).isInstanceOf(InvalidCandleException.class)
                .hasMessageContaining("takerBuyBaseVolume 12.5 exceeds volume 12.0")
                .extracting(e -> ((InvalidCandleException) e).field()).isEqualTo("takerBuyBaseVolume");
        assertThatThrownBy(() -> valid().takerBuyQuoteVolume(1261).build()).isInstanceOf(InvalidCandleException.class)
                .hasMessageContaining("takerBuyQuoteVolume 1261.0 exceeds quoteVolume 1260.0")
                .extracting(e -> ((InvalidCandleException) e).field()).isEqualTo("takerBuyQuoteVolume");
        assertThat(valid().takerBuyBaseVolume(12).takerBuyQuoteVolume(1260).build().takerBuyBaseVolume()).isEqualTo(12);
    }

    @Test
    void rejectsOpenOrCloseOutsideTheRange() {
        assertThatThrownBy(() -> valid().open(111).build()).isInstanceOf(InvalidCandleException.class)
                .hasMessageContaining("open 111.0 is outside [low 90.0, high 110.0]");
        assertThatThrownBy(() -> valid().close(89).build()).isInstanceOf(InvalidCandleException.class)
                .hasMessageContaining("close 89.0 is outside [low 90.0, high 110.0]");
    }

    @Test
    void rejectsCloseTimeBeforeOpenTime() {
        assertThatThrownBy(() -> valid().closeTime(T0.minusMillis(1)).build())
                .isInstanceOf(InvalidCandleException.class)
                .hasMessageContaining("close time 2020-03-12T09:59:59.999Z is before open time 2020-03-12T10:00:00Z");
    }

    @Test
    void acceptsAFlatZeroVolumeCandle() {
        Candle c = Candle.of(T0, T1, 5, 5, 5, 5, 0);
        assertThat(c.high()).isEqualTo(c.low());
    }

    @Test
    void requiresTimes() {
        assertThatThrownBy(() -> Candle.builder().open(1).high(1).low(1).close(1).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("openTime");
    }

    @Test
    void sameKlineIgnoresTheAttachedOrderBook() {
        Candle c = valid().build();
        Candle withBook = c.withOrderBook(new OrderBookSnapshot(T1, new double[] {1, 2}, new double[] {3}));
        assertThat(withBook.orderBook()).isPresent();
        assertThat(withBook).isNotEqualTo(c);
        assertThat(withBook.sameKline(c)).isTrue();
        assertThat(c.sameKline(valid().volume(12.5).build())).isFalse();
        assertThat(c.sameKline(valid().trades(8).build())).isFalse();
        assertThat(c.sameKline(valid().closeTime(T1.minusSeconds(1)).build())).isFalse();
    }

    @Test
    void orderBookImbalance() {
        OrderBookSnapshot book = new OrderBookSnapshot(T1, new double[] {3, 1, 100}, new double[] {1, 1, 0});
        assertThat(book.imbalance(1)).isEqualTo(0.5);
        assertThat(book.imbalance(2)).isEqualTo((4.0 - 2.0) / 6.0);
        assertThat(book.imbalance(3)).isEqualTo((104.0 - 2.0) / 106.0);
        assertThat(new OrderBookSnapshot(T1, new double[] {0}, new double[] {0}).imbalance(1)).isZero();
        assertThatThrownBy(() -> book.imbalance(4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 levels asked, but the snapshot has 3 bid and 3 ask levels");
        assertThatThrownBy(() -> new OrderBookSnapshot(T1, new double[] {-1}, new double[] {1}))
                .isInstanceOf(InvalidCandleException.class).hasMessageContaining("bidQuantities[0]");
    }

    @Test
    void orderBookIsImmutable() {
        double[] bids = {1, 2};
        OrderBookSnapshot book = new OrderBookSnapshot(T1, bids, new double[] {1, 2});
        bids[0] = 99;
        book.bidQuantities()[1] = 99;
        assertThat(book.bidQuantities()).containsExactly(1, 2);
        assertThat(book).isEqualTo(new OrderBookSnapshot(T1, new double[] {1, 2}, new double[] {1, 2}));
        assertThat(book.hashCode()).isEqualTo(new OrderBookSnapshot(T1, new double[] {1, 2}, new double[] {1, 2}).hashCode());
        assertThat(Optional.of(book)).isPresent();
    }
}
