package dev.candlesignal;

/**
 * Receives closed candles from a {@link CandleSource} subscription.
 *
 * <p>State machine: any number of {@code onCandle}/{@code onGap} calls, then at most one terminal call, either
 * {@link #onComplete()} (a finite source ran out) or {@link #onFailure(Throwable)} with a failure the source
 * cannot recover from. Recoverable trouble (a reconnect, a malformed message) is handled by the source and not
 * reported here. Closing the subscription ends delivery without a terminal call.
 *
 * <p>Sources call a listener from one thread at a time per subscription, and deliver each stream's candles in
 * open-time order, each closed candle once.
 */
public interface CandleListener {

    /** A closed candle of one of the subscribed streams. */
    void onCandle(StreamKey stream, Candle candle);

    /**
     * The source knows that candles are missing (for example an exchange outage) and cannot provide them. Called
     * once per hole, before the candle after it; {@link Gap#between} is the rule for what counts as a hole. The
     * engine forwards these gaps to its listeners and does not look for gaps in a source's candles itself.
     */
    default void onGap(Gap gap) {
    }

    /** Terminal: the source failed and delivers nothing more. */
    default void onFailure(Throwable error) {
    }

    /** Terminal: a finite source delivered everything. */
    default void onComplete() {
    }
}
