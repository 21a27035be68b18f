package dev.candlesignal.backtest.internal;

import dev.candlesignal.Action;
import dev.candlesignal.Interval;
import dev.candlesignal.backtest.Metrics;
import dev.candlesignal.backtest.RandomBaseline;
import dev.candlesignal.backtest.Simulation;
import dev.candlesignal.backtest.StreamPredictions;
import dev.candlesignal.backtest.Strategy;
import dev.candlesignal.backtest.Trade;
import dev.candlesignal.journal.OutcomeRule;
import dev.candlesignal.journal.Resolution;
import dev.candlesignal.journal.TradeLevels;
import dev.candlesignal.policy.Decision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The trivial rules a strategy must beat over the same range, with the same capital split, costs and executor:
 * <ul>
 *   <li><b>buy and hold</b>: long at the close of each stream's first candle of the range, closed at its last
 *       close (one trade per stream, commission and slippage on both sides);</li>
 *   <li><b>always long</b>: a BUY on every candle the model predicted, with the policy's levels for a BUY, so with
 *       one position per stream a new position opens whenever the last one closed;</li>
 *   <li><b>previous direction</b>: on every predicted candle, the direction of that candle (close above the
 *       previous close: BUY; below: SELL; equal: nothing), with the policy's levels;</li>
 *   <li><b>random entries</b>: see {@link RandomBaseline}.</li>
 * </ul>
 * "The policy's levels" for a direction are its decision when asked with P(up) = 1 (BUY) or 0 (SELL): for the default
 * policy, the entry at the close and its ATR stop and target.
 *
 * <p>Not thread-safe.
 */
public final class Baselines {
    private final List<StreamPredictions> streams;
    private final int[] first;
    private final int[] last;
    private final Strategy strategy;
    private final Interval interval;
    private final Decider decider;
    private final Signals[] buyLevels;
    private final Signals[] sellLevels;

    public Baselines(List<StreamPredictions> streams, int[] first, int[] last, Strategy strategy, Interval interval,
            Decider decider) {
        this.streams = streams;
        this.first = first;
        this.last = last;
        this.strategy = strategy;
        this.interval = interval;
        this.decider = decider;
        int s = streams.size();
        buyLevels = new Signals[s];
        sellLevels = new Signals[s];
        for (int k = 0; k < s; k++) {
            StreamPredictions sp = streams.get(k);
            buyLevels[k] = new Signals(sp.size());
            sellLevels[k] = new Signals(sp.size());
            Decider.Forced forced = decider.forcedFor(sp, strategy);
            int needed = Math.max(1, strategy.policy().historyBars());
            for (int i = first[k]; i <= last[k]; i++) {
                if (!sp.predicted(i) || i + 1 < needed) {
                    continue;
                }
                level(buyLevels[k], i, forced.at(i, Action.BUY), Action.BUY);
                level(sellLevels[k], i, forced.at(i, Action.SELL), Action.SELL);
            }
        }
    }

    private static void level(Signals out, int i, Decision d, Action wanted) {
        if (d.action() == wanted) {
            out.set(i, wanted, d.entryPrice(), d.stopLoss(), d.takeProfit());
        }
    }

    public Simulation buyAndHold() {
        Signals[] sig = new Signals[streams.size()];
        for (int k = 0; k < sig.length; k++) {
            StreamPredictions sp = streams.get(k);
            sig[k] = new Signals(sp.size());
            double close = sp.candle(first[k]).close();
            sig[k].set(first[k], Action.BUY, close, 0, Double.MAX_VALUE);
        }
        OutcomeRule forever = strategy.rule().toBuilder().maxHold(Duration.ofDays(36_525)).build();
        return Portfolio.run(streams, first, last, sig, forever, 1, false, interval);
    }

    public Simulation alwaysLong() {
        return Portfolio.run(streams, first, last, buyLevels, strategy.rule(), strategy.maxOpenPositions(), false,
                interval);
    }

    public Simulation previousDirection() {
        Signals[] sig = new Signals[streams.size()];
        for (int k = 0; k < sig.length; k++) {
            StreamPredictions sp = streams.get(k);
            sig[k] = new Signals(sp.size());
            for (int i = Math.max(first[k], 1); i <= last[k]; i++) {
                double move = sp.candle(i).close() - sp.candle(i - 1).close();
                Signals from = move > 0 ? buyLevels[k] : move < 0 ? sellLevels[k] : null;
                if (from != null && from.action[i] != Signals.NONE) {
                    sig[k].set(i, Signals.toAction(from.action[i]), from.entry[i], from.stop[i], from.target[i]);
                }
            }
        }
        return Portfolio.run(streams, first, last, sig, strategy.rule(), strategy.maxOpenPositions(),
                strategy.longOnly(), interval);
    }

