package dev.candlesignal.training;

import dev.candlesignal.Candle;
import dev.candlesignal.StreamKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to train on and what to call the result: closed candles of one or several streams (all of one interval,
 * each in open-time order) and the bundle's identity. Gaps inside a stream are allowed: no training window spans a
 * gap. The whole list of each stream is used; a caller that wants a range passes that range.
 *
 * <p>Immutable (the map and lists are copied).
 *
 * @param modelId the bundle's model id
 * @param version the bundle's version
 * @param parentVersion the version this one replaces, or {@code null} for a first model
 * @param candles the candles per stream, in the order the streams should be listed in the manifest
 */
public record TrainingJob(String modelId, String version, String parentVersion, Map<StreamKey, List<Candle>> candles) {
    public TrainingJob {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(candles, "candles");
        if (modelId.isBlank()) {
            throw new IllegalArgumentException("modelId is blank");
        }
        if (version.isBlank()) {
            throw new IllegalArgumentException("version is blank");
        }
        if (candles.isEmpty()) {
            throw new IllegalArgumentException("a training job needs candles of at least one stream");
        }
        Map<StreamKey, List<Candle>> copy = new LinkedHashMap<>();
        candles.forEach((stream, list) -> copy.put(Objects.requireNonNull(stream, "stream"),
                List.copyOf(Objects.requireNonNull(list, () -> "candles of " + stream))));
        candles = java.util.Collections.unmodifiableMap(copy);
    }

    /** A job over one stream's candles. */
    public static TrainingJob of(String modelId, String version, StreamKey stream, List<Candle> candles) {
        return new TrainingJob(modelId, version, null, Map.of(stream, candles));
    }

    /** This job with another parent version. */
    public TrainingJob withParent(String parent) {
        return new TrainingJob(modelId, version, parent, candles);
    }
}
