package dev.candlesignal.train.internal;

/**
 * What happens after each epoch, from its validation loss: the learning rate schedule of PyTorch's
 * {@code ReduceLROnPlateau(mode="min", factor, patience, threshold=1e-4, threshold_mode="rel", cooldown=0,
 * min_lr=0, eps=1e-8)} that the seed used (patience 10, factor 0.5), and early stopping as {@code tools/train} does
 * it: an epoch improves when its loss is strictly below the best so far; training stops after {@code patience}
 * epochs in a row without improvement, and the best epoch's weights are the result.
 *
 * <p>Not thread-safe; confined to one training.
 */
public final class EpochRules {
    private static final double PLATEAU_THRESHOLD = 1e-4;
    private static final double PLATEAU_EPS = 1e-8;

    private final int plateauPatience;
    private final double plateauFactor;
    private final int stoppingPatience;
    private double learningRate;
    private double plateauBest = Double.POSITIVE_INFINITY;
    private int plateauBad;
    private double best = Double.POSITIVE_INFINITY;
    private int bestEpoch;
    private int stale;
    private int epochs;

    public EpochRules(double learningRate, int plateauPatience, double plateauFactor, int stoppingPatience) {
        this.learningRate = learningRate;
        this.plateauPatience = plateauPatience;
        this.plateauFactor = plateauFactor;
        this.stoppingPatience = stoppingPatience;
    }

    /**
     * Records an epoch's validation loss.
     *
     * @return whether it is the best so far (its weights are to be kept)
     */
    public boolean epoch(double validationLoss) {
        epochs++;
        // the scheduler (relative threshold, as PyTorch's default)
        if (validationLoss < plateauBest * (1 - PLATEAU_THRESHOLD)) {
            plateauBest = validationLoss;
            plateauBad = 0;
        } else {
            plateauBad++;
        }
        if (plateauBad > plateauPatience) {
            double reduced = learningRate * plateauFactor;
            if (learningRate - reduced > PLATEAU_EPS) {
                learningRate = reduced;
            }
            plateauBad = 0;
        }
        // early stopping (strict improvement, as tools/train)
        if (validationLoss < best) {
            best = validationLoss;
            bestEpoch = epochs;
            stale = 0;
            return true;
        }
        stale++;
        return false;
    }

    /** Whether training should stop: {@code patience} epochs in a row without improvement. */
    public boolean shouldStop() {
        return stale >= stoppingPatience;
    }

    /** The learning rate for the next epoch. */
    public double learningRate() {
        return learningRate;
    }

    /** The best (lowest) validation loss so far. */
    public double bestLoss() {
        return best;
    }

    /** The 1-based epoch of the best loss; 0 before the first epoch. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** Epochs recorded. */
    public int epochs() {
        return epochs;
    }
}
