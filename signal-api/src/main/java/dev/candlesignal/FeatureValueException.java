package dev.candlesignal;

/**
 * A feature value that is not finite where a finite value is required: after the warm-up rows when fitting
 * a scaler, or inside a model window. Names the column and the row or candle, so the cause (flat prices,
 * zero volume, a missing order book) can be found.
 */
public class FeatureValueException extends SignalException {
    private static final long serialVersionUID = 1L;
    private final String column;

    public FeatureValueException(String column, String message) {
        super(message);
        this.column = column;
    }

    /** The column holding the bad value. */
    public String column() {
        return column;
    }
}
