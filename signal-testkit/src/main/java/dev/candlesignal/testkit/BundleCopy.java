package dev.candlesignal.testkit;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.model.WeightsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Makes new, real bundles from an existing one for tests that need several versions of a model (a model store, a
 * fake trainer): copies the weights files and writes a manifest changed by the caller (a new version, parent,
 * training range), with the hashes checked by {@link ModelBundle#write}.
 *
 * {@snippet :
 * ModelBundle v2 = BundleCopy.of(ModelFixtures.bundle(ModelFixtures.LSTM14), dir.resolve("v2"),
 *         m -> m.version("2").parentVersion("1"));
 * }
 *
 * <p>Stateless.
 */
public final class BundleCopy {
    private BundleCopy() {
    }

    /**
     * Copies the bundle in {@code source} to {@code target} (which must not exist) with its manifest changed by
     * {@code change}.
     *
     * @throws UncheckedIOException if a file cannot be copied
     * @throws IllegalStateException if the source is not a valid bundle
     */
    public static ModelBundle of(Path source, Path target, UnaryOperator<ModelManifest.Builder> change) {
        Objects.requireNonNull(change, "change");
        try {
            ModelManifest manifest = ModelBundle.load(source).manifest();
            Files.createDirectories(target);
            for (WeightsFile w : manifest.weights().values()) {
                Files.copy(source.resolve(w.file()), target.resolve(w.file()));
            }
            return ModelBundle.write(target, change.apply(manifest.toBuilder()).build());
        } catch (ModelLoadException e) {
            throw new IllegalStateException("not a valid bundle: " + source + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + target, e);
        }
    }
}
