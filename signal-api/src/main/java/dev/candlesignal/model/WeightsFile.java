package dev.candlesignal.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One weights file of a bundle: a plain file name inside the bundle directory, its SHA-256 and its size.
 *
 * <p>Immutable.
 */
public record WeightsFile(String file, String sha256, long bytes) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{64}");

    public WeightsFile {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
        if (!NAME.matcher(file).matches() || file.contains("..")) {
            throw new IllegalArgumentException("weights file name '" + file
                    + "' must be a plain file name inside the bundle (letters, digits, . _ -)");
        }
        if (!SHA.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 of '" + file + "' must be 64 lower-case hex digits but was '"
                    + sha256 + "'");
        }
        if (bytes < 1) {
            throw new IllegalArgumentException("size of '" + file + "' must be >= 1 byte but was " + bytes);
        }
    }
}
