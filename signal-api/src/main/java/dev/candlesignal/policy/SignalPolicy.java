package dev.candlesignal.policy;

/**
 * Turns a model probability and its market context into a {@link Decision}. The default is
 * {@code ThresholdPolicy} in signal-engine, the reference bot's LSTM-only rule with its bugs fixed; implement this interface for a
 * user's own rules, or a blend of several models (see {@link MarketContext#features()}).
 *
 * <p>Implementations must be thread-safe (the engine calls one policy from many streams at once) and should be
 * stateless: per-stream state such as cooldowns is kept by the engine.
 */
public interface SignalPolicy {

    /** Decides for one closed candle. Must not return null; throwing reports a failure for that candle. */
    Decision decide(MarketContext context);

    /**
     * How many recent candles {@link MarketContext#history()} must hold, current one included. The engine keeps
     * at least this many per stream and reports the stream as not ready until it has them.
     */
    default int historyBars() {
        return 1;
    }

}
