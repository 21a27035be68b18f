package dev.candlesignal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.feature.FeatureSet;
import org.junit.jupiter.api.Test;

class SourceNeedsTest {

    @Test
    void noneAndOrderBook() {
        assertThat(SourceNeeds.none().needsOrderBook()).isFalse();
        assertThat(SourceNeeds.none().orderBookLevels()).isZero();
        assertThat(SourceNeeds.orderBook(5).needsOrderBook()).isTrue();
        assertThat(SourceNeeds.orderBook(5)).isEqualTo(new SourceNeeds(5)).hasToString("SourceNeeds[order book, 5 levels]");
        assertThat(new SourceNeeds(0)).isEqualTo(SourceNeeds.none()).hasToString("SourceNeeds[klines only]");
    }

    @Test
    void combiningKeepsTheDeeperBook() {
        assertThat(SourceNeeds.none().and(SourceNeeds.orderBook(3))).isEqualTo(SourceNeeds.orderBook(3));
        assertThat(SourceNeeds.orderBook(10).and(SourceNeeds.orderBook(3))).isEqualTo(SourceNeeds.orderBook(10));
        assertThat(SourceNeeds.none().and(SourceNeeds.none())).isEqualTo(SourceNeeds.none());
    }

    @Test
    void badLevelsAreNamed() {
        assertThatThrownBy(() -> SourceNeeds.orderBook(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 level but was 0");
        assertThatThrownBy(() -> new SourceNeeds(-2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("orderBookLevels must be >= 0 (0 = no order book) but was -2");
    }

    @Test
    void aFeatureSetNeedsNothingBeyondKlinesUnlessItSays() {
        FeatureSet plain = FeatureSet.builder().add("range", 1, w -> w.high(0) - w.low(0)).build();
        assertThat(plain.needs()).isEqualTo(SourceNeeds.none());
    }
}
