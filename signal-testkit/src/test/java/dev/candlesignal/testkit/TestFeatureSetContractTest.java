package dev.candlesignal.testkit;

import dev.candlesignal.feature.FeatureSet;

class TestFeatureSetContractTest extends FeatureSetContract {
    @Override
    protected FeatureSet featureSet() {
        return TestFeatureSet.withPeriod(5);
    }
}
