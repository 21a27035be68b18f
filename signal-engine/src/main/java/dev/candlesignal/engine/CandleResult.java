package dev.candlesignal.engine;

import dev.candlesignal.Evaluation;
import dev.candlesignal.Action;
import dev.candlesignal.Candle;
import dev.candlesignal.Signal;
import dev.candlesignal.StreamKey;
import dev.candlesignal.Strength;
import java.util.Optional;

/**
 * A reusable, mutable holder for the outcome of one candle: the allocation-free counterpart of {@link Evaluation},
 * filled by {@link SignalEngine#onCandle(StreamKey, Candle, CandleResult)}. Keep one per thread and reuse it.
 *
 * <p>Not thread-safe.
 */
public final class CandleResult {
    StreamKey stream;
    Candle candle;
    Evaluation.Status status;
    double probability = Double.NaN;
    Action action = Action.HOLD;
    Strength strength = Strength.NONE;
    double confidence = Double.NaN;
    double entryPrice = Double.NaN;
    double stopLoss = Double.NaN;
    double takeProfit = Double.NaN;
    int candlesUntilReady;
    String modelId = "";
    String modelVersion = "";

    void fill(WorkItem it) {
        stream = it.stream.key;
        candle = it.candle;
        status = it.status;
        candlesUntilReady = it.untilReady;
        if (it.consulted()) {
            probability = it.probability;
            action = it.action;
            strength = it.strength;
            confidence = it.confidence;
            entryPrice = it.entryPrice;
            stopLoss = it.stopLoss;
            takeProfit = it.takeProfit;
            modelId = it.modelId;
            modelVersion = it.modelVersion;
        } else {
            probability = Double.NaN;
            action = Action.HOLD;
            strength = Strength.NONE;
            confidence = Double.NaN;
            entryPrice = Double.NaN;
            stopLoss = Double.NaN;
            takeProfit = Double.NaN;
            modelId = "";
            modelVersion = "";
        }
    }

    /** The stream of the last candle. */
    public StreamKey stream() {
        return stream;
    }

    /** The last candle. */
    public Candle candle() {
        return candle;
    }

    /** The outcome. */
    public Evaluation.Status status() {
        return status;
    }

    /** Whether the model was consulted (SIGNAL, HOLD or COOLDOWN). */
    public boolean hasPrediction() {
        return status == Evaluation.Status.SIGNAL || status == Evaluation.Status.HOLD
                || status == Evaluation.Status.COOLDOWN;
    }

    /** P(up), or NaN when the model was not consulted. */
    public double probability() {
        return probability;
    }

    /** The policy's action; HOLD when the model was not consulted. */
    public Action action() {
        return action;
    }

    public Strength strength() {
        return strength;
    }

    /** Confidence, or NaN when the model was not consulted. */
    public double confidence() {
        return confidence;
    }

    public double entryPrice() {
        return entryPrice;
    }

    public double stopLoss() {
        return stopLoss;
    }

    public double takeProfit() {
        return takeProfit;
    }

    public int candlesUntilReady() {
        return candlesUntilReady;
    }

    /** Id of the model that was consulted; empty when it was not. */
    public String modelId() {
        return modelId;
    }

    /** Version of the model that was consulted; empty when it was not. */
    public String modelVersion() {
        return modelVersion;
    }

    /** The decision as an immutable signal (allocates), when the model was consulted. */
    public Optional<Signal> toSignal() {
        if (!hasPrediction()) {
            return Optional.empty();
        }
        return Optional.of(new Signal(stream.symbol(), stream.interval(), candle.openTime(), action, strength,
                probability, confidence, entryPrice, stopLoss, takeProfit, modelId,
                modelVersion));
    }

    @Override
    public String toString() {
        return "CandleResult[" + stream + " " + (candle == null ? "-" : candle.openTime()) + " " + status
                + (hasPrediction() ? " p=" + probability + " " + action + " " + strength : "") + "]";
    }
}
