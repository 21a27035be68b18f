package dev.candlesignal.indicators;

import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.testkit.FeatureSetContract;

/** The test kit's contract for standard14/takerFlow. */
class Standard14TakerFlowContractTest extends FeatureSetContract {
    @Override
    protected FeatureSet featureSet() {
        return FeatureSets.standard14();
    }
}
