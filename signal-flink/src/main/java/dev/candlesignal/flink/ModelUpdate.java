package dev.candlesignal.flink;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * An element of the model-update broadcast stream: from the candle that opens at {@code effectiveFrom} on, every
 * stream is scored by the model at {@code model}, under {@code SignalEngine.swapModel}'s rules (same feature set
 * and window shape, windows rescaled with the new model's scaler). Because the switch is tied to candle time, not to
 * when the update reaches an operator, every parallel instance switches every key at the same candle, and a replay
 * of the same input switches at the same candle again.
 *
 * <p>Immutable.
 *
 * @param model the bundle of the new model
 * @param effectiveFrom open time of the first candle the new model scores
 */
public record ModelUpdate(ModelReference model, Instant effectiveFrom) implements Serializable {
    private static final long serialVersionUID = 1L;

    public ModelUpdate {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
    }

    /** The update's event time for Flink: {@code effectiveFrom} in epoch milliseconds. */
    public long timestamp() {
        return effectiveFrom.toEpochMilli();
    }
}
