package dev.candlesignal.engine;

import dev.candlesignal.policy.AverageTrueRange;
import dev.candlesignal.policy.MarketContext;
import dev.candlesignal.policy.Decision;
import dev.candlesignal.policy.SignalPolicy;
import dev.candlesignal.Action;
import dev.candlesignal.Strength;

/**
 * The default policy: the reference bot's LSTM-only rule, with its bugs fixed.
 *
 * <ul>
 *   <li>confidence = max(p, 1 - p);</li>
 *   <li>p &gt; 0.5 with confidence &ge; {@code minConfidence} (0.55) is BUY, p &lt; 0.5 with confidence &ge;
 *       {@code minConfidence} is SELL, anything else HOLD; p == 0.5 is always HOLD (the bot sent it to SELL);</li>
 *   <li>STRONG at confidence &ge; {@code strongConfidence} (0.65), else MEDIUM;</li>
 *   <li>entry = the candle's close; BUY: stop = entry - 2 x ATR14, target = entry + 4 x ATR14; SELL mirrored.
 *       ATR14 is the simple mean of the true range over 14 candles ({@link AverageTrueRange}), computed here from
 *       the candles so it works with any feature set.</li>
 * </ul>
 * The same-direction cooldown is applied by the engine ({@code SignalEngine.Builder.cooldown}).
 *
 * <p>Immutable and thread-safe.
 */
public final class ThresholdPolicy implements SignalPolicy {
    private final double minConfidence;
    private final double strongConfidence;
    private final double stopAtrMultiple;
    private final double targetAtrMultiple;
    private final int atrPeriod;

    private ThresholdPolicy(Builder b) {
        this.minConfidence = b.minConfidence;
        this.strongConfidence = b.strongConfidence;
        this.stopAtrMultiple = b.stopAtrMultiple;
        this.targetAtrMultiple = b.targetAtrMultiple;
        this.atrPeriod = b.atrPeriod;
    }

    /** The default policy: confidence 0.55 for a signal, 0.65 for STRONG, stop 2 x ATR14, target 4 x ATR14. */
    public static ThresholdPolicy defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .minConfidence(minConfidence)
                .strongConfidence(strongConfidence)
                .stopAtrMultiple(stopAtrMultiple)
                .targetAtrMultiple(targetAtrMultiple)
                .atrPeriod(atrPeriod);
    }

    @Override
    public Decision decide(MarketContext context) {
        double p = context.probability();
        double price = context.candle().close();
        double confidence = Math.max(p, 1 - p);
        Action action;
        if (p > 0.5 && confidence >= minConfidence) {
            action = Action.BUY;
        } else if (p < 0.5 && confidence >= minConfidence) {
            action = Action.SELL;
        } else {
            action = Action.HOLD;
        }
        Strength strength = Strength.NONE;
        double stop = price;
        double target = price;
        if (action != Action.HOLD) {
            strength = confidence >= strongConfidence ? Strength.STRONG : Strength.MEDIUM;
            double atr = AverageTrueRange.of(context.history(), atrPeriod);
            double sign = action == Action.BUY ? 1 : -1;
            stop = price - sign * stopAtrMultiple * atr;
            target = price + sign * targetAtrMultiple * atr;
        }
        // one allocation site: once inlined into the engine, the JIT can scalar-replace the record
        return new Decision(action, strength, confidence, price, stop, target);
    }

    @Override
    public int historyBars() {
        return atrPeriod + 1;
    }

    public double minConfidence() {
        return minConfidence;
    }

    public double strongConfidence() {
        return strongConfidence;
    }

    public double stopAtrMultiple() {
        return stopAtrMultiple;
    }

    public double targetAtrMultiple() {
        return targetAtrMultiple;
    }

    public int atrPeriod() {
        return atrPeriod;
    }

    @Override
    public String toString() {
        return "ThresholdPolicy[minConfidence=" + minConfidence + ", strongConfidence=" + strongConfidence
                + ", stop=" + stopAtrMultiple + "xATR" + atrPeriod + ", target=" + targetAtrMultiple + "xATR" + atrPeriod + "]";
    }

    /**
     * Builds a {@link ThresholdPolicy}; starts from the defaults. Each setter rejects a bad value naming it;
     * {@link #build()} checks that {@code minConfidence <= strongConfidence}.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private double minConfidence = 0.55;
        private double strongConfidence = 0.65;
        private double stopAtrMultiple = 2.0;
        private double targetAtrMultiple = 4.0;
        private int atrPeriod = 14;

        private Builder() {
        }

        /** Confidence a directional signal needs, in [0.5, 1]. Default 0.55. */
        public Builder minConfidence(double minConfidence) {
            this.minConfidence = checkConfidence("minConfidence", minConfidence);
            return this;
        }

        /** Confidence for STRONG, in [0.5, 1]. Default 0.65. */
        public Builder strongConfidence(double strongConfidence) {
            this.strongConfidence = checkConfidence("strongConfidence", strongConfidence);
            return this;
        }

        /** Stop distance in ATRs, > 0. Default 2. */
        public Builder stopAtrMultiple(double multiple) {
            this.stopAtrMultiple = checkMultiple("stopAtrMultiple", multiple);
            return this;
        }

        /** Target distance in ATRs, > 0. Default 4. */
        public Builder targetAtrMultiple(double multiple) {
            this.targetAtrMultiple = checkMultiple("targetAtrMultiple", multiple);
            return this;
        }

        /** ATR period in candles, >= 1. Default 14. */
        public Builder atrPeriod(int period) {
            if (period < 1) {
                throw new IllegalArgumentException("atrPeriod must be >= 1 but was " + period);
            }
            this.atrPeriod = period;
            return this;
        }

        public ThresholdPolicy build() {
            if (minConfidence > strongConfidence) {
                throw new IllegalArgumentException("minConfidence " + minConfidence + " is above strongConfidence "
                        + strongConfidence);
            }
            return new ThresholdPolicy(this);
        }

        private static double checkConfidence(String name, double value) {
            if (!(value >= 0.5 && value <= 1)) {
                throw new IllegalArgumentException(name + " must be in [0.5, 1] but was " + value);
            }
            return value;
        }

        private static double checkMultiple(String name, double value) {
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException(name + " must be finite and > 0 but was " + value);
            }
            return value;
        }
    }
}
