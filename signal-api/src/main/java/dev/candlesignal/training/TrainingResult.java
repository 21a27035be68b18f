package dev.candlesignal.training;

import dev.candlesignal.model.ModelManifest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A finished training: where its bundle is, its manifest (training range, label, split, seed, metrics), how many
 * epochs ran and which one's weights were kept, and how long it took.
 *
 * @param bundleDir the bundle directory written
 * @param manifest the bundle's manifest, as written
 * @param epochsRun epochs run before early stopping or the epoch limit
 * @param bestEpoch the epoch (1-based) whose weights the bundle holds: the lowest validation loss
 * @param validationMetrics the best epoch's validation metrics and the baselines', as in the manifest
 * @param wallTime time from the call to the written bundle
 */
public record TrainingResult(Path bundleDir, ModelManifest manifest, int epochsRun, int bestEpoch,
        Map<String, Double> validationMetrics, Duration wallTime) {
    public TrainingResult {
        Objects.requireNonNull(bundleDir, "bundleDir");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(wallTime, "wallTime");
        validationMetrics = Map.copyOf(validationMetrics);
        if (epochsRun < 1 || bestEpoch < 1 || bestEpoch > epochsRun) {
            throw new IllegalArgumentException(
                    "best epoch " + bestEpoch + " is not among the " + epochsRun + " epochs run");
        }
    }
}
