package dev.candlesignal.train;

/**
 * Receives a training's progress, on the training's thread: keep it short (a progress bar redraws itself at most a
 * few times a second). An exception it throws is logged and ignored; to stop a training, interrupt its thread.
 */
public interface TrainingListener {

    /** After every batch. */
    default void onBatch(TrainingProgress progress) {
    }

    /** After every epoch's validation; {@code improved} when its weights are the best so far. */
    default void onEpoch(TrainingProgress progress, boolean improved) {
    }

    /** A listener that does nothing. */
    static TrainingListener none() {
        return new TrainingListener() {
        };
    }
}
