package dev.candlesignal.backtest;

import dev.candlesignal.Interval;
import dev.candlesignal.engine.Cooldown;
import dev.candlesignal.engine.DriftPolicy;
import dev.candlesignal.engine.ThresholdPolicy;
import dev.candlesignal.journal.OutcomeRule;
import dev.candlesignal.policy.SignalPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How signals become trades: everything a backtest varies without running the model again (a sweep varies these).
 *
 * <ul>
 *   <li>{@code policy}, {@code cooldown} and {@code onDrift}: the engine's decision rules, applied to the model's
 *       probabilities exactly as {@code SignalEngine} applies them (the policy decides; a window out of the
 *       training domain is withheld under {@link DriftPolicy#SUPPRESS} and starts no cooldown; a same-direction
 *       signal inside the cooldown is suppressed);</li>
 *   <li>{@code rule}: the journal's outcome rule (stop before target when a candle touches both, the maximum hold
 *       counted in candle time, commission and slippage per side);</li>
 *   <li>{@code maxOpenPositions}: positions a stream may hold at once (default 1); each takes
 *       {@code 1 / maxOpenPositions} of the stream's capital;</li>
 *   <li>{@code longOnly}: SELL signals open no short position (for spot accounts); they still count for the
 *       cooldown.</li>
 * </ul>
 *
 * <p>Immutable if the policy is.
 */
public record Strategy(SignalPolicy policy, Cooldown cooldown, DriftPolicy onDrift, OutcomeRule rule,
        int maxOpenPositions, boolean longOnly) {

    /** The seed backtest's maximum hold: 24 candles. */
    public static final int DEFAULT_HOLD_CANDLES = 24;

    public Strategy {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(cooldown, "cooldown");
        Objects.requireNonNull(onDrift, "onDrift");
        Objects.requireNonNull(rule, "rule");
        if (maxOpenPositions < 1 || maxOpenPositions > 1000) {
            throw new IllegalArgumentException("maxOpenPositions must be in [1, 1000] but was " + maxOpenPositions);
        }
    }

    /**
     * The defaults for candles of {@code interval}: the default {@link ThresholdPolicy}, the engine's default
     * cooldown (60 minutes), {@link DriftPolicy#SUPPRESS}, the journal's costs (commission 0.1 %, slippage 0.05 %
     * per side) with a maximum hold of 24 candles, one position per stream, long and short.
     */
    public static Strategy defaults(Interval interval) {
        return new Strategy(ThresholdPolicy.defaults(), Cooldown.of(Duration.ofMinutes(60)), DriftPolicy.SUPPRESS,
                OutcomeRule.defaults().toBuilder().maxHold(holdOf(DEFAULT_HOLD_CANDLES, interval)).build(), 1, false);
    }

    /**
     * {@code candles} candles of {@code interval} as a duration, for {@link OutcomeRule.Builder#maxHold}: the rule
     * counts the hold in candle time, so that gaps do not stretch it.
     *
     * @throws IllegalArgumentException for monthly candles (months differ in length: give a duration)
     */
    public static Duration holdOf(int candles, Interval interval) {
        if (candles < 1) {
            throw new IllegalArgumentException("a hold must be at least 1 candle but was " + candles);
        }
        if (!interval.isFixedLength()) {
            throw new IllegalArgumentException("a hold in candles needs candles of fixed length, not " + interval
                    + "; give the hold as a duration");
        }
        return interval.duration().multipliedBy(candles);
    }

    public Strategy withPolicy(SignalPolicy p) {
        return new Strategy(p, cooldown, onDrift, rule, maxOpenPositions, longOnly);
    }

    public Strategy withCooldown(Cooldown c) {
        return new Strategy(policy, c, onDrift, rule, maxOpenPositions, longOnly);
    }

    public Strategy withOnDrift(DriftPolicy d) {
        return new Strategy(policy, cooldown, d, rule, maxOpenPositions, longOnly);
    }

    public Strategy withRule(OutcomeRule r) {
        return new Strategy(policy, cooldown, onDrift, r, maxOpenPositions, longOnly);
    }

    public Strategy withMaxOpenPositions(int n) {
        return new Strategy(policy, cooldown, onDrift, rule, n, longOnly);
    }

    public Strategy withLongOnly(boolean l) {
        return new Strategy(policy, cooldown, onDrift, rule, maxOpenPositions, l);
    }
}
