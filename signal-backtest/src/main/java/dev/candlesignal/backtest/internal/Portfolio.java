package dev.candlesignal.backtest.internal;

import dev.candlesignal.Interval;
import dev.candlesignal.backtest.EquityCurve;
import dev.candlesignal.backtest.Simulation;
import dev.candlesignal.backtest.StreamPredictions;
import dev.candlesignal.backtest.Trade;
import dev.candlesignal.journal.OutcomeRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs the {@link Executor} on every stream with an equal share of the capital ({@code 1 / streams}, fixed: no
 * rebalancing between streams) and adds the streams' values into one equity curve over the union of their candle
 * times. Stateless.
 */
public final class Portfolio {
    private static final Comparator<Trade> ORDER = Comparator.comparing(Trade::entryTime)
            .thenComparing(t -> t.stream().symbol()).thenComparing(Trade::exitTime);

    private Portfolio() {
    }

    /**
     * @param streams the streams
     * @param first per stream, the index of its first candle in the range
     * @param last per stream, the index of its last candle in the range
     * @param signals per stream, what to enter on
     */
    public static Simulation run(List<StreamPredictions> streams, int[] first, int[] last, Signals[] signals,
            OutcomeRule rule, int maxOpen, boolean longOnly, Interval interval) {
        int s = streams.size();
        double capital = 1.0 / s;
        Executor executor = new Executor();
        List<Trade> trades = new ArrayList<>();
        Executor.Run[] runs = new Executor.Run[s];
        long inMarket = 0;
        long candles = 0;
        for (int k = 0; k < s; k++) {
            runs[k] = executor.run(streams.get(k), signals[k], first[k], last[k], rule, maxOpen, longOnly, capital);
            trades.addAll(runs[k].trades());
            inMarket += runs[k].candlesInMarket();
            candles += last[k] - first[k] + 1;
        }
        if (s > 1) {
            trades.sort(ORDER);
        }
        EquityCurve curve = curve(streams, first, last, runs, capital, interval);
        return new Simulation(trades, curve, MetricsCalculator.of(trades, curve, interval, inMarket, candles));
    }

    private static EquityCurve curve(List<StreamPredictions> streams, int[] first, int[] last, Executor.Run[] runs,
            double capital, Interval interval) {
        int s = streams.size();
        long[] times;
        double[] values;
        if (s == 1) {
            StreamPredictions sp = streams.get(0);
            int n = last[0] - first[0] + 1;
            times = new long[n + 1];
            values = new double[n + 1];
            times[0] = sp.candle(first[0]).openTime().toEpochMilli();
            values[0] = 1.0;
            double[] v = runs[0].values();
            for (int i = 0; i < n; i++) {
                times[i + 1] = interval.next(sp.candle(first[0] + i).openTime()).toEpochMilli();
                values[i + 1] = v[i];
            }
            return new EquityCurve(times, values);
        }
        // the union of the streams' candle times, in order
        long[] all = new long[Math.toIntExact(sumLengths(first, last))];
        int m = 0;
        for (int k = 0; k < s; k++) {
            for (int i = first[k]; i <= last[k]; i++) {
                all[m++] = streams.get(k).candle(i).openTime().toEpochMilli();
            }
        }
        long[] timeline = java.util.Arrays.stream(all).sorted().distinct().toArray();
        times = new long[timeline.length + 1];
        values = new double[timeline.length + 1];
        times[0] = timeline[0];
        values[0] = 1.0;
        int[] ptr = new int[s]; // per stream, candles at or before the current time
        for (int t = 0; t < timeline.length; t++) {
            double total = 0;
            for (int k = 0; k < s; k++) {
                StreamPredictions sp = streams.get(k);
                while (first[k] + ptr[k] <= last[k]
                        && sp.candle(first[k] + ptr[k]).openTime().toEpochMilli() <= timeline[t]) {
                    ptr[k]++;
                }
                total += ptr[k] == 0 ? capital : runs[k].values()[ptr[k] - 1];
            }
            times[t + 1] = interval.next(java.time.Instant.ofEpochMilli(timeline[t])).toEpochMilli();
            values[t + 1] = total;
        }
        return new EquityCurve(times, values);
    }

    private static long sumLengths(int[] first, int[] last) {
        long n = 0;
        for (int k = 0; k < first.length; k++) {
            n += last[k] - first[k] + 1;
        }
        return n;
    }
}
