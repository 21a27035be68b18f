package dev.candlesignal.flink;

import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.indicators.FeatureSets;
import java.io.Serializable;

/**
 * Builds the feature set on the task manager from the feature set id the model declares. Serializable, as it ships
 * with the job. The default resolves the standard sets ({@link FeatureSets#byId}); a custom set must support state
 * snapshots ({@code SignalEngine.checkSnapshotSupport}), which the operator checks in {@code open()}.
 */
@FunctionalInterface
public interface FeatureSetFactory extends Serializable {

    /** The feature set with this id. */
    FeatureSet create(String featureSetId);

    /** {@link FeatureSets#byId}: standard28, standard14/takerFlow, standard14/orderBook(N). */
    static FeatureSetFactory standard() {
        return FeatureSets::byId;
    }
}
