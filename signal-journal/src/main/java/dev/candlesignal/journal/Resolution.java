package dev.candlesignal.journal;

import java.time.Instant;
import java.util.Objects;

/**
 * How and when a signal was closed by {@link OutcomeRule}.
 *
 * <p>Immutable.
 *
 * @param outcome WIN, LOSS or TIMEOUT (never PENDING: a pending signal has no resolution)
 * @param exitTime open time of the candle in which the exit happened
 * @param exitPrice the target (WIN), the stop (LOSS), or the close of the last candle inside the hold (TIMEOUT)
 * @param pnlPct {@code 100 x (gross return - 2 x commission - 2 x slippage)}, see {@link OutcomeRule#pnlPct}
 */
public record Resolution(Outcome outcome, Instant exitTime, double exitPrice, double pnlPct) {

    public Resolution {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(exitTime, "exitTime");
        if (outcome == Outcome.PENDING) {
            throw new IllegalArgumentException("a resolution is WIN, LOSS or TIMEOUT, not PENDING");
        }
        if (!(exitPrice > 0) || Double.isInfinite(exitPrice)) {
            throw new IllegalArgumentException("exitPrice must be finite and > 0 but was " + exitPrice);
        }
        if (!Double.isFinite(pnlPct)) {
            throw new IllegalArgumentException("pnlPct must be finite but was " + pnlPct);
        }
        JournalEntry.requireMillis("exitTime", exitTime);
    }

    /**
     * Whether it counts as won in the win rate: a WIN, or a TIMEOUT whose {@code pnlPct} is positive (after costs).
     */
    public boolean won() {
        return outcome == Outcome.WIN || (outcome == Outcome.TIMEOUT && pnlPct > 0);
    }
}
