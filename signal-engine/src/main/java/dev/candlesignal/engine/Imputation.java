package dev.candlesignal.engine;

/**
 * What the engine does with undefined (NaN or infinite) feature values in a model window.
 */
public enum Imputation {
    /**
     * Default: never invent values. The engine is ready only after {@code warmupBars + sequenceLength - 1}
     * candles, and a window that still holds an undefined value yields no prediction
     * ({@link dev.candlesignal.Evaluation.Status#UNDEFINED_FEATURES}).
     */
    NONE,
    /**
     * Compatibility with the reference bot's serving path: within the window, forward-fill undefined raw values
     * from earlier rows, set what is left to 0, scale, and set any non-finite scaled value to 0. Ready once the
     * window is full ({@code sequenceLength} candles). Models trained with the bot's own trainer saw zeros for
     * warm-up rows, so this keeps their early-window behaviour; it is not the default because it feeds the model
     * values that were never observed.
     */
    FORWARD_FILL_THEN_ZERO
}
