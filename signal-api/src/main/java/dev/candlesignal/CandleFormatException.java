package dev.candlesignal;

/**
 * Malformed candle data in a file or a message: the message says where (file and line, or the message
 * context) and why, e.g. {@code BTCUSDT-1h.csv:17: column 'high': "abc" is not a number}.
 */
public class CandleFormatException extends SignalException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final long line;

    public CandleFormatException(String source, long line, String reason) {
        super(source + ":" + line + ": " + reason);
        this.source = source;
        this.line = line;
    }

    public CandleFormatException(String source, long line, String reason, Throwable cause) {
        super(source + ":" + line + ": " + reason, cause);
        this.source = source;
        this.line = line;
    }

    /** The file name or other description of where the data came from. */
    public String source() {
        return source;
    }

    /** One-based line number, or 0 when the data has no lines. */
    public long line() {
        return line;
    }
}
