package dev.candlesignal;

import java.util.Objects;
import java.util.Optional;

/**
 * What the engine made of one candle: a signal, or why there is none.
 *
 * <p>{@link #signal()} is present whenever the model was consulted ({@code SIGNAL}, {@code HOLD},
 * {@code COOLDOWN}): for HOLD it is a HOLD signal carrying the probability, for COOLDOWN the directional signal
 * that was suppressed. Only {@code SIGNAL} evaluations are delivered to {@link SignalListener#onSignal}.
 *
 * <p>Immutable.
 *
 * @param stream the candle's stream
 * @param candle the candle
 * @param status the outcome
 * @param signal the decision, when the model was consulted
 * @param candlesUntilReady how many more candles the stream needs before its first prediction (0 once ready)
 * @param reason human-readable detail for statuses other than SIGNAL and HOLD, else empty
 * @param error the failure, for {@code REJECTED} and {@code FAILED}
 */
public record Evaluation(StreamKey stream, Candle candle, Status status, Optional<Signal> signal, int candlesUntilReady,
        String reason, Optional<SignalException> error) {

    /** Outcome of one candle. */
    public enum Status {
        /** A BUY or SELL was emitted. */
        SIGNAL,
        /** The model was consulted and the policy said HOLD. */
        HOLD,
        /** A BUY or SELL was suppressed: same direction as one emitted within the cooldown. */
        COOLDOWN,
        /** The stream has not seen enough candles for a full, defined window yet. */
        NOT_READY,
        /**
         * The window holds undefined feature values (e.g. flat prices); no prediction. See the engine's
         * {@code Imputation}.
         */
        UNDEFINED_FEATURES,
        /** The same candle was delivered again; nothing changed. */
        DUPLICATE,
        /** The candle was refused (out of order, conflicting revision, unusable data); the stream is unchanged. */
        REJECTED,
        /** The candle was accepted but the prediction or policy failed; redelivering the candle retries. */
        FAILED
    }

    public Evaluation {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(candle, "candle");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(error, "error");
        boolean consulted = status == Status.SIGNAL || status == Status.HOLD || status == Status.COOLDOWN;
        if (consulted != signal.isPresent()) {
            throw new IllegalArgumentException("status " + status + (consulted ? " needs" : " has no") + " signal");
        }
        boolean failed = status == Status.REJECTED || status == Status.FAILED;
        if (failed != error.isPresent()) {
            throw new IllegalArgumentException("status " + status + (failed ? " needs" : " has no") + " error");
        }
    }

    /** Whether a BUY or SELL was emitted. */
    public boolean emitted() {
        return status == Status.SIGNAL;
    }

    /** The emitted signal, only for {@link Status#SIGNAL}. */
    public Optional<Signal> emittedSignal() {
        return emitted() ? signal : Optional.empty();
    }

    /** The model's probability, when it was consulted. */
    public java.util.OptionalDouble probability() {
        return signal.isPresent() ? java.util.OptionalDouble.of(signal.get().probability())
                : java.util.OptionalDouble.empty();
    }
}
