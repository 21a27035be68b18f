package dev.candlesignal.store;

import dev.candlesignal.model.ModelManifest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of a model in a {@link ModelStore}: its bundle directory (immutable once saved), its manifest and when
 * the store saved it. Listing versions reads their manifests only; {@link ModelStore#open} checks the weights' hashes.
 *
 * <p>Immutable.
 *
 * @param manifest the bundle's manifest (model id, version, parent, training range, metrics)
 * @param directory the bundle directory inside the store
 * @param savedAt when the store saved it, on the store's clock (what retention counts from)
 */
public record StoredVersion(ModelManifest manifest, Path directory, Instant savedAt) {
    public StoredVersion {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(savedAt, "savedAt");
    }

    /** The model id. */
    public String modelId() {
        return manifest.modelId();
    }

    /** The version. */
    public String version() {
        return manifest.version();
    }

    /** The version this one was trained to replace, if any. */
    public Optional<String> parentVersion() {
        return manifest.parentVersion();
    }
}
