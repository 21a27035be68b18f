package dev.candlesignal.retrain;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.journal.ProbabilityStats;
import dev.candlesignal.model.LabelSpec;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.Scaler;
import dev.candlesignal.training.HeldOutScores;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores a champion and a challenger on the same held-out windows, each with its own scaler, beside the trivial
 * baselines: the one place where the loop's comparison is defined.
 *
 * <p>A window is scored when its last candle opens at or after the window's start, the label's candle
 * ({@code horizon} candles later) is in the history, every candle from the window's first to the label's is
 * contiguous (no gap), every feature of the window is defined, and the previous direction (the label function over
 * the {@code horizon} candles before) is known. Log loss uses the journal's definition
 * ({@link ProbabilityStats#logLoss}, probabilities clipped to {@code [1e-7, 1 - 1e-7]}).
 *
 * <p>Stateless.
 */
final class HeldOut {
    /** Windows per model call. */
    private static final int BATCH = 256;

    private HeldOut() {
    }

    /**
     * The share of up labels among the candles of {@code history} (per stream, contiguous pairs only): the constant
     * forecast a model that learned nothing would make. 0.5 when there is no pair.
     */
    static double baseRate(Map<StreamKey, List<Candle>> history, LabelSpec label) {
        long ups = 0;
        long count = 0;
        for (Map.Entry<StreamKey, List<Candle>> e : history.entrySet()) {
            Interval interval = e.getKey().interval();
            List<Candle> c = e.getValue();
            int h = label.horizon();
            int[] runStart = runStarts(c, interval);
            for (int k = 0; k + h < c.size(); k++) {
                if (runStart[k + h] <= k) {
                    count++;
                    ups += label.label(c.get(k).close(), c.get(k + h).close()) ? 1 : 0;
                }
            }
        }
        return count == 0 ? 0.5 : (double) ups / count;
    }

    /**
     * Scores both models on every window of {@code history} whose last candle opens at or after {@code from}.
     *
     * @return empty if no window qualifies
     * @throws dev.candlesignal.SignalException if a feature or a model fails
     */
    static Optional<HeldOutScores> score(FeatureSet featureSet, Model champion, Model challenger, LabelSpec label,
            Map<StreamKey, List<Candle>> history, Instant from, double baseRate) {
        int length = champion.sequenceLength();
        int width = featureSet.featureCount();
        int h = label.horizon();
        List<float[]> championWindows = new ArrayList<>();
        List<float[]> challengerWindows = new ArrayList<>();
        List<boolean[]> truths = new ArrayList<>(); // {up, previous up}
        Instant first = null;
        Instant end = null;
        for (Map.Entry<StreamKey, List<Candle>> e : history.entrySet()) {
            Interval interval = e.getKey().interval();
            List<Candle> c = e.getValue();
            if (c.isEmpty()) {
                continue;
            }
            double[][] rows = featureSet.compute(c);
            int[] runStart = runStarts(c, interval);
            for (int k = 0; k + h < c.size(); k++) {
                int start = k - length + 1;
                if (c.get(k).openTime().isBefore(from) || start < 0 || runStart[k + h] > start || k - h < start
                        || !defined(rows, start, k)) {
                    continue;
                }
                championWindows.add(window(rows, start, length, width, champion.scaler()));
                challengerWindows.add(window(rows, start, length, width, challenger.scaler()));
                truths.add(new boolean[] {label.label(c.get(k).close(), c.get(k + h).close()),
                        label.label(c.get(k - h).close(), c.get(k).close())});
                Instant open = c.get(k).openTime();
                Instant after = interval.next(c.get(k + h).openTime());
                first = first == null || open.isBefore(first) ? open : first;
                end = end == null || after.isAfter(end) ? after : end;
            }
        }
        int n = truths.size();
        if (n == 0) {
            return Optional.empty();
        }
        float[] pChampion = predict(champion, championWindows);
        float[] pChallenger = predict(challenger, challengerWindows);
        double championLoss = 0;
        double challengerLoss = 0;
        double baselineLoss = 0;
        long championHits = 0;
        long challengerHits = 0;
        long previousHits = 0;
        for (int i = 0; i < n; i++) {
            boolean up = truths.get(i)[0];
            championLoss += ProbabilityStats.logLoss(pChampion[i], up);
            challengerLoss += ProbabilityStats.logLoss(pChallenger[i], up);
            baselineLoss += ProbabilityStats.logLoss(baseRate, up);
            championHits += (pChampion[i] > 0.5) == up ? 1 : 0;
            challengerHits += (pChallenger[i] > 0.5) == up ? 1 : 0;
            previousHits += truths.get(i)[1] == up ? 1 : 0;
        }
        return Optional.of(new HeldOutScores(first, end, n, championLoss / n, challengerLoss / n, baselineLoss / n,
                (double) championHits / n, (double) challengerHits / n, (double) previousHits / n));
    }

    /** For each candle, the index of the first candle of the gap-free run it belongs to. */
    private static int[] runStarts(List<Candle> c, Interval interval) {
        int[] start = new int[c.size()];
        for (int i = 1; i < c.size(); i++) {
            boolean next = interval.slotsBetween(c.get(i - 1).openTime(), c.get(i).openTime()) == 1;
            start[i] = next ? start[i - 1] : i;
        }
        return start;
    }

    private static boolean defined(double[][] rows, int from, int to) {
        for (int r = from; r <= to; r++) {
            for (double v : rows[r]) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static float[] window(double[][] rows, int start, int length, int width, Scaler scaler) {
        float[] w = new float[length * width];
        for (int t = 0; t < length; t++) {
            scaler.scale(rows[start + t], 0, w, t * width);
        }
        return w;
    }

    private static float[] predict(Model model, List<float[]> windows) {
        float[] out = new float[windows.size()];
        float[] chunk = new float[BATCH];
        for (int from = 0; from < windows.size(); from += BATCH) {
            int count = Math.min(BATCH, windows.size() - from);
            float[][] batch = windows.subList(from, from + count).toArray(new float[0][]);
            model.predictBatch(batch, new int[count], count, chunk);
            System.arraycopy(chunk, 0, out, from, count);
        }
        return out;
    }
}