    /** {@code runs} random-entry runs drawn from {@code seed}, compared with {@code strategy}'s result. */
    public RandomBaseline random(Simulation strategyRun, int runs, long seed) {
        int s = streams.size();
        int[] wanted = new int[s];
        int longs = 0;
        for (Trade t : strategyRun.trades()) {
            wanted[streams.indexOf(streamOf(t))]++;
            if (t.side() == Action.BUY) {
                longs++;
            }
        }
        int total = strategyRun.trades().size();
        double longShare = strategy.longOnly() ? 1 : total == 0 ? 0.5 : (double) longs / total;
        Random random = new Random(seed);
        Scheduler[] schedulers = new Scheduler[s];
        for (int k = 0; k < s; k++) {
            schedulers[k] = new Scheduler(k);
        }
        List<Simulation> results = new ArrayList<>(runs);
        for (int r = 0; r < runs; r++) {
            Signals[] sig = new Signals[s];
            for (int k = 0; k < s; k++) {
                sig[k] = schedulers[k].draw(wanted[k], longShare, random);
            }
            results.add(Portfolio.run(streams, first, last, sig, strategy.rule(), strategy.maxOpenPositions(),
                    false, interval));
        }
        double[] returns = results.stream().mapToDouble(x -> x.metrics().totalReturnPct()).toArray();
        double[] sharpes = results.stream().mapToDouble(x -> x.metrics().sharpe()).filter(x -> !Double.isNaN(x))
                .toArray();
        Integer[] order = new Integer[runs];
        for (int i = 0; i < runs; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(returns[a], returns[b]));
        Metrics median = results.get(order[(runs - 1) / 2]).metrics();
        double meanTrades = results.stream().mapToInt(x -> x.trades().size()).average().orElse(0);
        Metrics own = strategyRun.metrics();
        return new RandomBaseline(runs, seed, median, meanTrades, quantile(returns, 0.05), quantile(returns, 0.5),
                quantile(returns, 0.95), quantile(sharpes, 0.5), percentile(returns, own.totalReturnPct()),
                Double.isNaN(own.sharpe()) ? Double.NaN : percentile(sharpes, own.sharpe()));
    }

    private dev.candlesignal.backtest.StreamPredictions streamOf(Trade t) {
        for (StreamPredictions sp : streams) {
            if (sp.stream().equals(t.stream())) {
                return sp;
            }
        }
        throw new IllegalStateException("trade of an unknown stream " + t.stream());
    }

    /** Share of {@code sample} below {@code x}, ties counting half, in percent. */
    static double percentile(double[] sample, double x) {
        if (sample.length == 0) {
            return Double.NaN;
        }
        double below = 0;
        for (double v : sample) {
            below += v < x ? 1 : v == x ? 0.5 : 0;
        }
        return 100 * below / sample.length;
    }

    /** Linear-interpolated quantile (numpy's default) of an unsorted sample. */
    static double quantile(double[] sample, double q) {
        if (sample.length == 0) {
            return Double.NaN;
        }
        double[] s = sample.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, s.length - 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }

    /**
     * Draws random entries for one stream that the executor will all take: a candidate is accepted only if, with
     * the positions already accepted, no candle would have more than {@code maxOpen} positions open. A position
     * entered at {@code i} is open at the entries of candles {@code i+1 .. free-1}, {@code free} being the candle
     * whose processing closes it (the outcome rule's exit candle, or the one after the hold ended in a gap), so its
     * exit depends only on its own entry: it is computed once per candle and direction and cached.
     */
    private final class Scheduler {
        private final int k;
        private final StreamPredictions sp;
        private final int[] candidates;
        private final int[] freeBuy;
        private final int[] freeSell;

        Scheduler(int k) {
            this.k = k;
            this.sp = streams.get(k);
            List<Integer> c = new ArrayList<>();
            for (int i = first[k]; i < last[k]; i++) {
                if (buyLevels[k].action[i] != Signals.NONE || sellLevels[k].action[i] != Signals.NONE) {
                    c.add(i);
                }
            }
            candidates = c.stream().mapToInt(Integer::intValue).toArray();
            freeBuy = new int[sp.size()];
            freeSell = new int[sp.size()];
        }

        Signals draw(int wanted, double longShare, Random random) {
            Signals out = new Signals(sp.size());
            int maxOpen = strategy.maxOpenPositions();
            int[] occ = new int[sp.size() + 1];
            boolean[] entry = new boolean[sp.size() + 1];
            int[] order = candidates.clone();
            for (int i = order.length - 1; i > 0; i--) { // Fisher-Yates
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            int accepted = 0;
            for (int n = 0; n < order.length && accepted < wanted; n++) {
                int i = order[n];
                boolean buy = random.nextDouble() < longShare;
                Signals levels = buy ? buyLevels[k] : sellLevels[k];
                if (levels.action[i] == Signals.NONE) {
                    if (strategy.longOnly()) {
                        continue;
                    }
                    buy = !buy;
                    levels = buy ? buyLevels[k] : sellLevels[k];
                }
                if (occ[i] >= maxOpen) {
                    continue;
                }
                int free = free(i, buy, levels);
                boolean fits = true;
                for (int j = i + 1; j < free && fits; j++) {
                    fits = !entry[j] || occ[j] + 1 < maxOpen;
                }
                if (!fits) {
                    continue;
                }
                for (int j = i + 1; j < free; j++) {
                    occ[j]++;
                }
                entry[i] = true;
                out.set(i, buy ? Action.BUY : Action.SELL, levels.entry[i], levels.stop[i], levels.target[i]);
                accepted++;
            }
            return out;
        }

        private int free(int i, boolean buy, Signals levels) {
            int[] cache = buy ? freeBuy : freeSell;
            if (cache[i] == 0) {
                TradeLevels t = new TradeLevels(interval, sp.candle(i).openTime(), buy ? Action.BUY : Action.SELL,
                        levels.entry[i], levels.stop[i], levels.target[i]);
                int free = last[k] + 1;
                java.time.Instant lastOpen = t.openTime();
                double lastClose = t.entry();
                for (int j = i + 1; j <= last[k]; j++) {
                    Optional<Resolution> r = strategy.rule().step(t, lastOpen, lastClose, sp.candle(j));
                    if (r.isPresent()) {
                        free = j;
                        break;
                    }
                    lastOpen = sp.candle(j).openTime();
                    lastClose = sp.candle(j).close();
                }
                cache[i] = free;
            }
            return cache[i];
        }
    }
}
