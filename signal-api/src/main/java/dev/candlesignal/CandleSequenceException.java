package dev.candlesignal;

import java.time.Instant;

/**
 * A candle that does not fit its stream's sequence: older than the last processed candle, or a different
 * revision of a candle that was already processed (same open time, different values). The stream's state
 * is left untouched when this is thrown.
 */
public class CandleSequenceException extends SignalException {
    private static final long serialVersionUID = 1L;

    /** Why the candle was rejected. */
    public enum Kind {
        /** The candle opened before the last processed candle of the stream. */
        OUT_OF_ORDER,
        /** Same open time as the last processed candle, but different values. */
        CONFLICTING_REVISION
    }

    private final Kind kind;
    private final StreamKey stream;
    private final Instant lastOpenTime;
    private final Instant rejectedOpenTime;

    public CandleSequenceException(Kind kind, StreamKey stream, Instant lastOpenTime, Instant rejectedOpenTime, String message) {
        super(message);
        this.kind = kind;
        this.stream = stream;
        this.lastOpenTime = lastOpenTime;
        this.rejectedOpenTime = rejectedOpenTime;
    }

    public Kind kind() {
        return kind;
    }

    public StreamKey stream() {
        return stream;
    }

    /** Open time of the last candle the stream accepted. */
    public Instant lastOpenTime() {
        return lastOpenTime;
    }

    /** Open time of the candle that was rejected. */
    public Instant rejectedOpenTime() {
        return rejectedOpenTime;
    }
}
