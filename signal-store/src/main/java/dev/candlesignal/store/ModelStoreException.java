package dev.candlesignal.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A model store could not do what was asked. {@link #reason()} says what kind of problem it was; the message names
 * the store, the model and version where they apply, and the bad value. Unchecked, like the journal's errors: a
 * caller that can do something about it catches it, others let it reach the user.
 */
public class ModelStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Classification of store failures. */
    public enum Reason {
        /** The directory is not a model store (no marker file, or a marker of another format). */
        NOT_A_STORE,
        /** The store was written by a newer candlesignal (a format version this one does not read). */
        NEWER_FORMAT,
        /** No model of that id, or no such version of it. */
        NOT_FOUND,
        /** A version of that id and version exists already (versions are immutable). */
        VERSION_EXISTS,
        /** A stored version's files do not match its manifest or the store's record of it (hash, size, names). */
        CORRUPT_VERSION,
        /** A pointer, decision or marker file of the store cannot be read (damaged by hand or by the disk). */
        CORRUPT_RECORD,
        /** A bundle to save is not a valid, complete bundle. */
        INVALID_BUNDLE,
        /** A model id or version cannot name a directory (empty, a leading dot, a path separator, ...). */
        INVALID_NAME,
        /** The store was opened read-only. */
        READ_ONLY,
        /** Another process held the store's lock for longer than the wait allowed. */
        LOCKED,
        /** A file-system operation failed. */
        IO_ERROR
    }

    private final Path store;
    private final Reason reason;

    public ModelStoreException(Path store, Reason reason, String message) {
        this(store, reason, message, null);
    }

    public ModelStoreException(Path store, Reason reason, String message, Throwable cause) {
        super("model store " + store + ": " + message, cause);
        this.store = Objects.requireNonNull(store, "store");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The store's directory. */
    public Path store() {
        return store;
    }

    /** What kind of problem it was. */
    public Reason reason() {
        return reason;
    }
}
