package dev.candlesignal.cli;

import dev.candlesignal.io.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The demo data bundled in the CLI jar: a year of real BTCUSDT 1h candles and a model trained on its first eight
 * months ({@code models/demo-btcusdt-1h} in the repository). Copied out to a temporary directory because model
 * bundles are verified and loaded from files.
 */
final class DemoData {
    static final String CANDLES = "BTCUSDT-1h.csv";
    private static final List<String> MODEL_FILES = List.of("manifest.json", "model.onnx", "model.pt");

    private DemoData() {
    }

    /** Candles file and model directory of the demo, extracted once per run. */
    record Paths(Path candles, Path model) {
    }

    static Paths extract() {
        try {
            Path dir = Files.createTempDirectory("candlesignal-demo");
            Path modelDir = Files.createDirectories(dir.resolve("model"));
            Path candles = copy("/demo/data/" + CANDLES, dir.resolve(CANDLES));
            for (String f : MODEL_FILES) {
                if (DemoData.class.getResource("/demo/model/" + f) != null) {
                    copy("/demo/model/" + f, modelDir.resolve(f));
                }
            }
            deleteOnExit(dir, candles, modelDir);
            return new Paths(candles, modelDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the bundled demo data: " + e.getMessage(), e);
        }
    }

    private static Path copy(String resource, Path target) throws IOException {
        try (InputStream in = DemoData.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new CandleSignalCli.UserError("this build has no bundled demo data (" + resource
                        + " is missing); pass --candles and --model");
            }
            AtomicFile.write(target, in::transferTo);
        }
        return target;
    }

    private static void deleteOnExit(Path dir, Path candles, Path modelDir) {
        // registered in reverse order of deletion: files first, then their directories
        dir.toFile().deleteOnExit();
        modelDir.toFile().deleteOnExit();
        candles.toFile().deleteOnExit();
        for (String f : MODEL_FILES) {
            modelDir.resolve(f).toFile().deleteOnExit();
        }
    }
}
