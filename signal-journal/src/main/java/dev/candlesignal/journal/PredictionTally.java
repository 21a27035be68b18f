package dev.candlesignal.journal;

import dev.candlesignal.StreamKey;
import java.time.Instant;
import java.util.Objects;

/**
 * What one stream saw of one model version, counted rather than stored row by row (a year of 1h candles on 1,000
 * streams would otherwise be 9 million rows): how many predictions ended as a signal, a HOLD or a suppressed
 * signal, and the quality of the probabilities (all of them, and the last few in {@link #recent()}).
 *
 * <p>A tally is a snapshot: the journal keeps the one with the latest {@link #asOf()} per key, so writing an older
 * snapshot again (a replay) changes nothing.
 *
 * <p>Immutable.
 *
 * @param stream the stream
 * @param modelId the model's id
 * @param modelVersion the model's version
 * @param asOf open time of the candle after which this snapshot was taken
 * @param signals emitted BUYs and SELLs
 * @param holds HOLD decisions
 * @param suppressed BUYs and SELLs suppressed by the cooldown
 * @param predictions probability quality over every scored prediction
 * @param recent the last scored predictions
 */
public record PredictionTally(StreamKey stream, String modelId, String modelVersion, Instant asOf, long signals,
        long holds, long suppressed, ProbabilityStats predictions, RecentPredictions recent) {

    /** The order of journal listings: symbol, interval (shortest first), model id, version. */
    public static final java.util.Comparator<PredictionTally> ORDER = java.util.Comparator
            .comparing((PredictionTally t) -> t.stream().symbol())
            .thenComparing(t -> t.stream().interval())
            .thenComparing(PredictionTally::modelId)
            .thenComparing(PredictionTally::modelVersion);

    public PredictionTally {
        Objects.requireNonNull(stream, "stream");
        JournalEntry.requireText("modelId", modelId);
        JournalEntry.requireText("modelVersion", modelVersion);
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(predictions, "predictions");
        Objects.requireNonNull(recent, "recent");
        JournalEntry.requireMillis("asOf", asOf);
        if (signals < 0 || holds < 0 || suppressed < 0) {
            throw new IllegalArgumentException("counts must be >= 0 but were signals " + signals + ", holds " + holds
                    + ", suppressed " + suppressed);
        }
        if (recent.size() > predictions.count()) {
            throw new IllegalArgumentException("recent holds " + recent.size() + " predictions but only "
                    + predictions.count() + " were scored");
        }
    }

    /** Nothing counted yet, keeping the last {@code window} predictions. */
    public static PredictionTally empty(StreamKey stream, String modelId, String modelVersion, Instant asOf,
            int window) {
        return new PredictionTally(stream, modelId, modelVersion, asOf, 0, 0, 0, ProbabilityStats.EMPTY,
                RecentPredictions.empty(window));
    }

    /** The key a journal stores it under. */
    public TallyKey key() {
        return new TallyKey(stream, modelId, modelVersion);
    }

    /**
     * Identifies a tally: stream, model id and version.
     *
     * <p>Immutable.
     */
    public record TallyKey(StreamKey stream, String modelId, String modelVersion) {
        public TallyKey {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(modelId, "modelId");
            Objects.requireNonNull(modelVersion, "modelVersion");
        }
    }
}
