package dev.candlesignal.retrain;

import dev.candlesignal.StreamKey;
import dev.candlesignal.training.HeldOutScores;
import dev.candlesignal.training.RetrainDecision;

/**
 * Hears what a {@link RetrainLoop} does: a trigger, the phases of a retraining, the evaluation, and the decision
 * (promoted, rejected or failed). Every method has a no-op default.
 *
 * <p>{@link #onTrigger} is called on the engine thread that evaluated the candle; the others on the loop's retraining
 * thread. Keep them short. Exceptions are logged and ignored.
 */
public interface RetrainListener {

    /** The phases of one retraining, in order. */
    enum Phase {
        /** Fetching the stream's history from the candle source. */
        FETCHING,
        /** Training the challenger. */
        TRAINING,
        /** Saving the challenger in the store. */
        SAVING,
        /** Scoring champion and challenger on the held-out window. */
        EVALUATING,
        /** Moving the store's pointer and swapping the engine's model. */
        PROMOTING
    }

    /** The policy asked for a retraining of {@code modelId} because of {@code stream}; it is queued. */
    default void onTrigger(StreamKey stream, String modelId, Trigger trigger) {
    }

    /** A retraining reached {@code phase}; {@code detail} says what it is working on. */
    default void onProgress(String modelId, Phase phase, String detail) {
    }

    /** Champion and challenger were scored. */
    default void onEvaluated(String modelId, String challengerVersion, HeldOutScores scores) {
    }

    /** The challenger serves now. */
    default void onPromoted(RetrainDecision decision) {
    }

    /** The challenger did not beat the champion and the baselines; the champion keeps serving. */
    default void onRejected(RetrainDecision decision) {
    }

    /** The retraining failed; the champion keeps serving. */
    default void onFailed(RetrainDecision decision) {
    }
}
