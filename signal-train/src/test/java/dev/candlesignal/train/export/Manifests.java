package dev.candlesignal.train.export;

import dev.candlesignal.Interval;
import dev.candlesignal.model.LabelSpec;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.model.Scaler;
import dev.candlesignal.model.TrainingInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Manifest builders for test bundles: what a trainer fills in, for {@code columns} features. */
final class Manifests {
    private Manifests() {
    }

    static ModelManifest.Builder builder(int columns, int sequenceLength) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            names.add("f" + i);
        }
        double[] means = new double[columns];
        double[] stds = new double[columns];
        Arrays.fill(stds, 1.0);
        return ModelManifest.builder()
                .modelId("export-test")
                .version("1")
                .createdAt(Instant.parse("2026-11-21T00:00:00Z"))
                .featureSet("test" + columns, names)
                .sequenceLength(sequenceLength)
                .scaler(new Scaler(means, stds, 0.0))
                .label(new LabelSpec(1, 0.0))
                .training(new TrainingInfo(List.of("BTCUSDT"), Interval.HOUR_1,
                        Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2020-07-01T00:00:00Z")))
                .metric("val_accuracy", 0.5);
    }
}
