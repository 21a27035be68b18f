package dev.candlesignal.indicators;

import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.testkit.FeatureSetContract;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;

/**
 * The test kit's contract for a combined set: standard14 plus a Ta4j column and a plain function column; its
 * batch form concatenates the parts' batch forms, so this checks the combined calculator's offsets and order.
 */
class CompositeContractTest extends FeatureSetContract {
    @Override
    protected FeatureSet featureSet() {
        return FeatureSet.builder()
                .addAll(FeatureSets.standard14())
                .add(Ta4jFeature.of("rsi_wilder_14", 40, s -> new RSIIndicator(new ClosePriceIndicator(s), 14)))
                .add("range_5", 5, w -> {
                    double hi = w.high(0);
                    double lo = w.low(0);
                    for (int i = 1; i < w.size(); i++) {
                        hi = Math.max(hi, w.high(i));
                        lo = Math.min(lo, w.low(i));
                    }
                    return (hi - lo) / w.close(0);
                })
                .build();
    }
}
