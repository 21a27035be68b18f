package dev.candlesignal;

/** A candle source could not deliver what was asked (I/O failure, exchange error, closed source). */
public class CandleSourceException extends SignalException {
    private static final long serialVersionUID = 1L;

    public CandleSourceException(String message) {
        super(message);
    }

    public CandleSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
