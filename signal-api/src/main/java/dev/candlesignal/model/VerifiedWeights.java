package dev.candlesignal.model;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The bytes of one weights file of a bundle, read once and checked against the manifest (size and SHA-256) by
 * {@link ModelBundle#readWeights(String)}. A backend builds its model from these bytes, never from the file again,
 * so what it runs is exactly what was verified, even if the file changes afterwards. Only {@link ModelBundle}
 * creates instances, so holding one means the check passed.
 *
 * <p>Immutable: {@link #bytes()} returns a copy and {@link #newInputStream()} reads the held bytes.
 */
public final class VerifiedWeights {
    private final String format;
    private final Path path;
    private final WeightsFile file;
    private final byte[] bytes;

    VerifiedWeights(String format, Path path, WeightsFile file, byte[] bytes) {
        this.format = Objects.requireNonNull(format, "format");
        this.path = Objects.requireNonNull(path, "path");
        this.file = Objects.requireNonNull(file, "file");
        this.bytes = Objects.requireNonNull(bytes, "bytes"); // owned: ModelBundle hands over a fresh array
    }

    /** The weights format, e.g. {@link ModelManifest#ONNX} or {@link ModelManifest#TORCHSCRIPT}. */
    public String format() {
        return format;
    }

    /** Where the bytes were read from (for messages; do not read the file again). */
    public Path path() {
        return path;
    }

    /** The manifest's description of the file: name, SHA-256 and size, all of which the bytes match. */
    public WeightsFile file() {
        return file;
    }

    /** The number of bytes. */
    public int size() {
        return bytes.length;
    }

    /** A copy of the verified bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** A stream over the verified bytes, without copying them. */
    public InputStream newInputStream() {
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public String toString() {
        return "VerifiedWeights[" + format + ", " + path + ", " + bytes.length + " bytes, sha256 " + file.sha256() + "]";
    }
}
