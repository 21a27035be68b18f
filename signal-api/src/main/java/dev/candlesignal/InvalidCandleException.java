package dev.candlesignal;

/**
 * A candle whose values cannot be real market data: high below low, a price outside [low, high], a price that is
 * not above 0, a negative or non-finite value, a taker-buy volume above the volume, a close time before the open
 * time, or times that do not fit the interval ({@link CandleTimeException}). The message names the field
 * and the bad value; {@link #field()} names the field for programmatic handling.
 */
public class InvalidCandleException extends SignalException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public InvalidCandleException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The name of the offending field, e.g. {@code "high"}. */
    public String field() {
        return field;
    }
}
