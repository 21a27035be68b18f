package dev.candlesignal.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.FeatureConfigurationException;
import dev.candlesignal.SourceNeeds;
import dev.candlesignal.feature.FeatureSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeatureSetsTest {

    @Test
    void standard28HasTheSeedsColumnsInTheSeedsOrder() {
        FeatureSet set = FeatureSets.standard28();
        assertThat(set.id()).isEqualTo("standard28");
        assertThat(set.columns()).containsExactly("returns", "log_returns", "price_sma_7_ratio", "price_sma_21_ratio",
                "price_sma_50_ratio", "atr_14", "bb_width", "bb_position", "volatility_14", "volatility_30", "rsi_14",
                "stoch_k", "stoch_d", "macd", "macd_signal", "macd_hist", "roc_10", "roc_20", "williams_r",
                "volume_ratio", "adx", "plus_di", "minus_di", "trend_7", "trend_14", "candle_body_ratio",
                "higher_high", "lower_low");
        assertThat(set.warmupBars()).isEqualTo(50);
    }

    @Test
    void standard14Variants() {
        FeatureSet taker = FeatureSets.standard14();
        assertThat(taker.id()).isEqualTo("standard14/takerFlow");
        assertThat(taker.columns()).containsExactly("open", "high", "low", "close", "volume", "rsi_14", "macd",
                "macd_signal", "macd_hist", "bb_upper", "bb_middle", "bb_lower", "bb_width", "ob_imbalance");
        assertThat(taker.warmupBars()).isEqualTo(20);
        assertThat(FeatureSets.standard14(ImbalanceSource.takerFlow())).isSameAs(taker);
        FeatureSet book = FeatureSets.standard14(ImbalanceSource.orderBook(10));
        assertThat(book.id()).isEqualTo("standard14/orderBook(10)");
        assertThat(book.columns()).isEqualTo(taker.columns());
        assertThat(book.id()).as("a model trained on one source is refused on the other").isNotEqualTo(taker.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"standard28", "standard14/takerFlow", "standard14/orderBook(1)", "standard14/orderBook(10)",
        "standard14/orderBook(5000)"})
    void byIdResolvesEveryStandardIdToASetWithThatId(String id) {
        assertThat(FeatureSets.byId(id).id()).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "standard", "STANDARD28", "standard14", "standard14/orderBook", "standard14/orderBook(0)",
        "standard14/orderBook(010)", "standard14/orderBook(-1)", "standard14/orderBook(10) ", "test3@3"})
    void byIdRejectsUnknownIdsAndListsTheKnownOnes(String id) {
        assertThatThrownBy(() -> FeatureSets.byId(id))
                .isInstanceOf(FeatureConfigurationException.class)
                .hasMessageContaining("'" + id + "'")
                .hasMessageContaining("standard28")
                .hasMessageContaining("standard14/takerFlow")
                .hasMessageContaining("standard14/orderBook(N)");
    }

    @Test
    void imbalanceSourceIds() {
        assertThat(ImbalanceSource.takerFlow().id()).isEqualTo("takerFlow");
        assertThat(ImbalanceSource.takerFlow().levels()).isEmpty();
        assertThat(ImbalanceSource.orderBook(20).id()).isEqualTo("orderBook(20)");
        assertThat(ImbalanceSource.orderBook(20).levels()).hasValue(20);
        assertThat(ImbalanceSource.orderBook(20)).isEqualTo(ImbalanceSource.orderBook(20))
                .hasSameHashCodeAs(ImbalanceSource.orderBook(20)).isNotEqualTo(ImbalanceSource.orderBook(5));
        assertThatThrownBy(() -> ImbalanceSource.orderBook(0)).isInstanceOf(FeatureConfigurationException.class)
                .hasMessageContaining("0");
    }

    @Test
    void eachSetSaysWhatItNeedsFromASource() {
        assertThat(FeatureSets.standard28().needs()).isEqualTo(SourceNeeds.none());
        assertThat(FeatureSets.standard14().needs()).isEqualTo(SourceNeeds.none());
        assertThat(FeatureSets.standard14(ImbalanceSource.orderBook(10)).needs()).isEqualTo(SourceNeeds.orderBook(10));
        assertThat(FeatureSets.byId("standard14/orderBook(7)").needs()).isEqualTo(SourceNeeds.orderBook(7));
        assertThat(FeatureSets.byId("standard14/takerFlow").needs().needsOrderBook()).isFalse();
    }

    @Test
    void aCombinedSetNeedsWhatItsPartsNeed() {
        FeatureSet plain = FeatureSet.builder().addAll(FeatureSets.standard28())
                .add("range", 1, w -> w.high(0) - w.low(0)).build();
        assertThat(plain.needs()).isEqualTo(SourceNeeds.none());
        FeatureSet withBook = FeatureSet.builder()
                .addAll(FeatureSet.builder().name("book5").addAll(FeatureSets.standard14(ImbalanceSource.orderBook(5)))
                        .build())
                .add("range", 1, w -> w.high(0) - w.low(0)).build();
        assertThat(withBook.needs()).isEqualTo(SourceNeeds.orderBook(5));
    }

    @Test
    void knownIds() {
        assertThat(FeatureSets.knownIds()).isEqualTo(List.of("standard28", "standard14/takerFlow",
                "standard14/orderBook(N)"));
    }
}
