package dev.candlesignal;

/** A feature set that cannot be built or used as configured: duplicate or blank column names, bad periods, unknown ids. */
public class FeatureConfigurationException extends SignalException {
    private static final long serialVersionUID = 1L;

    public FeatureConfigurationException(String message) {
        super(message);
    }

    public FeatureConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
