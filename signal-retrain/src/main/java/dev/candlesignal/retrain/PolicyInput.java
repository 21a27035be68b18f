package dev.candlesignal.retrain;

import dev.candlesignal.StreamKey;
import dev.candlesignal.journal.StreamStatistics;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link RetrainPolicy} sees of one stream served by one model version: the journal's statistics of that
 * version on that stream since its counters last restarted, how many candles in a row were out of the model's domain,
 * and when the stream's model was last retrained (or tried to be).
 *
 * <h2>Counters per model version</h2>
 * The counters restart whenever a decision is made for the stream: a promotion (a new version serves, whose
 * statistics start empty), a rejected challenger and a failed training (the same version keeps serving, and only
 * signals emitted after the decision count again). That is the fix of the reference bot's bug, whose cumulative win
 * rate never reset and so re-triggered a retraining after every outcome.
 *
 * <p>Immutable.
 *
 * @param stream the stream
 * @param modelId the serving model's id
 * @param modelVersion the serving model's version
 * @param now the loop's clock (candle time in a simulation)
 * @param countingSince signals emitted at or after this time count (the last decision, or the start)
 * @param statistics the resolved signals of this version on this stream since {@code countingSince}, computed by the
 *     journal's {@code JournalStatistics} with the policy's {@link RetrainPolicy#outcomeWindow()} as "the last N"
 * @param outOfDomainRun consecutive candles, up to now, whose windows the engine's domain guard found out of domain
 *     (since {@code countingSince})
 * @param lastDecision when the last retraining decision for this stream was made, whatever its verdict
 * @param failuresInARow how many of the stream's last decisions in a row failed (0 if the last one did not)
 */
public record PolicyInput(StreamKey stream, String modelId, String modelVersion, Instant now, Instant countingSince,
        StreamStatistics statistics, long outOfDomainRun, Optional<Instant> lastDecision, int failuresInARow) {
    public PolicyInput {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(countingSince, "countingSince");
        Objects.requireNonNull(statistics, "statistics");
        Objects.requireNonNull(lastDecision, "lastDecision");
        if (outOfDomainRun < 0 || failuresInARow < 0) {
            throw new IllegalArgumentException("outOfDomainRun and failuresInARow must be >= 0 but were "
                    + outOfDomainRun + " and " + failuresInARow);
        }
    }

    /** Resolved outcomes counted (since {@link #countingSince()}). */
    public long resolved() {
        return statistics.outcomes().resolved();
    }
}
