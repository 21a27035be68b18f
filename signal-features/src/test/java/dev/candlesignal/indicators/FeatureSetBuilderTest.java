package dev.candlesignal.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Candle;
import dev.candlesignal.FeatureConfigurationException;
import dev.candlesignal.FeatureValueException;
import dev.candlesignal.feature.Feature;
import dev.candlesignal.feature.FeatureCalculator;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.testkit.Candles;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;

/** {@code FeatureSet.builder()}: ids, validation, and the combined calculator's all-or-nothing updates. */
class FeatureSetBuilderTest {

    private static Feature rsiWilder() {
        return Ta4jFeature.of("rsi_wilder_14", 100, s -> new RSIIndicator(new ClosePriceIndicator(s), 14));
    }

    private static Feature range(String name, int window) {
        return Feature.of(name, window, w -> (w.high(0) - w.low(w.size() - 1)) / w.close(0));
    }

    private static FeatureSet example() {
        return FeatureSet.builder().addAll(FeatureSets.standard28()).add(rsiWilder()).add(range("range_24", 24)).build();
    }

    @Test
    void idNamesThePartsAndHashesTheDefinition() {
        FeatureSet set = example();
        assertThat(set.id()).matches("standard28\\+rsi_wilder_14\\+range_24@[0-9a-f]{12}");
        assertThat(set.columns()).hasSize(30).endsWith("rsi_wilder_14", "range_24");
        assertThat(set.columns().subList(0, 28)).isEqualTo(FeatureSets.standard28().columns());
        assertThat(set.warmupBars()).isEqualTo(50);
    }

    @Test
    void idIsStableAcrossBuildsAndRuns() {
        assertThat(example().id()).isEqualTo(example().id());
        // a literal: the hash covers ids, column names, definitions and warm-ups only, never object identities,
        // so it is the same on every JVM and run; if this changes, every bundle built on such a set is refused
        assertThat(example().id()).isEqualTo(EXPECTED_EXAMPLE_ID);
    }

    /**
     * SHA-256 of "candlesignal-feature-set/1\nset standard28 50 returns,...,lower_low\nfeature rsi_wilder_14
     * ta4j(org.ta4j.core.indicators.RSIIndicator,window=100,unstable=14) 15\nfeature range_24 window(24) 24\n",
     * checked with Python's hashlib.
     */
    static final String EXPECTED_EXAMPLE_ID = "standard28+rsi_wilder_14+range_24@276ff432672d";

    @Test
    void idChangesWhenTheColumnsChange() {
        String base = example().id();
        List<Supplier<FeatureSet>> variants = List.of(
                () -> FeatureSet.builder().addAll(FeatureSets.standard28()).add(range("range_24", 24)).add(rsiWilder())
                        .build(),
                () -> FeatureSet.builder().addAll(FeatureSets.standard28()).add(rsiWilder()).add(range("range_25", 24))
                        .build(),
                () -> FeatureSet.builder().addAll(FeatureSets.standard28()).add(rsiWilder()).add(range("range_24", 25))
                        .build(),
                () -> FeatureSet.builder().addAll(FeatureSets.standard28()).add(rsiWilder()).build(),
                () -> FeatureSet.builder().addAll(FeatureSets.standard14()).add(rsiWilder()).add(range("range_24", 24))
                        .build(),
                () -> FeatureSet.builder().addAll(FeatureSets.standard28()).add(Ta4jFeature.of("rsi_wilder_14", 101,
                        s -> new RSIIndicator(new ClosePriceIndicator(s), 14))).add(range("range_24", 24)).build(),
                () -> FeatureSet.builder().name("standard28+rsi_wilder_14+range_24").addAll(FeatureSets.standard14())
                        .add(rsiWilder()).add(range("range_24", 24)).build());
        for (Supplier<FeatureSet> variant : variants) {
            assertThat(variant.get().id()).isNotEqualTo(base);
        }
    }

    @Test
    void aNameReplacesTheReadablePartOnly() {
        FeatureSet named = FeatureSet.builder().name("btc-extra").addAll(FeatureSets.standard28()).add(rsiWilder())
                .add(range("range_24", 24)).build();
        assertThat(named.id()).startsWith("btc-extra@").endsWith(example().id().substring(example().id().indexOf('@') + 1));
        assertThatThrownBy(() -> FeatureSet.builder().name("a@b")).isInstanceOf(FeatureConfigurationException.class);
        assertThatThrownBy(() -> FeatureSet.builder().name("a b")).isInstanceOf(FeatureConfigurationException.class);
    }

    @Test
    void aBuilderWithOneSetReturnsThatSet() {
        assertThat(FeatureSet.builder().addAll(FeatureSets.standard28()).build()).isSameAs(FeatureSets.standard28());
    }

    @Test
    void duplicateColumnsAreRefused() {
        assertThatThrownBy(() -> FeatureSet.builder().addAll(FeatureSets.standard28()).add(range("macd", 3)).build())
                .isInstanceOf(FeatureConfigurationException.class)
                .hasMessageContaining("duplicate column 'macd'")
                .hasMessageContaining("standard28");
        assertThatThrownBy(() -> FeatureSet.builder().addAll(FeatureSets.standard28()).addAll(FeatureSets.standard14())
                .build()).isInstanceOf(FeatureConfigurationException.class).hasMessageContaining("'rsi_14'");
    }

