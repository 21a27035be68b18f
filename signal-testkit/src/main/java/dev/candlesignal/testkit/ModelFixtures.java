package dev.candlesignal.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The committed model fixtures under {@code fixtures/models/} (made by {@code tools/models/make_fixtures.py}): small
 * bundles with random weights, each with a {@code reference.json} that holds input windows and the probabilities
 * PyTorch computed for them. Backends (ONNX Runtime, DJL) run {@link ModelContract} against them.
 *
 * <pre>{@code
 * Path bundle = ModelFixtures.bundle(ModelFixtures.LSTM28_X3);
 * ModelFixtures.Reference ref = ModelFixtures.reference(ModelFixtures.LSTM28_X3);
 * List<ReferenceCase> cases = ref.allCases();
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class ModelFixtures {

    /** LSTM(14, 64, 2) -> Linear -> sigmoid, default init with seed 14; ONNX only; outputs near 0.5. */
    public static final String LSTM14 = "lstm14";
    /** {@link #LSTM14} with every parameter x 3; ONNX and TorchScript. */
    public static final String LSTM14_X3 = "lstm14-x3";
    /** The seed's 28-feature model, default init with seed 28; ONNX only; outputs near 0.5. */
    public static final String LSTM28 = "lstm28";
    /** {@link #LSTM28} with every parameter x 3; ONNX and TorchScript. */
    public static final String LSTM28_X3 = "lstm28-x3";
    /** All fixture bundles. */
    public static final List<String> ALL = List.of(LSTM14, LSTM14_X3, LSTM28, LSTM28_X3);

    /** System property that overrides where the fixtures are (a directory holding the bundle directories). */
    public static final String ROOT_PROPERTY = "candlesignal.fixtures";

    private static final String RELATIVE = "fixtures/models";
    private static final int SEARCH_DEPTH = 4;

    private ModelFixtures() {
    }

    /**
     * The fixtures directory: {@code -Dcandlesignal.fixtures=DIR}, else the first {@code fixtures/models} found in
     * the working directory or up to four of its parents (tests run in a module directory; benchmarks from the
     * repository root).
     *
     * @throws IllegalStateException if there is none
     */
    public static Path root() {
        String override = System.getProperty(ROOT_PROPERTY);
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override).toAbsolutePath();
            if (!Files.isDirectory(p)) {
                throw new IllegalStateException(ROOT_PROPERTY + "=" + override + " is not a directory");
            }
            return p;
        }
        Path start = Path.of("").toAbsolutePath();
        Path dir = start;
        for (int i = 0; i <= SEARCH_DEPTH && dir != null; i++, dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no " + RELATIVE + " directory in " + start + " or its " + SEARCH_DEPTH
                + " parents; run from inside the candlesignal checkout or set -D" + ROOT_PROPERTY + "=DIR");
    }

    /** The directory of fixture bundle {@code name} (one of {@link #ALL}). */
    public static Path bundle(String name) {
        Objects.requireNonNull(name, "name");
        Path p = root().resolve(name);
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException("no fixture bundle '" + name + "' in " + root() + " (known: " + ALL
                    + ")");
        }
        return p;
    }

    /** Reads {@code reference.json} of fixture bundle {@code name}. */
    public static Reference reference(String name) {
        return read(bundle(name).resolve("reference.json"));
    }

    /**
     * Reads a reference file: {@code windows} (name, {@code sequenceLength * featureCount} values, row-major),
     * {@code cases} (a window name and its batch-1 probability) and {@code batches} (window names and the
     * probabilities computed for them in one batched call).
     *
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException if it is malformed
     */
    public static Reference read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model reference " + file, e);
        }
        Map<String, Object> root;
        try {
            // a test library may use Jackson; signal-api's own JSON codec is internal to that module
            root = object(new ObjectMapper().readValue(text, Object.class), "(root)", file);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        int sequenceLength = (int) number(root.get("sequenceLength"), "sequenceLength", file);
        int featureCount = (int) number(root.get("featureCount"), "featureCount", file);
        int size = sequenceLength * featureCount;
        Map<String, float[]> windows = new LinkedHashMap<>();
        for (Object o : list(root.get("windows"), "windows", file)) {
            Map<String, Object> w = object(o, "windows[]", file);
            String name = string(w.get("name"), "windows[].name", file);
            float[] values = floats(w.get("values"), "windows." + name, file);
            if (values.length != size) {
                throw new IllegalArgumentException(file + ": window " + name + " has " + values.length
                        + " values, expected " + sequenceLength + " x " + featureCount + " = " + size);
            }
            windows.put(name, values);
        }
        List<ReferenceCase> cases = new ArrayList<>();
        for (Object o : list(root.get("cases"), "cases", file)) {
            Map<String, Object> c = object(o, "cases[]", file);
            String name = string(c.get("name"), "cases[].name", file);
            cases.add(new ReferenceCase(name, window(windows, name, file),
                    (float) number(c.get("probability"), "cases." + name, file)));
        }
        List<Batch> batches = new ArrayList<>();
        for (Object o : list(root.get("batches"), "batches", file)) {
            Map<String, Object> b = object(o, "batches[]", file);
            String name = string(b.get("name"), "batches[].name", file);
            List<Object> names = list(b.get("windows"), "batches." + name + ".windows", file);
            float[] expected = floats(b.get("probabilities"), "batches." + name + ".probabilities", file);
            if (names.size() != expected.length) {
                throw new IllegalArgumentException(file + ": batch " + name + " has " + names.size() + " windows but "
                        + expected.length + " probabilities");
            }
            List<float[]> ws = new ArrayList<>();
            for (Object n : names) {
                ws.add(window(windows, string(n, "batches." + name + ".windows[]", file), file));
            }
            batches.add(new Batch(name, ws, expected));
        }
        if (cases.isEmpty()) {
            throw new IllegalArgumentException(file + ": no cases");
        }
        return new Reference(sequenceLength, featureCount, cases, batches);
    }

    /**
     * A fixture's reference data.
     *
     * <p>Immutable.
     *
     * @param sequenceLength rows per window
     * @param featureCount values per row
     * @param cases windows with the probability PyTorch computed for each alone (batch 1)
     * @param batches groups of windows with the probabilities PyTorch computed for them in one call
     */
    public record Reference(int sequenceLength, int featureCount, List<ReferenceCase> cases, List<Batch> batches) {
        public Reference {
            cases = List.copyOf(cases);
            batches = List.copyOf(batches);
        }

        /** The single cases followed by every batch member as its own case, named {@code batch[i]}. */
        public List<ReferenceCase> allCases() {
            List<ReferenceCase> all = new ArrayList<>(cases);
            for (Batch b : batches) {
                for (int i = 0; i < b.size(); i++) {
                    all.add(new ReferenceCase(b.name() + "[" + i + "]", b.window(i), b.expected(i)));
                }
            }
            return List.copyOf(all);
        }
    }

    /**
     * Windows predicted together, and the probabilities the reference computed for them in that one call.
     *
     * <p>Immutable: arrays are copied in and out.
     */
    public record Batch(String name, List<float[]> windows, float[] expected) {
        public Batch {
            Objects.requireNonNull(name, "name");
            windows = windows.stream().map(float[]::clone).toList();
            expected = expected.clone();
            if (windows.size() != expected.length) {
                throw new IllegalArgumentException("batch " + name + ": " + windows.size() + " windows but "
                        + expected.length + " probabilities");
            }
        }

        public int size() {
            return expected.length;
        }

        /** A copy of window {@code i}. */
        public float[] window(int i) {
            return windows.get(i).clone();
        }

        /** All windows, copied. */
        @Override
        public List<float[]> windows() {
            return windows.stream().map(float[]::clone).toList();
        }

        public float expected(int i) {
            return expected[i];
        }

        @Override
        public float[] expected() {
            return expected.clone();
        }
    }

    private static float[] window(Map<String, float[]> windows, String name, Path file) {
        float[] w = windows.get(name);
        if (w == null) {
            throw new IllegalArgumentException(file + ": no window named " + name + " (have " + windows.keySet() + ")");
        }
        return w;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object o, String what, Path file) {
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new IllegalArgumentException(file + ": " + what + " must be an object but is " + o);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o, String what, Path file) {
        if (o instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new IllegalArgumentException(file + ": " + what + " must be an array but is " + o);
    }

    private static String string(Object o, String what, Path file) {
        if (o instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(file + ": " + what + " must be a string but is " + o);
    }

    private static double number(Object o, String what, Path file) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(file + ": " + what + " must be a number but is " + o);
    }

    private static float[] floats(Object o, String what, Path file) {
        List<Object> l = list(o, what, file);
        float[] out = new float[l.size()];
        for (int i = 0; i < out.length; i++) {
            // the generator prints each float32 as a decimal that reads back exactly through double
            out[i] = (float) number(l.get(i), what + "[" + i + "]", file);
        }
        return out;
    }
}
