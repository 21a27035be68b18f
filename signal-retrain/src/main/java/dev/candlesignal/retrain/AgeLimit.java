package dev.candlesignal.retrain;

import java.time.Duration;
import java.util.Objects;

/**
 * How old a serving model may get, counted from the end of its training data ({@code training.to} in its manifest)
 * on the loop's clock, and what happens to a stream whose model is older.
 *
 * <p>Immutable.
 *
 * @param maxAge the age limit, > 0
 * @param action what an over-age model means for its streams
 */
public record AgeLimit(Duration maxAge, Action action) {

    /** What happens past the limit. */
    public enum Action {
        /** The stream is reported stale ({@link RetrainLoop#status}, a WARN log line); its signals still go out. */
        STALE,
        /**
         * The stream is reported stale and its signals are stopped: listeners wrapped with {@link RetrainLoop#gate}
         * no longer receive them (the journal still records them, so the model's track record stays complete).
         */
        STOP
    }

    public AgeLimit {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(action, "action");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be > 0 but was " + maxAge);
        }
    }
}
