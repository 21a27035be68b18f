package dev.candlesignal.djl;

import dev.candlesignal.Interval;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.model.Scaler;
import dev.candlesignal.model.TrainingInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Builds throw-away bundles in a temporary directory around a given TorchScript file. */
final class TestBundles {

    private TestBundles() {
    }

    /** A bundle in {@code dir} holding {@code torchscript} as {@code model.pt}, declaring {@code features} columns. */
    static ModelBundle withTorchScript(Path dir, Path torchscript, int features) throws Exception {
        return withTorchScript(dir, torchscript, features, 60);
    }

    /** The same, declaring windows of {@code sequenceLength} candles. */
    static ModelBundle withTorchScript(Path dir, Path torchscript, int features, int sequenceLength)
            throws Exception {
        Files.createDirectories(dir);
        Files.copy(torchscript, dir.resolve("model.pt"));
        return write(dir, features, sequenceLength);
    }

    /** A copy of the bundle directory {@code from} (its plain files) as {@code dir}. */
    static Path copy(Path from, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    /** The same with the module's bytes given. */
    static ModelBundle withTorchScript(Path dir, byte[] torchscript, int features) throws Exception {
        Files.createDirectories(dir);
        Files.write(dir.resolve("model.pt"), torchscript);
        return write(dir, features, 60);
    }

    /** A test resource under {@code torchscript/} copied to a file. */
    static Path resource(Path dir, String name) throws IOException {
        Path out = dir.resolve(name);
        try (InputStream in = Objects.requireNonNull(TestBundles.class.getResourceAsStream("/torchscript/" + name),
                name)) {
            Files.createDirectories(dir);
            Files.copy(in, out);
        }
        return out;
    }

    private static ModelBundle write(Path dir, int features, int sequenceLength) throws Exception {
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < features; i++) {
            columns.add("c" + i);
        }
        ModelManifest manifest = ModelManifest.builder()
                .modelId("test-" + features)
                .version("1")
                .createdAt(Instant.parse("2026-11-21T00:00:00Z"))
                .architecture("test module")
                .featureSet("test" + features, columns)
                .sequenceLength(sequenceLength)
                .scaler(Scaler.identity(features))
                .training(new TrainingInfo(List.of("BTCUSDT"), Interval.HOUR_1, Instant.parse("2000-01-01T00:00:00Z"),
                        Instant.parse("2000-01-02T00:00:00Z")))
                .weights(ModelManifest.TORCHSCRIPT, ModelBundle.describe(dir, "model.pt"))
                .build();
        return ModelBundle.write(dir, manifest);
    }
}
