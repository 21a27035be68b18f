package dev.candlesignal.retrain;

import dev.candlesignal.store.ModelStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The hidden entries of a store's directory other than its lock: work directories left behind. */
final class ModelStoreLeftovers {
    private ModelStoreLeftovers() {
    }

    static List<String> of(ModelStore store) {
        try (Stream<Path> s = Files.list(store.directory())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".") && !n.equals(".lock"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
