package dev.candlesignal;


/**
 * Receives what the engine produces. Only {@link #onSignal} must be implemented. A listener that also wants every
 * {@link Evaluation} implements {@link EvaluationListener} instead: the engine builds evaluations only when such a
 * listener is registered, so listeners that want signals only keep the hot path allocation-free.
 *
 * <p>Called on the thread that processed the candle (the caller of {@code onCandle}, or the engine's dispatcher
 * thread for attached sources), after the stream's state was updated; calls for one stream never overlap.
 * Exceptions thrown by a listener are logged and do not affect the engine or other listeners. Keep callbacks
 * short, or hand off to your own executor: a slow listener delays the next candle.
 */
public interface SignalListener {

    /** A BUY or SELL signal was emitted (not suppressed by the cooldown). */
    void onSignal(Signal signal);

    /**
     * Candles are missing from a stream; processing continues. Called before the events of the candle after the
     * hole. For candles the engine is handed directly it detects gaps itself ({@link Gap#between}); for candles from a
     * {@link CandleSource} it forwards the source's {@link CandleListener#onGap} (the source knows whether it could
     * fill a hole), so each gap is reported once.
     */
    default void onGap(Gap gap) {
    }

    /** A candle was rejected or its prediction failed, or an attached source failed. */
    default void onFailure(Failure failure) {
    }
}
