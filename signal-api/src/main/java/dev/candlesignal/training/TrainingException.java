package dev.candlesignal.training;

/**
 * A training that could not run or finish. Checked: training is a long operation whose failure the caller (a CLI,
 * a retraining loop) must handle. {@link #reason()} classifies it; the message names the bad value. Nothing is
 * written when this is thrown.
 */
public class TrainingException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Classification of training failures. */
    public enum Reason {
        /** Too few candles (or fully defined windows) for one training and one validation window. */
        TOO_FEW_CANDLES,
        /** The feature set does not fit the architecture or the configuration (an input width it cannot take). */
        FEATURE_SET_MISMATCH,
        /** A feature value in the range is NaN or infinite after warm-up. */
        NON_FINITE_FEATURES,
        /** The job is inconsistent: streams of different intervals, an empty range, an output that exists. */
        INVALID_JOB,
        /** The requested device (a GPU) is not available. */
        DEVICE_UNAVAILABLE,
        /** The training backend failed, or the trained bundle did not verify. */
        BACKEND_ERROR,
        /** The bundle could not be written. */
        IO_ERROR,
        /** The calling thread was interrupted. */
        CANCELLED
    }

    private final Reason reason;

    public TrainingException(Reason reason, String message) {
        super(message);
        this.reason = java.util.Objects.requireNonNull(reason, "reason");
    }

    public TrainingException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = java.util.Objects.requireNonNull(reason, "reason");
    }

    /** What went wrong. */
    public Reason reason() {
        return reason;
    }
}
