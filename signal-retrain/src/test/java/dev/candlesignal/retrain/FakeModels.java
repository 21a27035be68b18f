package dev.candlesignal.retrain;

import dev.candlesignal.Candle;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.model.Scaler;
import dev.candlesignal.model.TrainingInfo;
import dev.candlesignal.testkit.BundleCopy;
import dev.candlesignal.testkit.ModelFixtures;
import dev.candlesignal.testkit.TestModel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * Real bundles for fake models: a copy of the lstm14 fixture's weights under a manifest that describes a model of
 * the test feature set, with a {@code fake_skill} metric that {@link #opener()} turns into a {@link TestModel}:
 * {@code p(up) = 0.5 - 0.4 * skill * sign(newest return)}. On {@link Zigzag} candles, skill 1 is right nine times in
 * ten, 0 is a coin, -1 is wrong. Thread-safe.
 */
final class FakeModels {
    static final String MODEL = "zigzag";
    static final String SKILL = "fake_skill";

    final FeatureSet featureSet;
    final int sequenceLength;
    /** Every model the opener opened, in order. */
    final List<TestModel> opened = new CopyOnWriteArrayList<>();

    FakeModels(FeatureSet featureSet, int sequenceLength) {
        this.featureSet = featureSet;
        this.sequenceLength = sequenceLength;
    }

    /** A bundle of {@code version} trained on {@code candles}, with {@code skill}, its scaler fitted on them. */
    ModelBundle bundle(Path target, String version, String parent, List<Candle> candles, double skill,
            UnaryOperator<ModelManifest.Builder> change) {
        double[][] rows = featureSet.compute(candles);
        Scaler scaler = Scaler.fit(rows, 0, rows.length, featureSet.columns(), Scaler.DEFAULT_EPSILON);
        Candle first = candles.get(0);
        Candle last = candles.get(candles.size() - 1);
        TrainingInfo training = new TrainingInfo(List.of("BTCUSDT"), dev.candlesignal.Interval.HOUR_1,
                first.openTime(), dev.candlesignal.Interval.HOUR_1.next(last.openTime()));
        return BundleCopy.of(ModelFixtures.bundle(ModelFixtures.LSTM14), target, m -> change.apply(m.modelId(MODEL)
                .version(version).parentVersion(parent).createdAt(training.to()).architecture("fake")
                .featureSet(featureSet.id(), featureSet.columns()).sequenceLength(sequenceLength).scaler(scaler)
                .training(training).metric(SKILL, skill)));
    }

    /** Opens a fake bundle as a {@link TestModel} that answers by its skill, with the bundle's own scaler. */
    ModelOpener opener() {
        return bundle -> {
            TestModel m = model(bundle.manifest());
            opened.add(m);
            return m;
        };
    }

    static TestModel model(ModelManifest manifest) {
        double skill = manifest.metrics().getOrDefault(SKILL, 0.0);
        return TestModel.ofNewestFirstFeature(manifest.spec(), x -> 0.5 - 0.4 * skill * Math.signum(x));
    }

}
