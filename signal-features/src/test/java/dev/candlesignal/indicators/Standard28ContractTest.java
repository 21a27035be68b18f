package dev.candlesignal.indicators;

import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.testkit.FeatureSetContract;

/** The test kit's contract for standard28; streaming and batch must agree bit for bit (tolerance 0). */
class Standard28ContractTest extends FeatureSetContract {
    @Override
    protected FeatureSet featureSet() {
        return FeatureSets.standard28();
    }
}
