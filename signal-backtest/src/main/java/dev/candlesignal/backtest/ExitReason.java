package dev.candlesignal.backtest;

import dev.candlesignal.journal.Outcome;

/** Why a backtest position was closed. */
public enum ExitReason {
    /** The stop was touched (the outcome rule's LOSS), at the stop price. */
    STOP("stop"),
    /** The target was touched (the outcome rule's WIN), at the target price. */
    TARGET("target"),
    /** The maximum hold passed (the outcome rule's TIMEOUT), at the close of the last candle inside it. */
    TIMEOUT("timeout"),
    /** The backtest's range ended with the position open: closed at the last candle's close. */
    END("end");

    private final String csv;

    ExitReason(String csv) {
        this.csv = csv;
    }

    /** The name in {@code trades.csv}: stop, target, timeout, end. */
    public String csvName() {
        return csv;
    }

    /** The exit reason of a resolved outcome (LOSS: stop, WIN: target, TIMEOUT: timeout). */
    public static ExitReason of(Outcome outcome) {
        return switch (outcome) {
            case LOSS -> STOP;
            case WIN -> TARGET;
            case TIMEOUT -> TIMEOUT;
            case PENDING -> throw new IllegalArgumentException("a pending signal has not exited");
        };
    }
}
