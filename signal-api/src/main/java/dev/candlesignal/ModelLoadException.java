package dev.candlesignal;

/**
 * A model bundle that cannot be loaded. Checked, because a missing or damaged model file is an expected
 * operational failure the caller must handle. {@link #reason()} classifies it; the message says what was
 * expected and what was found. Nothing half-loaded is ever returned.
 */
public class ModelLoadException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Classification of load failures. */
    public enum Reason {
        /** The bundle directory, manifest or a weights file does not exist or cannot be read. */
        MISSING_FILE,
        /** A weights file is shorter (or longer) than the manifest says. */
        TRUNCATED,
        /** A weights file's SHA-256 differs from the manifest's. */
        HASH_MISMATCH,
        /** The manifest is not valid JSON or lacks a required field. */
        MALFORMED_MANIFEST,
        /** The manifest's format version is not one this library reads. */
        UNSUPPORTED_FORMAT,
        /** The weights' input or output shape differs from the manifest. */
        SHAPE_MISMATCH,
        /** The bundle's feature set is unknown, or differs from the one it is used with. */
        FEATURE_SET_MISMATCH,
        /** The bundle has no weights for the requested backend. */
        NO_WEIGHTS_FOR_BACKEND,
        /** The backend (ONNX Runtime, DJL) refused the weights or is not available. */
        BACKEND_ERROR,
        /**
         * No model loader on the class path reads the bundle's weights, or the backend asked for by name is not
         * there ({@code dev.candlesignal.model.Models}); the message names the loaders found and what to add.
         */
        NO_LOADER
    }

    private final Reason reason;

    public ModelLoadException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ModelLoadException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
