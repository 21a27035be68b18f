package dev.candlesignal.retrain;

import dev.candlesignal.StreamKey;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a stream stands in a {@link RetrainLoop}: which version serves it, its counters since they last restarted,
 * whether a retraining is under way for its model, and whether its model is past the age limit.
 *
 * <p>Immutable.
 *
 * @param stream the stream
 * @param modelId the serving model's id
 * @param modelVersion the serving version
 * @param countingSince signals emitted from this time on are counted
 * @param resolvedOutcomes resolved outcomes counted
 * @param outOfDomainRun consecutive out-of-domain candles up to now
 * @param lastDecision when the last decision for this stream was made
 * @param retraining whether a retraining of its model is queued or running
 * @param stale whether its model is older than the loop's {@link AgeLimit}
 * @param stopped whether its signals are stopped because of that ({@link AgeLimit.Action#STOP})
 */
public record StreamRetrainStatus(StreamKey stream, String modelId, String modelVersion, Instant countingSince,
        long resolvedOutcomes, long outOfDomainRun, Optional<Instant> lastDecision, boolean retraining, boolean stale,
        boolean stopped) {
    public StreamRetrainStatus {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(countingSince, "countingSince");
        Objects.requireNonNull(lastDecision, "lastDecision");
    }
}
