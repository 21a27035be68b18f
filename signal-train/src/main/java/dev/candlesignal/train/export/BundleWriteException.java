package dev.candlesignal.train.export;

import java.util.Objects;

/**
 * A model bundle could not be written. Checked, classified by {@link #reason()}; the message names the path or
 * value at fault. When it is thrown, nothing is left at the target and the writer's temporary directory is gone
 * (or, if even its removal failed, it is removed by the next write into the same parent directory).
 */
public class BundleWriteException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** The target directory (or a file, or a link) exists already; bundles are never overwritten. */
        TARGET_EXISTS,
        /** The target's parent directory does not exist, or is not a directory. */
        PARENT_MISSING,
        /** A file could not be written, synced or renamed. */
        IO_ERROR,
        /** libtorch could not be started or could not build the TorchScript module. */
        BACKEND_ERROR,
        /** The written bundle did not load on a backend, or its outputs differ from the reference forward pass. */
        VERIFICATION_FAILED,
        /** The calling thread was interrupted; its interrupt flag is set again. */
        INTERRUPTED
    }

    private final Reason reason;

    public BundleWriteException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public BundleWriteException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The kind of failure. */
    public Reason reason() {
        return reason;
    }
}
