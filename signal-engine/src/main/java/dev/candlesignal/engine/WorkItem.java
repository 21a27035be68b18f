package dev.candlesignal.engine;

import dev.candlesignal.Evaluation;
import dev.candlesignal.Action;
import dev.candlesignal.Candle;
import dev.candlesignal.Gap;
import dev.candlesignal.Signal;
import dev.candlesignal.SignalException;
import dev.candlesignal.Strength;
import dev.candlesignal.policy.Decision;

/**
 * The engine's scratch record of one candle while it is processed: filled step by step (admission, features,
 * prediction, policy) and turned into an {@link Evaluation} only when someone needs one. Each stream keeps one for
 * the single-candle path, so that path allocates nothing.
 *
 * <p>Not thread-safe: used under the stream's lock.
 */
final class WorkItem {
    EngineStream stream;
    Candle candle;
    int index;
    /**
     * Whether the candle came from a {@link dev.candlesignal.CandleSource}, which reports its own gaps (forwarded
     * separately); the engine detects gaps only in candles it is handed directly.
     */
    boolean fromSource;
    Gap gap;
    /** Outcome; null while undecided. */
    Evaluation.Status status;
    SignalException error;
    int untilReady;
    boolean predict;
    float[] window;
    int offset;
    float probability;
    // the policy's decision, copied out of the Decision record so that the record does not escape: once the
    // policy call is inlined, the JIT can then drop its allocation (no garbage on the hot path)
    Action action;
    Strength strength;
    double confidence;
    double entryPrice;
    double stopLoss;
    double takeProfit;
    String modelId;
    String modelVersion;
    private Signal signal;
    private Evaluation evaluation;

    WorkItem reset(EngineStream stream, Candle candle, int index) {
        this.stream = stream;
        this.candle = candle;
        this.index = index;
        fromSource = false;
        gap = null;
        status = null;
        error = null;
        untilReady = 0;
        predict = false;
        window = null;
        offset = 0;
        probability = Float.NaN;
        action = null;
        strength = null;
        confidence = Double.NaN;
        entryPrice = Double.NaN;
        stopLoss = Double.NaN;
        takeProfit = Double.NaN;
        modelId = null;
        modelVersion = null;
        signal = null;
        evaluation = null;
        return this;
    }

    boolean consulted() {
        return status == Evaluation.Status.SIGNAL || status == Evaluation.Status.HOLD
                || status == Evaluation.Status.COOLDOWN;
    }

    /** The decision as a signal (allocated once, on demand). */
    Signal signal() {
        if (signal == null && consulted()) {
            signal = new Signal(stream.key.symbol(), stream.key.interval(), candle.openTime(), action, strength,
                    probability, confidence, entryPrice, stopLoss, takeProfit, modelId, modelVersion);
        }
        return signal;
    }

    void decided(Decision d) {
        action = d.action();
        strength = d.strength();
        confidence = d.confidence();
        entryPrice = d.entryPrice();
        stopLoss = d.stopLoss();
        takeProfit = d.takeProfit();
    }

    void cacheEvaluation(Evaluation e) {
        this.evaluation = e;
    }

    Evaluation cachedEvaluation() {
        return evaluation;
    }
}
