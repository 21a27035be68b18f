package dev.candlesignal.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** Copies of the demo bundle with an edited manifest, for tests. */
final class DemoBundles {
    static final Path DEMO = Path.of("../models/demo-btcusdt-1h");

    private DemoBundles() {
    }

    /** The demo bundle copied to {@code dir}, its manifest text edited. */
    static Path copy(Path dir, UnaryOperator<String> editManifest) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(DEMO)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, dir.resolve(f.getFileName().toString()));
            }
        }
        Path manifest = dir.resolve("manifest.json");
        String text = Files.readString(manifest);
        String edited = editManifest.apply(text);
        if (edited.equals(text)) {
            throw new IllegalArgumentException("the edit changed nothing");
        }
        Files.writeString(manifest, edited);
        return dir;
    }

    /** The demo bundle with TorchScript weights only. */
    static Path torchScriptOnly(Path dir) throws IOException {
        Path b = copy(dir, s -> s.replaceAll("\"onnx\": \\{[^}]*\\},\\s*", ""));
        Files.delete(b.resolve("model.onnx"));
        return b;
    }

    /** The demo bundle declaring the standard14 set with an order-book imbalance of {@code levels} levels. */
    static Path orderBook(Path dir, int levels) throws IOException {
        return copy(dir, s -> s.replace("\"id\": \"standard14/takerFlow\"", "\"id\": \"standard14/orderBook(" + levels
                + ")\""));
    }
}
