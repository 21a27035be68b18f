package dev.candlesignal.model;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.ModelLoadException.Reason;
import dev.candlesignal.io.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * A model bundle on disk: a directory holding {@code manifest.json} and the weights files it lists. Loading
 * verifies every listed file (present, the stated size, the stated SHA-256) before anything is returned, so a
 * truncated or tampered file is caught before first use. Nothing here deserialises Java objects or pickles.
 *
 * <p>Immutable. Backends ({@code OnnxModel}, {@code DjlModel}) load their weights from a verified bundle.
 *
 * @param directory the bundle directory
 * @param manifest the verified manifest
 */
public record ModelBundle(Path directory, ModelManifest manifest) {

    /** Name of the manifest file inside a bundle directory. */
    public static final String MANIFEST_FILE = "manifest.json";

    public ModelBundle {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(manifest, "manifest");
    }

    /**
     * Loads and verifies the bundle in {@code directory}.
     *
     * @throws ModelLoadException if the manifest is missing or malformed, or any weights file is missing,
     *     truncated or has a different hash
     */
    public static ModelBundle load(Path directory) throws ModelLoadException {
        Objects.requireNonNull(directory, "directory");
        Path manifestPath = directory.resolve(MANIFEST_FILE);
        String json;
        try {
            json = Files.readString(manifestPath, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(Reason.MISSING_FILE, "no model bundle at " + directory + ": " + manifestPath
                    + " does not exist", e);
        } catch (IOException e) {
            throw new ModelLoadException(Reason.MISSING_FILE, "cannot read " + manifestPath + ": " + e, e);
        }
        ModelManifest manifest = ModelManifest.fromJson(json, manifestPath.toString());
        for (Map.Entry<String, WeightsFile> e : manifest.weights().entrySet()) {
            verify(directory, e.getKey(), e.getValue());
        }
        return new ModelBundle(directory, manifest);
    }

    private static void verify(Path directory, String format, WeightsFile w) throws ModelLoadException {
        Path file = directory.resolve(w.file());
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(Reason.MISSING_FILE, "bundle " + directory + ": " + format + " weights file "
                    + w.file() + " listed in the manifest does not exist", e);
        } catch (IOException e) {
            throw new ModelLoadException(Reason.MISSING_FILE, "bundle " + directory + ": cannot read " + file + ": " + e, e);
        }
        if (size != w.bytes()) {
            throw new ModelLoadException(Reason.TRUNCATED, "bundle " + directory + ": " + format + " weights file "
                    + w.file() + " has " + size + " bytes but the manifest says " + w.bytes()
                    + (size < w.bytes() ? " (truncated copy?)" : ""));
        }
        String actual = sha256(file);
        if (!actual.equals(w.sha256())) {
            throw new ModelLoadException(Reason.HASH_MISMATCH, "bundle " + directory + ": " + format + " weights file "
                    + w.file() + " has SHA-256 " + actual + " but the manifest expects " + w.sha256());
        }
    }

    /**
     * The verified weights file for a format ({@link ModelManifest#ONNX}, {@link ModelManifest#TORCHSCRIPT}).
     *
     * @throws ModelLoadException with {@link Reason#NO_WEIGHTS_FOR_BACKEND} if the bundle has none
     */
    public Path weightsPath(String format) throws ModelLoadException {
        WeightsFile w = manifest.weights().get(format);
        if (w == null) {
            throw new ModelLoadException(Reason.NO_WEIGHTS_FOR_BACKEND, "bundle " + directory + " has no " + format
                    + " weights (it has " + manifest.weights().keySet() + ")");
        }
        return directory.resolve(w.file());
    }

    /** The model's input specification. */
    public ModelSpec spec() {
        return manifest.spec();
    }

    /**
     * Describes a file already in {@code directory} for a manifest: its name, SHA-256 and size.
     *
     * @throws ModelLoadException if the file cannot be read
     */
    public static WeightsFile describe(Path directory, String fileName) throws ModelLoadException {
        Path file = directory.resolve(fileName);
        try {
            return new WeightsFile(fileName, sha256(file), Files.size(file));
        } catch (IOException e) {
            throw new ModelLoadException(Reason.MISSING_FILE, "cannot read " + file + ": " + e, e);
        }
    }

    /**
     * Writes {@code manifest} as {@code directory/manifest.json} atomically ({@link AtomicFile}: a temporary
     * file renamed over the target), after checking that every weights file it lists is there with the stated size and hash. A reader
     * never sees a half-written manifest.
     *
     * @return the loaded bundle
     * @throws ModelLoadException if a listed file does not match
     * @throws IOException if the manifest cannot be written
     */
    public static ModelBundle write(Path directory, ModelManifest manifest) throws ModelLoadException, IOException {
        for (Map.Entry<String, WeightsFile> e : manifest.weights().entrySet()) {
            verify(directory, e.getKey(), e.getValue());
        }
        Files.createDirectories(directory);
        AtomicFile.writeString(directory.resolve(MANIFEST_FILE), manifest.toJson());
        return new ModelBundle(directory, manifest);
    }

    static String sha256(Path file) throws ModelLoadException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new ModelLoadException(Reason.MISSING_FILE, "cannot read " + file + ": " + e, e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
