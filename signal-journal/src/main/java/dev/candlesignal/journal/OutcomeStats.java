package dev.candlesignal.journal;

import java.util.List;

/**
 * Counts and results of resolved signals. A TIMEOUT counts as won in the win rate when its {@code pnlPct} is positive
 * (after costs) and stays visible in {@link #timeouts()}. Rates are derived, {@code NaN} when nothing is resolved.
 *
 * <p>Immutable.
 *
 * @param resolved resolved signals (WIN + LOSS + TIMEOUT)
 * @param wins WIN outcomes
 * @param losses LOSS outcomes
 * @param timeouts TIMEOUT outcomes
 * @param timeoutsWon TIMEOUTs with a positive {@code pnlPct}
 * @param totalPnlPct sum of {@code pnlPct}, in percentage points
 */
public record OutcomeStats(long resolved, long wins, long losses, long timeouts, long timeoutsWon, double totalPnlPct) {

    /** Nothing resolved. */
    public static final OutcomeStats EMPTY = new OutcomeStats(0, 0, 0, 0, 0, 0);

    public OutcomeStats {
        if (wins < 0 || losses < 0 || timeouts < 0 || resolved != wins + losses + timeouts || timeoutsWon < 0
                || timeoutsWon > timeouts) {
            throw new IllegalArgumentException("inconsistent counts: resolved " + resolved + ", wins " + wins
                    + ", losses " + losses + ", timeouts " + timeouts + " (" + timeoutsWon + " won)");
        }
        if (!Double.isFinite(totalPnlPct)) {
            throw new IllegalArgumentException("totalPnlPct must be finite but was " + totalPnlPct);
        }
    }

    /** The statistics of these resolutions, summed in the given order. */
    public static OutcomeStats of(List<Resolution> resolutions) {
        OutcomeStats s = EMPTY;
        for (Resolution r : resolutions) {
            s = s.plus(r);
        }
        return s;
    }

    /** This plus one resolution. */
    public OutcomeStats plus(Resolution r) {
        return new OutcomeStats(resolved + 1, wins + (r.outcome() == Outcome.WIN ? 1 : 0),
                losses + (r.outcome() == Outcome.LOSS ? 1 : 0), timeouts + (r.outcome() == Outcome.TIMEOUT ? 1 : 0),
                timeoutsWon + (r.outcome() == Outcome.TIMEOUT && r.won() ? 1 : 0), totalPnlPct + r.pnlPct());
    }

    /** {@code (wins + timeoutsWon) / resolved}. */
    public double winRate() {
        return resolved == 0 ? Double.NaN : (double) (wins + timeoutsWon) / resolved;
    }

    /** Mean {@code pnlPct}. */
    public double meanPnlPct() {
        return resolved == 0 ? Double.NaN : totalPnlPct / resolved;
    }
}
