package dev.candlesignal.journal;

import dev.candlesignal.Action;
import dev.candlesignal.Interval;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@link OutcomeRule} needs to know of a BUY or SELL: the signal candle (its interval and open time) and the
 * three price levels. The entry is the signal candle's close.
 *
 * <p>Validated: a BUY has {@code stop <= entry <= target}, a SELL {@code target <= entry <= stop}, all prices finite
 * and the entry {@code > 0}.
 *
 * <p>Immutable.
 *
 * @param interval the signal stream's interval
 * @param openTime open time of the signal candle
 * @param action BUY or SELL
 * @param entry entry price: the signal candle's close
 * @param stop stop-loss level
 * @param target take-profit level
 */
public record TradeLevels(Interval interval, Instant openTime, Action action, double entry, double stop,
        double target) {

    public TradeLevels {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(openTime, "openTime");
        Objects.requireNonNull(action, "action");
        if (action == Action.HOLD) {
            throw new IllegalArgumentException("only a BUY or SELL has an outcome, not a HOLD");
        }
        if (!(entry > 0) || Double.isInfinite(entry)) {
            throw new IllegalArgumentException("entry must be finite and > 0 but was " + entry);
        }
        if (!Double.isFinite(stop) || !Double.isFinite(target)) {
            throw new IllegalArgumentException("stop and target must be finite but were " + stop + " and " + target);
        }
        boolean ordered = action == Action.BUY ? stop <= entry && entry <= target : target <= entry && entry <= stop;
        if (!ordered) {
            throw new IllegalArgumentException("a " + action + " needs " + (action == Action.BUY
                    ? "stop <= entry <= target" : "target <= entry <= stop") + " but has stop " + stop + ", entry "
                    + entry + ", target " + target);
        }
    }
}
