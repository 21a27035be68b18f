package dev.candlesignal.journal;

/**
 * How good the model's probabilities were at calling the next candle's direction, over every prediction (HOLDs
 * and suppressed signals included), beside two trivial baselines over the same candles. A prediction made on
 * candle {@code t} is scored when candle {@code t + 1} closes: {@code up = close[t+1] > close[t]}. Predictions
 * whose next candle is missing (a gap) are not scored, nor those whose own candle follows a gap (the
 * previous-direction baseline has nothing to go on), so that all three are measured on the same candles.
 *
 * <ul>
 *   <li>Model: hit rate of {@code p > 0.5}, Brier score {@code mean (p - y)^2} and log loss
 *       {@code mean -ln(p if up else 1 - p)}, with {@code p} clipped to {@code [1e-7, 1 - 1e-7]} (a float model can
 *       answer exactly 0 or 1).</li>
 *   <li>Always up: its hit rate is the share of up candles {@code u}. As a probability forecast it is scored at its
 *       best constant, {@code p = u}: Brier {@code u (1 - u)}, log loss {@code -(u ln u + (1 - u) ln(1 - u))}. A model
 *       that does not beat these has learned nothing beyond the base rate. (A coin, {@code p = 0.5}, scores Brier
 *       0.25 and log loss ln 2 = 0.693.)</li>
 *   <li>Previous direction: "the next candle goes where the last one went"; a hard forecast, so only its hit rate
 *       is meaningful.</li>
 * </ul>
 *
 * <p>Holds sufficient statistics; the rates are derived and are {@code NaN} when {@code count} is 0.
 *
 * <p>Immutable.
 *
 * @param count scored predictions
 * @param hits predictions with {@code (p > 0.5) == up}
 * @param brierSum sum of {@code (p - y)^2}
 * @param logLossSum sum of the log losses
 * @param ups next candles that closed higher
 * @param previousHits candles whose direction equalled the one before
 */
public record ProbabilityStats(long count, long hits, double brierSum, double logLossSum, long ups,
        long previousHits) {
    /** Probabilities are clipped to {@code [EPSILON, 1 - EPSILON]} for the log loss. */
    public static final double EPSILON = 1e-7;

    public ProbabilityStats {
        if (count < 0 || hits < 0 || hits > count || ups < 0 || ups > count || previousHits < 0
                || previousHits > count) {
            throw new IllegalArgumentException("inconsistent counts: count " + count + ", hits " + hits + ", ups " + ups
                    + ", previousHits " + previousHits);
        }
        if (!(brierSum >= 0) || !(logLossSum >= 0) || Double.isInfinite(brierSum) || Double.isInfinite(logLossSum)) {
            throw new IllegalArgumentException("sums must be finite and >= 0 but were brier " + brierSum + ", log loss "
                    + logLossSum);
        }
    }

    /** Nothing scored. */
    public static final ProbabilityStats EMPTY = new ProbabilityStats(0, 0, 0, 0, 0, 0);

    public double hitRate() {
        return ratio(hits);
    }

    public double brier() {
        return count == 0 ? Double.NaN : brierSum / count;
    }

    public double logLoss() {
        return count == 0 ? Double.NaN : logLossSum / count;
    }

    /** Share of next candles that closed higher: the always-up baseline's hit rate. */
    public double alwaysUpHitRate() {
        return ratio(ups);
    }

    /** Brier score of the best constant forecast, {@code p = } {@link #alwaysUpHitRate()}. */
    public double baseRateBrier() {
        double u = alwaysUpHitRate();
        return u * (1 - u);
    }

    /** Log loss of the best constant forecast, {@code p = } {@link #alwaysUpHitRate()} (clipped like the model's). */
    public double baseRateLogLoss() {
        if (count == 0) {
            return Double.NaN;
        }
        double u = clip(alwaysUpHitRate());
        return -(u * Math.log(u) + (1 - u) * Math.log(1 - u));
    }

    /** Hit rate of "the next candle goes where the last one went". */
    public double previousDirectionHitRate() {
        return ratio(previousHits);
    }

    private double ratio(long n) {
        return count == 0 ? Double.NaN : (double) n / count;
    }

    /** This plus one scored prediction. */
    public ProbabilityStats plus(double probability, boolean up, boolean previousUp) {
        return new ProbabilityStats(count + 1, hits + ((probability > 0.5) == up ? 1 : 0),
                brierSum + brier(probability, up), logLossSum + logLoss(probability, up), ups + (up ? 1 : 0),
                previousHits + (previousUp == up ? 1 : 0));
    }

    /** {@code (p - y)^2}. */
    public static double brier(double probability, boolean up) {
        double d = probability - (up ? 1 : 0);
        return d * d;
    }

    /** {@code -ln(p)} if up, else {@code -ln(1 - p)}, with {@code p} clipped. */
    public static double logLoss(double probability, boolean up) {
        double p = clip(probability);
        return -Math.log(up ? p : 1 - p);
    }

    private static double clip(double p) {
        return Math.min(1 - EPSILON, Math.max(EPSILON, p));
    }

    /** Adds predictions one by one, in order (so that the sums are reproducible to the last bit). */
    static final class Accumulator {
        private ProbabilityStats stats = EMPTY;

        void add(double probability, boolean up, boolean previousUp) {
            stats = stats.plus(probability, up, previousUp);
        }

        ProbabilityStats stats() {
            return stats;
        }
    }
}