    @Test
    void invalidDefinitionsAreRefused() {
        assertThatThrownBy(() -> FeatureSet.builder().build()).isInstanceOf(FeatureConfigurationException.class)
                .hasMessageContaining("at least one column");
        assertThatThrownBy(() -> Feature.of("bad,name", 3, w -> 0)).isInstanceOf(FeatureConfigurationException.class)
                .hasMessageContaining("bad,name");
        assertThatThrownBy(() -> Feature.of("x", 0, w -> 0)).isInstanceOf(FeatureConfigurationException.class)
                .hasMessageContaining("window must be >= 1 but was 0");
        assertThatThrownBy(() -> Ta4jFeature.of("x y", 10, s -> new ClosePriceIndicator(s)))
                .isInstanceOf(FeatureConfigurationException.class);
    }

    @Test
    void aWindowFunctionSeesExactlyItsWindowNewestFirst() {
        List<Candle> candles = Candles.randomWalk(11, 10);
        Feature.Calculator calc = Feature.of("close_2_back", 3, w -> {
            assertThat(w.size()).isEqualTo(3);
            assertThatThrownBy(() -> w.ago(3)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThat(w.ago(2).close()).isEqualTo(w.close(2));
            return w.close(2);
        }).newCalculator();
        for (int i = 0; i < candles.size(); i++) {
            double v = calc.update(candles.get(i));
            if (i < 2) {
                assertThat(v).isNaN();
            } else {
                assertThat(v).isEqualTo(candles.get(i - 2).close());
            }
        }
    }

    @Test
    void aThrowingFunctionLeavesItsCalculatorUnchanged() {
        List<Candle> candles = Candles.randomWalk(12, 30);
        Candle poison = candles.get(0).toBuilder().volume(123.456).takerBuyBaseVolume(100).build();
        Feature sumOfVolumes = Feature.of("volume_sum_3", 3, w -> {
            if (w.volume(0) == 123.456) {
                throw new ArithmeticException("boom");
            }
            return w.volume(0) + w.volume(1) + w.volume(2);
        });
        Feature.Calculator probed = sumOfVolumes.newCalculator();
        Feature.Calculator reference = sumOfVolumes.newCalculator();
        for (int i = 0; i < candles.size(); i++) {
            if (i == 7) {
                assertThatThrownBy(() -> probed.update(poison))
                        .isInstanceOf(FeatureValueException.class)
                        .hasMessageContaining("volume_sum_3")
                        .hasRootCauseInstanceOf(ArithmeticException.class);
            }
            assertThat(Double.compare(probed.update(candles.get(i)), reference.update(candles.get(i)))).as("row %d", i)
                    .isZero();
        }
    }

    @Test
    void aCandleOnePartCannotUseLeavesEveryPartUnchanged() {
        FeatureSet set = FeatureSet.builder().add(rsiWilder()).add(range("range_3", 3))
                .addAll(FeatureSets.standard14(ImbalanceSource.orderBook(5))).build();
        List<Candle> candles = OrderBooks.attach(Candles.randomWalk(21, 60), 5, 3);
        FeatureCalculator probed = set.newCalculator();
        FeatureCalculator reference = set.newCalculator();
        double[] a = new double[set.featureCount()];
        double[] b = new double[set.featureCount()];
        for (int i = 0; i < candles.size(); i++) {
            if (i == 30) {
                Candle withoutBook = Candles.randomWalk(21, 60).get(30);
                assertThatThrownBy(() -> probed.update(withoutBook, a, 0)).isInstanceOf(FeatureValueException.class)
                        .hasMessageContaining("order-book");
                // the Ta4j part would also refuse an old candle, before anything changes
                assertThatThrownBy(() -> probed.update(candles.get(0), a, 0)).isInstanceOf(FeatureValueException.class)
                        .hasMessageContaining("time order");
            }
            probed.update(candles.get(i), a, 0);
            reference.update(candles.get(i), b, 0);
            assertThat(Arrays.equals(a, b)).as("row %d", i).isTrue();
        }
        assertThat(probed.count()).isEqualTo(candles.size());
    }

    @Test
    void aPartFailingAfterOthersTookTheCandleMakesTheCalculatorUnusable() {
        FeatureSet set = FeatureSet.builder().addAll(FeatureSets.standard14())
                .add("fails_on_zero_volume", 1, w -> {
                    if (w.volume(0) == 0) {
                        throw new IllegalStateException("no volume");
                    }
                    return 1;
                }).build();
        FeatureCalculator calc = set.newCalculator();
        double[] row = new double[set.featureCount()];
        List<Candle> candles = Candles.randomWalk(2, 5);
        calc.update(candles.get(0), row, 0);
        Candle zero = candles.get(1).toBuilder().volume(0).takerBuyBaseVolume(0).build();
        assertThatThrownBy(() -> calc.update(zero, row, 0)).isInstanceOf(FeatureValueException.class);
        assertThatThrownBy(() -> calc.update(candles.get(2), row, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("create a new calculator");
    }
}
