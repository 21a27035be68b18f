package dev.candlesignal;

/**
 * Root of candlesignal's unchecked exceptions. Subclasses are split by who is at fault: bad input
 * ({@link InvalidCandleException}, {@link CandleSequenceException}, {@link CandleFormatException}),
 * a configuration that cannot work ({@link FeatureConfigurationException}, {@link ModelMismatchException}),
 * or a failure while computing ({@link FeatureValueException}, {@link InferenceException},
 * {@link CandleSourceException}).
 *
 * <p>A failure is never turned into a neutral signal: "no signal" is reported as a status or as one of
 * these exceptions, so a broken model cannot pass for a calm market.
 */
public class SignalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SignalException(String message) {
        super(message);
    }

    public SignalException(String message, Throwable cause) {
        super(message, cause);
    }
}
