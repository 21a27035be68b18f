package dev.candlesignal.policy;

import dev.candlesignal.Action;
import dev.candlesignal.Strength;
import java.util.Objects;

/**
 * What a {@link SignalPolicy} decided for one candle: the action, its strength and confidence, and the price
 * levels.
 *
 * <p>Immutable.
 *
 * @param action BUY, SELL or HOLD
 * @param strength NONE for HOLD, otherwise WEAK, MEDIUM or STRONG
 * @param confidence in [0, 1]
 * @param entryPrice the price the levels are computed from (normally the candle's close)
 * @param stopLoss stop level; equal to the entry for HOLD
 * @param takeProfit target level; equal to the entry for HOLD
 */
public record Decision(Action action, Strength strength, double confidence, double entryPrice, double stopLoss,
        double takeProfit) {

    public Decision {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(strength, "strength");
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1] but was " + confidence);
        }
        if (!Double.isFinite(entryPrice) || !Double.isFinite(stopLoss) || !Double.isFinite(takeProfit)) {
            throw new IllegalArgumentException("price levels must be finite but were entry " + entryPrice + ", stop "
                    + stopLoss + ", target " + takeProfit);
        }
        if ((action == Action.HOLD) != (strength == Strength.NONE)) {
            throw new IllegalArgumentException(action + " with strength " + strength
                    + ": HOLD goes with NONE, BUY and SELL with WEAK, MEDIUM or STRONG");
        }
    }

    /** A HOLD at {@code price} with the given confidence. */
    public static Decision hold(double confidence, double price) {
        return new Decision(Action.HOLD, Strength.NONE, confidence, price, price, price);
    }
}
