package dev.candlesignal.backtest.internal;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.backtest.Calibration;
import dev.candlesignal.backtest.StreamPredictions;
import dev.candlesignal.journal.ProbabilityStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores the probabilities of a range against the next candle's direction, with the journal's rule
 * ({@link ProbabilityStats}: a prediction on candle {@code t} is scored if candle {@code t + 1} follows without a gap,
 * and candle {@code t} follows {@code t - 1} without one, so that the previous-direction baseline is measured on the
 * same candles), and cuts the scored predictions into probability deciles for the calibration plot. Stateless.
 */
public final class Scoring {
    private Scoring() {
    }

    /** The scores and the calibration of the predictions on candles {@code [first[k], last[k]]} of each stream. */
    public static Result score(List<StreamPredictions> streams, int[] first, int[] last, Interval interval) {
        ProbabilityStats stats = ProbabilityStats.EMPTY;
        List<double[]> scored = new ArrayList<>(); // {p, up}
        for (int k = 0; k < streams.size(); k++) {
            StreamPredictions s = streams.get(k);
            for (int i = Math.max(first[k], 1); i <= last[k] && i + 1 < s.size(); i++) {
                if (!s.predicted(i)) {
                    continue;
                }
                Candle prev = s.candle(i - 1);
                Candle c = s.candle(i);
                Candle next = s.candle(i + 1);
                if (!interval.next(prev.openTime()).equals(c.openTime())
                        || !interval.next(c.openTime()).equals(next.openTime())) {
                    continue;
                }
                boolean up = next.close() > c.close();
                boolean previousUp = c.close() > prev.close();
                double p = s.probability(i);
                stats = stats.plus(p, up, previousUp);
                scored.add(new double[] {p, up ? 1 : 0});
            }
        }
        return new Result(stats, calibration(scored));
    }

    /** The scores and the calibration. */
    public record Result(ProbabilityStats stats, Calibration calibration) {
    }

    static Calibration calibration(List<double[]> scored) {
        double[][] sorted = scored.toArray(new double[0][]);
        Arrays.sort(sorted, (a, b) -> Double.compare(a[0], b[0]));
        int n = sorted.length;
        List<Calibration.Bin> bins = new ArrayList<>();
        if (n == 0) {
            return new Calibration(bins);
        }
        int groups = Math.min(10, n);
        for (int g = 0; g < groups; g++) {
            int from = (int) ((long) g * n / groups);
            int to = (int) ((long) (g + 1) * n / groups);
            double sumP = 0;
            double ups = 0;
            for (int i = from; i < to; i++) {
                sumP += sorted[i][0];
                ups += sorted[i][1];
            }
            int count = to - from;
            bins.add(new Calibration.Bin(g + 1, count, sorted[from][0], sorted[to - 1][0], sumP / count, ups / count));
        }
        return new Calibration(bins);
    }
}
