package dev.candlesignal;

/**
 * A model that does not fit the engine or data it is used with: different feature set, window shape or
 * column order. The message names both sides, e.g. {@code model expects [60, 28] (standard28) but the engine
 * is configured with standard14 [60, 14]}.
 */
public class ModelMismatchException extends SignalException {
    private static final long serialVersionUID = 1L;

    public ModelMismatchException(String message) {
        super(message);
    }
}
