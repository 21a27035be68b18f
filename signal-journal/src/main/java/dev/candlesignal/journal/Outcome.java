package dev.candlesignal.journal;

/**
 * How a journaled BUY or SELL turned out, by {@link OutcomeRule}: it touched its target first ({@link #WIN}), its
 * stop first or both in one candle ({@link #LOSS}), neither within the maximum hold ({@link #TIMEOUT}), or it is
 * still open because the candles that decide it have not closed yet ({@link #PENDING}).
 *
 * <p>Immutable.
 */
public enum Outcome {
    /** The target was touched before the stop, within the hold; exit at the target price. */
    WIN,
    /** The stop was touched first (or in the same candle as the target), within the hold; exit at the stop price. */
    LOSS,
    /** Neither level was touched within the hold; exit at the close of the last candle inside the hold. */
    TIMEOUT,
    /** Not decided yet: resolves when more candles come. */
    PENDING
}
