package dev.candlesignal.backtest;

import dev.candlesignal.SignalException;
import java.util.Objects;

/**
 * A backtest that cannot run as asked: the message names the bad value (a range, a gap, a model) and, for
 * {@link Reason#IN_SAMPLE}, both ranges. Unchecked, like the rest of candlesignal's {@link SignalException}s; a
 * command-line front end prints it as one line.
 */
public class BacktestException extends SignalException {
    private static final long serialVersionUID = 1L;

    /** What is wrong. */
    public enum Reason {
        /** The tested range overlaps the model's training range (and in-sample tests were not allowed). */
        IN_SAMPLE,
        /** The range is empty, inverted, or holds no candle of some stream. */
        BAD_RANGE,
        /** The model does not fit the feature set or the candles (feature set, interval). */
        MODEL_MISMATCH,
        /** A stream misses more candles in a row than allowed. */
        GAP,
        /** A candle was refused by the engine, or streams of different intervals were mixed. */
        BAD_CANDLES,
        /** Nothing was predicted in the range: too few candles for the warm-up. */
        NO_PREDICTIONS,
        /** A sweep or walk-forward specification is malformed. */
        BAD_SPECIFICATION,
        /** Training a walk-forward fold failed. */
        TRAINING_FAILED
    }

    private final Reason reason;

    public BacktestException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public BacktestException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** What is wrong. */
    public Reason reason() {
        return reason;
    }
}
