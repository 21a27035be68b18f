package dev.candlesignal.backtest.internal;

import dev.candlesignal.Action;
import dev.candlesignal.Interval;
import dev.candlesignal.backtest.EquityCurve;
import dev.candlesignal.backtest.Metrics;
import dev.candlesignal.backtest.Trade;
import java.util.Arrays;
import java.util.List;

/** Computes {@link Metrics}; the formulas are stated on {@link Metrics}. Stateless. */
public final class MetricsCalculator {
    static final double YEAR_MILLIS = 365.25 * 24 * 3600 * 1000;

    private MetricsCalculator() {
    }

    /** Candles per year: 365.25 days over the interval (12 for monthly candles). */
    public static double periodsPerYear(Interval interval) {
        return interval.isFixedLength() ? YEAR_MILLIS / interval.millis() : 12;
    }

    /**
     * @param inMarket candles (summed over streams) during which a position was held
     * @param candles candles of the range, summed over streams
     */
    public static Metrics of(List<Trade> trades, EquityCurve curve, Interval interval, long inMarket, long candles) {
        int n = trades.size();
        int wins = 0;
        int longs = 0;
        int stop = 0;
        int target = 0;
        int timeout = 0;
        int end = 0;
        double sumWin = 0;
        double sumLoss = 0;
        double sum = 0;
        double holdMillis = 0;
        double[] pnl = new double[n];
        for (int i = 0; i < n; i++) {
            Trade t = trades.get(i);
            double p = t.pnlPct();
            pnl[i] = p;
            sum += p;
            if (p > 0) {
                wins++;
                sumWin += p;
            } else {
                sumLoss += p;
            }
            if (t.side() == Action.BUY) {
                longs++;
            }
            switch (t.exitReason()) {
                case STOP -> stop++;
                case TARGET -> target++;
                case TIMEOUT -> timeout++;
                case END -> end++;
            }
            holdMillis += t.exitTime().toEpochMilli() - t.entryTime().toEpochMilli();
        }
        int losses = n - wins;
        double winRate = n == 0 ? Double.NaN : (double) wins / n;
        double avgWin = wins == 0 ? Double.NaN : sumWin / wins;
        double avgLoss = losses == 0 ? Double.NaN : sumLoss / losses;
        double expectancy = n == 0 ? Double.NaN
                : (wins == 0 ? 0 : winRate * avgWin) + (losses == 0 ? 0 : (1 - winRate) * avgLoss);
        double grossLoss = 0;
        for (double p : pnl) {
            if (p < 0) {
                grossLoss -= p;
            }
        }
        double profitFactor = grossLoss > 0 ? sumWin / grossLoss : Double.NaN;
        double[] sorted = pnl.clone();
        Arrays.sort(sorted);
        double median = n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;

        Drawdown dd = drawdown(curve);
        double[] ratios = sharpeSortino(curve, periodsPerYear(interval));
        double last = curve.last();
        double span = curve.timeMillis(curve.size() - 1) - curve.timeMillis(0);
        double cagr = last > 0 && span > 0 ? 100 * (Math.pow(last, YEAR_MILLIS / span) - 1) : Double.NaN;
        return new Metrics(n, wins, losses, longs, n - longs, winRate, 100 * (last - 1), cagr, dd.pct, dd.hours,
                dd.recovered, ratios[0], ratios[1], profitFactor, expectancy, n == 0 ? Double.NaN : sum / n, median,
                n == 0 ? Double.NaN : sorted[n - 1], n == 0 ? Double.NaN : sorted[0], avgWin, avgLoss,
                candles == 0 ? Double.NaN : 100.0 * inMarket / candles, n == 0 ? Double.NaN : holdMillis / n / 3.6e6,
                stop, target, timeout, end, last);
    }

    record Drawdown(double pct, double hours, boolean recovered) {
    }

    static Drawdown drawdown(EquityCurve curve) {
        double peak = curve.value(0);
        long peakTime = curve.timeMillis(0);
        double max = 0;
        long maxPeakTime = peakTime;
        long recoveredAt = -1;
        boolean open = false; // the deepest drawdown so far is still under way
        for (int i = 1; i < curve.size(); i++) {
            double v = curve.value(i);
            if (v >= peak) {
                if (open) {
                    recoveredAt = curve.timeMillis(i);
                    open = false;
                }
                peak = v;
                peakTime = curve.timeMillis(i);
                continue;
            }
            double dd = 1 - v / peak;
            if (dd > max) {
                max = dd;
                maxPeakTime = peakTime;
                open = true;
            }
        }
        if (max == 0) {
            return new Drawdown(0, 0, true);
        }
        long until = open ? curve.timeMillis(curve.size() - 1) : recoveredAt;
        return new Drawdown(100 * max, (until - maxPeakTime) / 3.6e6, !open);
    }

    /** {@code [sharpe, sortino]} of the curve's per-candle returns, annualised with {@code periods} per year. */
    static double[] sharpeSortino(EquityCurve curve, double periods) {
        int n = curve.size() - 1;
        double[] r = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            r[i] = curve.value(i + 1) / curve.value(i) - 1;
            mean += r[i];
        }
        mean /= n;
        double var = 0;
        double down = 0;
        for (double x : r) {
            var += (x - mean) * (x - mean);
            if (x < 0) {
                down += x * x;
            }
        }
        double sd = n > 1 ? Math.sqrt(var / (n - 1)) : Double.NaN;
        double dd = Math.sqrt(down / n);
        double scale = Math.sqrt(periods);
        return new double[] {sd > 0 ? mean / sd * scale : Double.NaN, dd > 0 ? mean / dd * scale : Double.NaN};
    }
}
