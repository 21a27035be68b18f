package dev.candlesignal.journal;

import dev.candlesignal.StreamKey;
import java.util.Objects;

/**
 * The statistics of one stream under one model version: its signals' outcomes over all resolved signals and over
 * the last {@link #window()}, and the quality of its probabilities over every scored prediction and the last
 * {@link #window()}. What {@code candlesignal stats} prints and what a retraining decision reads.
 *
 * <p>Immutable.
 *
 * @param stream the stream
 * @param modelId the model's id
 * @param modelVersion the model's version
 * @param window N of "the last N"
 * @param signals journaled BUYs and SELLs
 * @param pending those not resolved yet
 * @param holds HOLD decisions (counted, not journaled one by one)
 * @param suppressed signals suppressed by the cooldown
 * @param outcomes every resolved signal
 * @param recentOutcomes the last {@code window} resolved signals (by signal time)
 * @param predictions every scored prediction
 * @param recentPredictions the last {@code window} scored predictions (or fewer, if the journal kept fewer)
 */
public record StreamStatistics(StreamKey stream, String modelId, String modelVersion, int window, long signals,
        long pending, long holds, long suppressed, OutcomeStats outcomes, OutcomeStats recentOutcomes,
        ProbabilityStats predictions, ProbabilityStats recentPredictions) {

    public StreamStatistics {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(outcomes, "outcomes");
        Objects.requireNonNull(recentOutcomes, "recentOutcomes");
        Objects.requireNonNull(predictions, "predictions");
        Objects.requireNonNull(recentPredictions, "recentPredictions");
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1 but was " + window);
        }
        if (signals < 0 || pending < 0 || pending > signals || holds < 0 || suppressed < 0) {
            throw new IllegalArgumentException("inconsistent counts: signals " + signals + ", pending " + pending
                    + ", holds " + holds + ", suppressed " + suppressed);
        }
    }
}
