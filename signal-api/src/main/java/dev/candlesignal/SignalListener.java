package dev.candlesignal;


/**
 * Receives what the engine produces. Only {@link #onSignal} must be implemented.
 *
 * <p>Called on the thread that processed the candle (the caller of {@code onCandle}, or the engine's dispatcher
 * thread for attached sources), after the stream's state was updated; calls for one stream never overlap.
 * Exceptions thrown by a listener are logged and do not affect the engine or other listeners. Keep callbacks
 * short, or hand off to your own executor: a slow listener delays the next candle.
 */
public interface SignalListener {

    /** A BUY or SELL signal was emitted (not suppressed by the cooldown). */
    void onSignal(Signal signal);

    /** Every evaluation, whatever its status (including the ones that emitted a signal). */
    default void onEvaluation(Evaluation evaluation) {
    }

    /** Candles are missing between two accepted candles of a stream; processing continues. */
    default void onGap(Gap gap) {
    }

    /** A candle was rejected or its prediction failed, or an attached source failed. */
    default void onFailure(Failure failure) {
    }
}
