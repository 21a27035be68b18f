package dev.candlesignal.benchmarks;

import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.indicators.FeatureSets;
import dev.candlesignal.indicators.Ta4jFeature;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;

/** The feature sets the benchmarks compare, by {@code @Param} name. */
final class BenchmarkFeatureSets {
    private BenchmarkFeatureSets() {
    }

    /**
     * {@code standard14} (taker flow), {@code standard28}, or {@code standard28+ta4j}: standard28 plus Wilder's
     * RSI 14 from Ta4j on a 100-bar series, a typical custom set.
     */
    static FeatureSet byName(String name) {
        return switch (name) {
            case "standard14" -> FeatureSets.standard14();
            case "standard28" -> FeatureSets.standard28();
            case "standard28+ta4j" -> FeatureSet.builder()
                    .addAll(FeatureSets.standard28())
                    .add(Ta4jFeature.of("rsi_wilder_14", 100, s -> new RSIIndicator(new ClosePriceIndicator(s), 14)))
                    .build();
            default -> throw new IllegalArgumentException("unknown feature set " + name);
        };
    }
}
