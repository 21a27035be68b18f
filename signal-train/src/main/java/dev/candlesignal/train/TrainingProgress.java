package dev.candlesignal.train;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a training stands, as a {@link TrainingListener} sees it after a batch or an epoch.
 *
 * <p>Immutable.
 *
 * @param epoch the current epoch, from 1
 * @param maxEpochs the epoch limit (early stopping may end sooner)
 * @param batch the last batch done in this epoch, from 1
 * @param batches batches per epoch
 * @param trainLoss mean training loss of this epoch's batches so far
 * @param validationLoss the last finished epoch's validation loss (log loss), NaN before the first
 * @param bestEpoch the epoch with the lowest validation loss so far, 0 before the first
 * @param learningRate Adam's current learning rate
 * @param elapsed time since the first batch
 * @param remaining estimated time to the epoch limit at the pace so far (an upper bound when early stopping ends
 *     the training sooner)
 */
public record TrainingProgress(int epoch, int maxEpochs, int batch, int batches, double trainLoss,
        double validationLoss, int bestEpoch, double learningRate, Duration elapsed, Duration remaining) {
    public TrainingProgress {
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(remaining, "remaining");
    }

    /** The share of the epoch limit done, 0 to 1. */
    public double share() {
        return Math.min(1, ((epoch - 1) + batch / (double) batches) / maxEpochs);
    }
}
