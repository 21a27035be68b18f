package dev.candlesignal.backtest.internal;

import dev.candlesignal.Action;
import dev.candlesignal.Candle;
import dev.candlesignal.StreamKey;
import dev.candlesignal.SignalException;
import dev.candlesignal.backtest.StreamPredictions;
import dev.candlesignal.backtest.Strategy;
import dev.candlesignal.engine.DriftPolicy;
import dev.candlesignal.feature.FeatureCalculator;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.policy.CandleHistory;
import dev.candlesignal.policy.Decision;
import dev.candlesignal.policy.FeatureWindow;
import dev.candlesignal.policy.MarketContext;
import dev.candlesignal.policy.SignalPolicy;
import java.time.Instant;
import java.util.List;

/**
 * Applies a strategy's policy, domain-guard verdicts and cooldown to precomputed probabilities, in the order the
 * engine applies them ({@code SignalEngine.decide}): the policy decides; a window out of the training domain is
 * withheld under {@link DriftPolicy#SUPPRESS} (and starts no cooldown); a HOLD emits nothing; a BUY or SELL inside
 * the cooldown of the last emitted one of the same direction is suppressed; anything else is emitted. The cooldown
 * rule itself is {@code Cooldown.suppresses}, the engine's. A test checks that this gives exactly the engine's
 * emitted signals.
 *
 * <p>The policy sees a {@link MarketContext} like the engine's: the candle, the probability, the stream's recent
 * candles (as many as the engine keeps: {@code max(2, policy.historyBars())}) and, computed on first use, the raw
 * feature rows of the model window.
 *
 * <p>Not thread-safe; one per stream and strategy.
 */
public final class Decider {
    private final FeatureSet featureSet;
    private final int sequenceLength;

    /**
     * @param featureSet the feature set the model read (for policies that look at features)
     * @param sequenceLength the model's window, in candles
     */
    public Decider(FeatureSet featureSet, int sequenceLength) {
        this.featureSet = featureSet;
        this.sequenceLength = sequenceLength;
    }

    /** The emitted signals of {@code s} under {@code strategy}, from the stream's first candle on. */
    public Signals decide(StreamPredictions s, Strategy strategy) {
        Signals out = new Signals(s.size());
        SignalPolicy policy = strategy.policy();
        Context ctx = new Context(s, Math.max(2, Math.max(1, strategy.policy().historyBars())));
        boolean suppressDrift = strategy.onDrift() == DriftPolicy.SUPPRESS;
        StreamKey key = s.stream();
        Instant lastBuy = null;
        Instant lastSell = null;
        int needed = Math.max(1, policy.historyBars());
        for (int i = 0; i < s.size(); i++) {
            if (!s.predicted(i) || i + 1 < needed) {
                continue; // the engine is not ready before the policy has its history
            }
            ctx.at(i, s.probability(i));
            Decision d = decide(policy, ctx, key, s.candle(i));
            if (suppressDrift && s.outOfDomain(i)) {
                continue; // withheld: the cooldown does not start
            }
            Action a = d.action();
            if (a == Action.HOLD) {
                continue;
            }
            Instant open = s.candle(i).openTime();
            Instant lastSame = a == Action.BUY ? lastBuy : lastSell;
            if (lastSame != null && strategy.cooldown().suppresses(key.interval(), lastSame, open)) {
                continue;
            }
            if (a == Action.BUY) {
                lastBuy = open;
            } else {
                lastSell = open;
            }
            out.set(i, a, d.entryPrice(), d.stopLoss(), d.takeProfit());
        }
        return out;
    }

    /** A reusable forced-decision context for one stream (the baselines ask for every candle). */
    public Forced forcedFor(StreamPredictions s, Strategy strategy) {
        return new Forced(s, strategy);
    }

    /** Forced decisions on one stream, reusing one context. Not thread-safe. */
    public final class Forced {
        private final StreamPredictions s;
        private final Strategy strategy;
        private final Context ctx;

        Forced(StreamPredictions s, Strategy strategy) {
            this.s = s;
            this.strategy = strategy;
            this.ctx = new Context(s, Math.max(2, Math.max(1, strategy.policy().historyBars())));
        }

        /**
         * The policy's levels for a forced direction on candle {@code i}: its decision when asked with P(up) = 1
         * (BUY) or 0 (SELL). For the default policy these are its ATR stop and target; a policy that does not take
         * that direction even then answers HOLD.
         */
        public Decision at(int i, Action direction) {
            ctx.at(i, direction == Action.BUY ? 1.0 : 0.0);
            return decide(strategy.policy(), ctx, s.stream(), s.candle(i));
        }
    }

    private static Decision decide(SignalPolicy policy, MarketContext ctx, StreamKey key, Candle candle) {
        Decision d;
        try {
            d = policy.decide(ctx);
        } catch (SignalException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SignalException("policy " + policy + " failed for " + key + " at " + candle.openTime() + ": " + e,
                    e);
        }
        if (d == null) {
            throw new SignalException("policy " + policy + " returned null");
        }
        return d;
    }

    /** The context of candle {@code i}: a view over the stream's candles and (lazily) its raw feature rows. */
    private final class Context implements MarketContext, CandleHistory, FeatureWindow {
        private final StreamPredictions s;
        private final List<Candle> candles;
        private final int capacity;
        private int i;
        private double probability;
        private double[] raw; // n x columns, computed on first use

        Context(StreamPredictions s, int capacity) {
            this.s = s;
            this.candles = s.candles();
            this.capacity = capacity;
        }

        void at(int index, double p) {
            this.i = index;
            this.probability = p;
        }

        @Override
        public StreamKey stream() {
            return s.stream();
        }

        @Override
        public Candle candle() {
            return candles.get(i);
        }

        @Override
        public double probability() {
            return probability;
        }

        @Override
        public CandleHistory history() {
            return this;
        }

        @Override
        public FeatureWindow features() {
            return this;
        }

        @Override
        public int size() {
            return Math.min(i + 1, capacity);
        }

        @Override
        public Candle ago(int k) {
            if (k < 0 || k >= size()) {
                throw new IndexOutOfBoundsException("history has " + size() + " candles, asked for " + k + " back");
            }
            return candles.get(i - k);
        }

        @Override
        public int rows() {
            return sequenceLength;
        }

        @Override
        public List<String> columns() {
            return featureSet.columns();
        }

        @Override
        public double ago(int k, int column) {
            int width = featureSet.featureCount();
            if (k < 0 || k >= sequenceLength || k > i || column < 0 || column >= width) {
                throw new IndexOutOfBoundsException("window is " + sequenceLength + " rows x " + width
                        + " columns, asked for column " + column + " of the row " + k + " candles ago");
            }
            if (raw == null) {
                raw = rawRows();
            }
            return raw[(i - k) * width + column];
        }

        private double[] rawRows() {
            int width = featureSet.featureCount();
            double[] rows = new double[candles.size() * width];
            FeatureCalculator calc = featureSet.newCalculator();
            for (int j = 0; j < candles.size(); j++) {
                calc.update(candles.get(j), rows, j * width);
            }
            return rows;
        }
    }
}
