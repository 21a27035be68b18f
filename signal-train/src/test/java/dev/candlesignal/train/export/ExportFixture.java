package dev.candlesignal.train.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fixture of {@code fixtures/export/} (made by {@code tools/models/make_export_fixtures.py}): int8 weights and
 * windows, and PyTorch's outputs for the weights at scale 1 and 3.
 */
record ExportFixture(String name, JsonNode meta, byte[] raw) {

    static final List<String> NAMES = List.of("lstm14-w14", "lstm14-w7", "lstm28-w28", "tiny-lstm14", "tiny-lstm28");
    static final double[] SCALES = {1.0, 3.0};

    static ExportFixture load(String name) {
        Path dir = repoRoot().resolve("fixtures/export");
        try {
            JsonNode meta = new ObjectMapper().readTree(dir.resolve(name + ".json").toFile());
            return new ExportFixture(name, meta, Files.readAllBytes(dir.resolve(name + ".bin")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The checkout's root: the first directory upwards with {@code fixtures/export}. */
    static Path repoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("fixtures/export"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no fixtures/export above " + Path.of("").toAbsolutePath());
    }

    Architecture architecture() {
        return Architecture.byId(meta.get("architecture").asText());
    }

    int inputSize() {
        return meta.get("inputSize").asInt();
    }

    int sequenceLength() {
        return meta.get("sequenceLength").asInt();
    }

    int windowCount() {
        return meta.get("windows").asInt();
    }

    int batch() {
        return meta.get("batch").asInt();
    }

    String describe() {
        return meta.get("describe").asText();
    }

    /** The weights times {@code scale} (exact: the int8 values times a power of two, times 1 or 3). */
    LstmWeights weights(double scale) {
        Map<String, float[]> tensors = new LinkedHashMap<>();
        float factor = (float) (meta.get("weightScale").asDouble() * scale);
        int at = 0;
        for (JsonNode t : meta.get("tensors")) {
            int n = 1;
            for (JsonNode d : t.get("shape")) {
                n *= d.asInt();
            }
            float[] values = new float[n];
            for (int i = 0; i < n; i++) {
                values[i] = raw[at++] * factor;
            }
            tensors.put(t.get("name").asText(), values);
        }
        return new LstmWeights(architecture(), inputSize(), meta.get("hiddenSize").asInt(),
                meta.get("numLayers").asInt(), meta.get("headSize").asInt(), tensors);
    }

    /** Window {@code i}: {@code sequenceLength x inputSize} values, row-major. */
    float[] window(int i) {
        int size = sequenceLength() * inputSize();
        int start = raw.length - windowCount() * size + i * size;
        float scale = (float) meta.get("windowScale").asDouble();
        float[] w = new float[size];
        for (int j = 0; j < size; j++) {
            w[j] = raw[start + j] * scale;
        }
        return w;
    }

    List<float[]> windows() {
        List<float[]> all = new ArrayList<>();
        for (int i = 0; i < windowCount(); i++) {
            all.add(window(i));
        }
        return all;
    }

    /** PyTorch's outputs for weight scale {@code scale}: {@code batch1}, {@code batch8} or {@code float64}. */
    double[] expected(double scale, String kind) {
        for (JsonNode c : meta.get("cases")) {
            if (c.get("scale").asDouble() == scale) {
                double[] out = new double[windowCount()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = c.get(kind).get(i).asDouble();
                }
                return out;
            }
        }
        throw new IllegalArgumentException("fixture " + name + " has no case for scale " + scale);
    }

    @Override
    public String toString() {
        return name;
    }
}
