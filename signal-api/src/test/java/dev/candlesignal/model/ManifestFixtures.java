package dev.candlesignal.model;

import dev.candlesignal.Interval;
import dev.candlesignal.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** A small valid bundle on disk for manifest and bundle tests. */
final class ManifestFixtures {
    private ManifestFixtures() {
    }

    static ModelManifest.Builder builder(WeightsFile weights) {
        return withoutWeights().weights(ModelManifest.ONNX, weights);
    }

    /** Everything but the weights. */
    static ModelManifest.Builder withoutWeights() {
        return ModelManifest.builder()
                .modelId("m")
                .version("2")
                .parentVersion("1")
                .createdAt(Instant.parse("2026-11-21T10:00:00Z"))
                .architecture("lstm(3->4)")
                .featureSet("test3@3", List.of("a", "b", "c"))
                .sequenceLength(5)
                .scaler(new Scaler(new double[] {1, 2, 3}, new double[] {0.5, 1, 1.5}, 1e-8))
                .label(new LabelSpec(1, 0.0))
                .training(new TrainingInfo(List.of("BTCUSDT"), Interval.HOUR_1, Instant.parse("2019-07-01T00:00:00Z"),
                        Instant.parse("2020-03-01T00:00:00Z")))
                .metric("val_accuracy", 0.52)
                .metric("val_f1", 0.5);
    }

    /** Writes weights bytes and a manifest into {@code dir}; returns the loaded bundle. */
    static ModelBundle writeBundle(Path dir) throws IOException, ModelLoadException {
        Files.write(dir.resolve("model.onnx"), "pretend this is an onnx graph".getBytes());
        WeightsFile w = ModelBundle.describe(dir, "model.onnx");
        return ModelBundle.write(dir, builder(w).build());
    }
}
