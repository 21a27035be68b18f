package dev.candlesignal.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a model needs as input: the feature set it was trained on (id and ordered columns), the window length,
 * and the scaler it carries. The engine refuses a model whose spec does not match its feature set.
 *
 * <p>Immutable.
 *
 * @param modelId the model's name, e.g. {@code btcusdt-1h-standard14}
 * @param version the model's version, e.g. {@code 3} or {@code 2026-11-21T10:00Z}
 * @param featureSetId the {@link dev.candlesignal.feature.FeatureSet#id()} the model was trained on
 * @param columns the feature columns in input order
 * @param sequenceLength number of candles per input window
 * @param scaler the normalisation fitted on the model's training rows
 * @param training the data the model was trained on (symbols, interval, time range), when known: a bundle's
 *     manifest always records it. The engine refuses candles of another interval and warns about streams of other
 *     symbols; a model without it (a test model, a hand-built one) is served on any stream.
 */
public record ModelSpec(String modelId, String version, String featureSetId, List<String> columns, int sequenceLength,
        Scaler scaler, Optional<TrainingInfo> training) {

    /** A spec without training information. */
    public ModelSpec(String modelId, String version, String featureSetId, List<String> columns, int sequenceLength,
            Scaler scaler) {
        this(modelId, version, featureSetId, columns, sequenceLength, scaler, Optional.empty());
    }

    public ModelSpec {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(featureSetId, "featureSetId");
        Objects.requireNonNull(scaler, "scaler");
        Objects.requireNonNull(training, "training");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one feature column");
        }
        if (sequenceLength < 1) {
            throw new IllegalArgumentException("sequenceLength must be >= 1 but was " + sequenceLength);
        }
        if (scaler.columns() != columns.size()) {
            throw new IllegalArgumentException("scaler has " + scaler.columns() + " columns but the model has "
                    + columns.size() + " feature columns");
        }
    }

    /** This spec with {@code training} as its training information. */
    public ModelSpec withTraining(TrainingInfo training) {
        return new ModelSpec(modelId, version, featureSetId, columns, sequenceLength, scaler,
                Optional.of(Objects.requireNonNull(training, "training")));
    }

    /** Number of feature columns. */
    public int featureCount() {
        return columns.size();
    }

    /** Input values per window: {@code sequenceLength * featureCount}. */
    public int windowSize() {
        return sequenceLength * columns.size();
    }

    /** E.g. {@code [60, 28] (standard28)}. */
    public String shapeDescription() {
        return "[" + sequenceLength + ", " + columns.size() + "] (" + featureSetId + ")";
    }
}
