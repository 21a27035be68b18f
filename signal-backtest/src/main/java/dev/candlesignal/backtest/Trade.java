package dev.candlesignal.backtest;

import dev.candlesignal.Action;
import dev.candlesignal.StreamKey;
import java.time.Instant;
import java.util.Objects;

/**
 * One closed backtest position (a row of {@code trades.csv}).
 *
 * <p>Immutable.
 *
 * @param stream the stream
 * @param entryTime open time of the signal candle (the entry is at its close)
 * @param exitTime open time of the candle in which the exit happened (the outcome rule's convention)
 * @param side BUY (long) or SELL (short)
 * @param entry the entry price before slippage: the signal candle's close
 * @param exit the exit price before slippage: the stop, the target, or a close
 * @param exitReason why it closed
 * @param pnlPct the outcome rule's result after costs: {@code 100 x (gross - 2 x commission - 2 x slippage)}
 * @param mfePct maximum favourable excursion while open, in percent of the entry (&gt;= 0, before costs)
 * @param maePct maximum adverse excursion while open, in percent of the entry (&lt;= 0, before costs)
 * @param stake the capital the position used, as a share of the initial capital
 * @param probability the P(up) the signal came from
 */
public record Trade(StreamKey stream, Instant entryTime, Instant exitTime, Action side, double entry, double exit,
        ExitReason exitReason, double pnlPct, double mfePct, double maePct, double stake, double probability) {
    public Trade {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(entryTime, "entryTime");
        Objects.requireNonNull(exitTime, "exitTime");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(exitReason, "exitReason");
        if (side == Action.HOLD) {
            throw new IllegalArgumentException("a trade is a BUY or a SELL, not a HOLD");
        }
        if (exitTime.isBefore(entryTime)) {
            throw new IllegalArgumentException("exit " + exitTime + " is before the entry " + entryTime);
        }
    }

    /** Whether it made money after costs. */
    public boolean won() {
        return pnlPct > 0;
    }
}
