package dev.candlesignal.model;

import dev.candlesignal.Interval;
import dev.candlesignal.ModelLoadException;
import dev.candlesignal.ModelLoadException.Reason;
import dev.candlesignal.internal.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The human-readable description of a model bundle ({@code manifest.json}): identity and lineage, the feature
 * set and window the model reads, its scaler, what it was trained to predict and on which data, its validation
 * metrics, and a SHA-256 per weights file. The format is documented in {@code docs/model-bundle.md}.
 *
 * <p>Immutable.
 *
 * @param formatVersion manifest format version; this library reads {@value #FORMAT_VERSION}
 * @param modelId model name
 * @param version model version
 * @param parentVersion version this one was retrained from, if any
 * @param createdAt when the bundle was made
 * @param architecture free-text description of the network, e.g. {@code lstm(28->128 x2)+mlp(64)}
 * @param featureSetId id of the feature set the model was trained on
 * @param columns the feature columns, in input order
 * @param sequenceLength candles per input window
 * @param scaler normalisation fitted on the training rows
 * @param label what the model predicts
 * @param training what it was trained on
 * @param metrics validation metrics by name (e.g. {@code val_accuracy}), and baselines
 * @param weights weights files by format ({@code onnx}, {@code torchscript})
 */
public record ModelManifest(
        int formatVersion,
        String modelId,
        String version,
        Optional<String> parentVersion,
        Instant createdAt,
        String architecture,
        String featureSetId,
        List<String> columns,
        int sequenceLength,
        Scaler scaler,
        LabelSpec label,
        TrainingInfo training,
        Map<String, Double> metrics,
        Map<String, WeightsFile> weights) {

    /** The manifest format version this library writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** Value of the manifest's {@code format} field. */
    public static final String FORMAT_NAME = "candlesignal-model";
    /** Weights format key for ONNX graphs. */
    public static final String ONNX = "onnx";
    /** Weights format key for TorchScript modules. */
    public static final String TORCHSCRIPT = "torchscript";

    public ModelManifest {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(parentVersion, "parentVersion");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(featureSetId, "featureSetId");
        Objects.requireNonNull(scaler, "scaler");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(training, "training");
        columns = List.copyOf(columns);
        metrics = Map.copyOf(metrics);
        weights = Map.copyOf(weights);
        // the spec checks the shape rules (columns vs scaler, sequence length)
        new ModelSpec(modelId, version, featureSetId, columns, sequenceLength, scaler);
    }

    /** The model's input specification. */
    public ModelSpec spec() {
        return new ModelSpec(modelId, version, featureSetId, columns, sequenceLength, scaler, Optional.of(training));
    }

    /** The weights file for a format, if the bundle has one. */
    public Optional<WeightsFile> weightsFor(String format) {
        return Optional.ofNullable(weights.get(format));
    }

    /** This manifest as JSON (the {@code manifest.json} form). */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT_NAME);
        root.put("formatVersion", formatVersion);
        root.put("modelId", modelId);
        root.put("version", version);
        root.put("parentVersion", parentVersion.<Object>map(v -> v).orElse(Json.NULL));
        root.put("createdAt", createdAt.toString());
        root.put("architecture", architecture);
        Map<String, Object> fs = new LinkedHashMap<>();
        fs.put("id", featureSetId);
        fs.put("columns", columns);
        root.put("featureSet", fs);
        root.put("sequenceLength", sequenceLength);
        Map<String, Object> sc = new LinkedHashMap<>();
        sc.put("type", "zscore");
        sc.put("means", toList(scaler.means()));
        sc.put("stds", toList(scaler.stds()));
        sc.put("epsilon", scaler.epsilon());
        root.put("scaler", sc);
        Map<String, Object> lb = new LinkedHashMap<>();
        lb.put("horizon", label.horizon());
        lb.put("threshold", label.threshold());
        root.put("label", lb);
        Map<String, Object> tr = new LinkedHashMap<>();
        tr.put("symbols", training.symbols());
        tr.put("interval", training.interval().wireName());
        tr.put("from", training.from().toString());
        tr.put("to", training.to().toString());
        root.put("training", tr);
        root.put("metrics", new java.util.TreeMap<>(metrics));
        Map<String, Object> ws = new LinkedHashMap<>();
        new java.util.TreeMap<>(weights).forEach((format, w) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("file", w.file());
            entry.put("sha256", w.sha256());
            entry.put("bytes", w.bytes());
            ws.put(format, entry);
        });
        root.put("weights", ws);
        return Json.write(root);
    }

    private static List<Double> toList(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double v : values) {
            list.add(v);
        }
        return list;
    }

    /**
     * Parses and validates a manifest.
     *
     * @param source where the text came from, for messages
     * @throws ModelLoadException with {@link Reason#MALFORMED_MANIFEST} or {@link Reason#UNSUPPORTED_FORMAT}
     */
    public static ModelManifest fromJson(String json, String source) throws ModelLoadException {
        Object parsed;
        try {
            parsed = Json.parse(json);
        } catch (Json.ParseException e) {
            throw new ModelLoadException(Reason.MALFORMED_MANIFEST, source + ": not valid JSON: " + e.getMessage(), e);
        }
        Fields root = new Fields(source, "", parsed);
        String format = root.string("format");
        if (!FORMAT_NAME.equals(format)) {
            throw new ModelLoadException(Reason.UNSUPPORTED_FORMAT, source + ": expected format \"" + FORMAT_NAME
                    + "\" but found \"" + format + "\"");
        }
        int formatVersion = root.integer("formatVersion");
        if (formatVersion != FORMAT_VERSION) {
            throw new ModelLoadException(Reason.UNSUPPORTED_FORMAT, source + ": bundle format version "
                    + formatVersion + " is not supported (this library reads version " + FORMAT_VERSION + ")");
        }
        try {
            Fields fs = root.object("featureSet");
            Fields sc = root.object("scaler");
            String scalerType = sc.string("type");
            if (!"zscore".equals(scalerType)) {
                throw root.malformed("scaler.type", "expected \"zscore\" but found \"" + scalerType + "\"");
            }
            Scaler scaler = new Scaler(sc.doubles("means"), sc.doubles("stds"), sc.number("epsilon"));
            Fields lb = root.object("label");
            Fields tr = root.object("training");
            Map<String, Double> metrics = new LinkedHashMap<>();
            Fields m = root.object("metrics");
            for (String key : m.keys()) {
                metrics.put(key, m.number(key));
            }
            Map<String, WeightsFile> weights = new LinkedHashMap<>();
            Fields w = root.object("weights");
            for (String key : w.keys()) {
                Fields entry = w.object(key);
                weights.put(key, new WeightsFile(entry.string("file"), entry.string("sha256"), entry.integer("bytes")));
            }
            if (weights.isEmpty()) {
                throw root.malformed("weights", "a bundle needs at least one weights file");
            }
            return new ModelManifest(
                    formatVersion,
                    root.string("modelId"),
                    root.string("version"),
                    root.optionalString("parentVersion"),
                    root.instant("createdAt"),
                    root.string("architecture"),
                    fs.string("id"),
                    fs.strings("columns"),
                    root.integer("sequenceLength"),
                    scaler,
                    new LabelSpec(lb.integer("horizon"), lb.number("threshold")),
                    new TrainingInfo(tr.strings("symbols"), tr.interval("interval"), tr.instant("from"), tr.instant("to")),
                    metrics,
                    weights);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(Reason.MALFORMED_MANIFEST, source + ": " + e.getMessage(), e);
        }
    }

    /** Typed access to a parsed JSON object, with errors that name the field path. */
    private record Fields(String source, String path, Object value) {

        ModelLoadException malformed(String field, String detail) {
            return new ModelLoadException(Reason.MALFORMED_MANIFEST, source + ": field '" + field + "': " + detail);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> map() throws ModelLoadException {
            if (value instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
            throw malformed(path.isEmpty() ? "(root)" : path, "expected an object");
        }

        List<String> keys() throws ModelLoadException {
            return List.copyOf(map().keySet());
        }

        Object get(String key) throws ModelLoadException {
            Object v = map().get(key);
            if (v == null) {
                throw malformed(qualified(key), "missing");
            }
            return v;
        }

        String qualified(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        Fields object(String key) throws ModelLoadException {
            return new Fields(source, qualified(key), get(key));
        }

        String string(String key) throws ModelLoadException {
            if (get(key) instanceof String s) {
                return s;
            }
            throw malformed(qualified(key), "expected a string but found " + get(key));
        }

        Optional<String> optionalString(String key) throws ModelLoadException {
            Object v = map().get(key);
            if (v == null || v == Json.NULL) {
                return Optional.empty();
            }
            return Optional.of(string(key));
        }

        double number(String key) throws ModelLoadException {
            if (get(key) instanceof Double d) {
                return d;
            }
            throw malformed(qualified(key), "expected a number but found " + get(key));
        }

        int integer(String key) throws ModelLoadException {
            double d = number(key);
            if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
                throw malformed(qualified(key), "expected an integer but found " + d);
            }
            return (int) d;
        }

        Instant instant(String key) throws ModelLoadException {
            String s = string(key);
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                throw malformed(qualified(key), "expected an ISO-8601 instant such as 2026-01-31T00:00:00Z but found \""
                        + s + "\"");
            }
        }

        Interval interval(String key) throws ModelLoadException {
            try {
                return Interval.fromWireName(string(key));
            } catch (IllegalArgumentException e) {
                throw malformed(qualified(key), e.getMessage());
            }
        }

        List<Object> list(String key) throws ModelLoadException {
            if (get(key) instanceof List<?> l) {
                return List.copyOf(l);
            }
            throw malformed(qualified(key), "expected an array");
        }

        List<String> strings(String key) throws ModelLoadException {
            List<String> out = new ArrayList<>();
            for (Object o : list(key)) {
                if (!(o instanceof String s)) {
                    throw malformed(qualified(key), "expected strings but found " + o);
                }
                out.add(s);
            }
            return out;
        }

        double[] doubles(String key) throws ModelLoadException {
            List<Object> l = list(key);
            double[] out = new double[l.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(l.get(i) instanceof Double d)) {
                    throw malformed(qualified(key), "expected numbers but element " + i + " is " + l.get(i));
                }
                out[i] = d;
            }
            return out;
        }
    }

    /** A builder for new manifests, e.g. when a model is trained or converted in Java. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this manifest's values, for a new version. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.modelId = modelId;
        b.version = version;
        b.parentVersion = parentVersion.orElse(null);
        b.createdAt = createdAt;
        b.architecture = architecture;
        b.featureSetId = featureSetId;
        b.columns = columns;
        b.sequenceLength = sequenceLength;
        b.scaler = scaler;
        b.label = label;
        b.training = training;
        b.metrics = new LinkedHashMap<>(metrics);
        b.weights = new LinkedHashMap<>(weights);
        return b;
    }

    /**
     * Builds a {@link ModelManifest}. Required: model id, version, created-at, architecture, feature set id and
     * columns, sequence length, scaler, label, training info and at least one weights file.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private String modelId;
        private String version;
        private String parentVersion;
        private Instant createdAt;
        private String architecture;
        private String featureSetId;
        private List<String> columns;
        private int sequenceLength;
        private Scaler scaler;
        private LabelSpec label = LabelSpec.nextCandleUp();
        private TrainingInfo training;
        private Map<String, Double> metrics = new LinkedHashMap<>();
        private Map<String, WeightsFile> weights = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder modelId(String modelId) {
            this.modelId = Objects.requireNonNull(modelId, "modelId");
            return this;
        }

        public Builder version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /** The version this model was derived from, or {@code null} for none. */
        public Builder parentVersion(String parentVersion) {
            this.parentVersion = parentVersion;
            return this;
        }

        public Builder createdAt(Instant createdAt) {
            this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
            return this;
        }

        public Builder architecture(String architecture) {
            this.architecture = Objects.requireNonNull(architecture, "architecture");
            return this;
        }

        public Builder featureSet(String featureSetId, List<String> columns) {
            this.featureSetId = Objects.requireNonNull(featureSetId, "featureSetId");
            this.columns = List.copyOf(columns);
            return this;
        }

        public Builder sequenceLength(int sequenceLength) {
            if (sequenceLength < 1) {
                throw new IllegalArgumentException("sequenceLength must be >= 1 but was " + sequenceLength);
            }
            this.sequenceLength = sequenceLength;
            return this;
        }

        public Builder scaler(Scaler scaler) {
            this.scaler = Objects.requireNonNull(scaler, "scaler");
            return this;
        }

        public Builder label(LabelSpec label) {
            this.label = Objects.requireNonNull(label, "label");
            return this;
        }

        public Builder training(TrainingInfo training) {
            this.training = Objects.requireNonNull(training, "training");
            return this;
        }

        public Builder metric(String name, double value) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("metric '" + name + "' must be finite but was " + value);
            }
            metrics.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        public Builder weights(String format, WeightsFile file) {
            weights.put(Objects.requireNonNull(format, "format"), Objects.requireNonNull(file, "file"));
            return this;
        }

        /** @throws IllegalArgumentException naming the first missing or inconsistent field */
        public ModelManifest build() {
            require(modelId, "modelId");
            require(version, "version");
            require(createdAt, "createdAt");
            require(architecture, "architecture");
            require(featureSetId, "featureSet");
            require(scaler, "scaler");
            require(training, "training");
            if (sequenceLength < 1) {
                throw new IllegalArgumentException("sequenceLength is required");
            }
            if (weights.isEmpty()) {
                throw new IllegalArgumentException("a bundle needs at least one weights file");
            }
            return new ModelManifest(FORMAT_VERSION, modelId, version, Optional.ofNullable(parentVersion), createdAt,
                    architecture, featureSetId, columns, sequenceLength, scaler, label, training, metrics, weights);
        }

        private static void require(Object value, String name) {
            if (value == null) {
                throw new IllegalArgumentException(name + " is required");
            }
        }
    }
}
