package dev.candlesignal.training;

import java.time.Instant;
import java.util.Objects;

/**
 * How a champion and a challenger scored on the same held-out window, each with its own scaler, beside the trivial
 * baselines over the same windows. Log loss is {@code mean -ln(p if up else 1 - p)} (p clipped to
 * {@code [1e-7, 1 - 1e-7]}), hit rate the share of windows with {@code (p > 0.5) == up}.
 *
 * <ul>
 *   <li>{@code baselineLogLoss}: "always up" as a probability forecast, the constant {@code p} = the share of up
 *       labels in the challenger's training candles (known when it was trained, unlike the window's own share);</li>
 *   <li>{@code previousDirectionHitRate}: "the next move repeats the last one", a hard forecast scored by hit rate.</li>
 * </ul>
 *
 * <p>Immutable.
 *
 * @param from open time of the first candle whose window was scored
 * @param to open time after the last candle used (window or label), exclusive
 * @param windows windows scored
 * @param championLogLoss the champion's log loss
 * @param challengerLogLoss the challenger's log loss
 * @param baselineLogLoss the constant forecast's log loss
 * @param championHitRate the champion's hit rate
 * @param challengerHitRate the challenger's hit rate
 * @param previousDirectionHitRate the previous-direction forecast's hit rate
 */
public record HeldOutScores(Instant from, Instant to, int windows, double championLogLoss, double challengerLogLoss,
        double baselineLogLoss, double championHitRate, double challengerHitRate, double previousDirectionHitRate) {

    public HeldOutScores {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("held-out window [" + from + ", " + to + ") is empty");
        }
        if (windows < 1) {
            throw new IllegalArgumentException("windows must be >= 1 but was " + windows);
        }
        requireLoss("championLogLoss", championLogLoss);
        requireLoss("challengerLogLoss", challengerLogLoss);
        requireLoss("baselineLogLoss", baselineLogLoss);
        requireRate("championHitRate", championHitRate);
        requireRate("challengerHitRate", challengerHitRate);
        requireRate("previousDirectionHitRate", previousDirectionHitRate);
    }

    /** How much lower the challenger's log loss is than the champion's (positive: the challenger is better). */
    public double improvement() {
        return championLogLoss - challengerLogLoss;
    }

    private static void requireLoss(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0 but was " + v);
        }
    }

    private static void requireRate(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1] but was " + v);
        }
    }
}
