package dev.candlesignal;

/** The model backend failed while predicting, or returned something that is not a probability. */
public class InferenceException extends SignalException {
    private static final long serialVersionUID = 1L;

    public InferenceException(String message) {
        super(message);
    }

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
