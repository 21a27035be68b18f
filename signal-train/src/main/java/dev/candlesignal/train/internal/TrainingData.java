package dev.candlesignal.train.internal;

import dev.candlesignal.Candle;
import dev.candlesignal.CandleTimeException;
import dev.candlesignal.Interval;
import dev.candlesignal.SignalException;
import dev.candlesignal.StreamKey;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.model.LabelSpec;
import dev.candlesignal.model.Scaler;
import dev.candlesignal.training.TrainingException;
import dev.candlesignal.training.TrainingException.Reason;
import dev.candlesignal.training.TrainingJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The windows a model trains and validates on, with their labels and the training scaler: the rules of
 * {@code tools/train} (seed-spec 4 with its bugs fixed, 9.1-9.3), in one place.
 *
 * <ul>
 *   <li><b>Features</b> come from {@link FeatureSet#compute}, one calculator per stream from its first candle, exactly
 *   as the engine computes the rows it serves (rolling features span a gap, as {@link dev.candlesignal.Gap} says).
 *   From row {@code warmupBars() - 1} on every value must be finite (the rule of {@code FeatureExport}).
 *   <li><b>Windows</b>: the window ending at candle {@code t} holds the rows {@code t - L + 1 .. t}; only fully defined
 *   windows are used ({@code t - L + 1 >= warmupBars() - 1}), and a window never spans a gap: its rows and its label
 *   candle {@code t + h} are consecutive candles of the interval.
 *   <li><b>Label</b> of the window ending at {@code t}: {@code close[t + h] > close[t] * (1 + threshold)}
 *   ({@link LabelSpec#label}).
 *   <li><b>Split</b>: the windows of all streams in order of their last candle; the first
 *   {@code round_half_even(N * (1 - validationFraction))} are training candidates (at least one, at most N - 1), the
 *   rest validation (all windows ending at the first validation window's time go to validation); a training window
 *   is kept only if its last candle opened at least {@code purge} interval slots before the first validation
 *   window's, so no validation window shares a candle, or a label candle, with a training window
 *   ({@code purge >= L + h}). For one gap-free stream this is exactly {@code tools/train}'s rule on rows.
 *   <li><b>Scaler</b>: z-score ({@link Scaler#fit}, population std, epsilon 1e-8) on the rows that lie in some training
 *   window, each row once; never on validation rows.
 *   <li><b>Previous-direction baseline</b> at {@code t}: {@code close[t] > close[t - h] * (1 + threshold)}, where
 *   candles {@code t - h .. t} have no gap; undefined otherwise.
 * </ul>
 *
 * <p>Immutable after {@link #prepare}; confined to one training.
 */
public final class TrainingData {

    /** What shapes the windows. */
    public record Spec(FeatureSet featureSet, int sequenceLength, LabelSpec label, double validationFraction,
            int purge) {
    }

    private final Spec spec;
    private final List<StreamSeries> series;
    private final Interval interval;
    private final int[] trainSeries;
    private final int[] trainEnds;
    private final float[] trainLabels;
    private final int[] valSeries;
    private final int[] valEnds;
    private final float[] valLabels;
    private final byte[] valPrevious;
    private final Scaler scaler;
    private final int scalerRows;
    private final Instant from;
    private final Instant to;

    private TrainingData(Spec spec, List<StreamSeries> series, Interval interval, int[] train, int[] validation,
            int[] windowSeries, int[] windowEnds, float[] labels, byte[] previous, Scaler scaler, int scalerRows) {
        this.spec = spec;
        this.series = series;
        this.interval = interval;
        this.trainSeries = pick(windowSeries, train);
        this.trainEnds = pick(windowEnds, train);
        this.trainLabels = pick(labels, train);
        this.valSeries = pick(windowSeries, validation);
        this.valEnds = pick(windowEnds, validation);
        this.valLabels = pick(labels, validation);
        this.valPrevious = new byte[validation.length];
        for (int i = 0; i < validation.length; i++) {
            valPrevious[i] = previous[validation[i]];
        }
        this.scaler = scaler;
        this.scalerRows = scalerRows;
        int length = spec.sequenceLength();
        int horizon = spec.label().horizon();
        Instant first = null;
        Instant last = null;
        for (int i = 0; i < windowSeries.length; i++) {
            // a window is used if it is training or validation; both arrays are small, so mark them
            if (!used(i, train, validation)) {
                continue;
            }
            List<Candle> candles = series.get(windowSeries[i]).candles();
            Instant start = candles.get(windowEnds[i] - length + 1).openTime();
            Instant end = interval.next(candles.get(windowEnds[i] + horizon).openTime());
            first = first == null || start.isBefore(first) ? start : first;
            last = last == null || end.isAfter(last) ? end : last;
        }
        this.from = first;
        this.to = last;
    }

    private static boolean used(int window, int[] train, int[] validation) {
        return Arrays.binarySearch(train, window) >= 0 || Arrays.binarySearch(validation, window) >= 0;
    }

    /**
     * Computes the features of every stream of {@code job}, checks them, and builds the windows, labels, split and
     * scaler.
     *
     * @throws TrainingException naming the bad value: {@link Reason#INVALID_JOB} (streams of different intervals,
     *     candles out of order or off the interval's grid), {@link Reason#FEATURE_SET_MISMATCH} (the set needs data
     *     the candles lack), {@link Reason#NON_FINITE_FEATURES}, {@link Reason#TOO_FEW_CANDLES}
     */
    public static TrainingData prepare(TrainingJob job, Spec spec) throws TrainingException {
        Interval interval = commonInterval(job.candles());
        FeatureSet set = spec.featureSet();
        List<StreamSeries> series = new ArrayList<>();
        for (Map.Entry<StreamKey, List<Candle>> e : job.candles().entrySet()) {
            series.add(series(e.getKey(), e.getValue(), set));
        }
        int length = spec.sequenceLength();
        int horizon = spec.label().horizon();
        int firstEnd = Math.max(0, set.warmupBars() - 1) + length - 1;
        // every usable window: (series, end), its label and the previous-direction baseline
        List<int[]> refs = new ArrayList<>();
        for (int s = 0; s < series.size(); s++) {
            StreamSeries ss = series.get(s);
            for (int t = firstEnd; t + horizon < ss.size(); t++) {
                if (ss.contiguous(t - length + 1, t + horizon)) {
                    refs.add(new int[] {s, t});
                }
            }
        }
        int n = refs.size();
        if (n < 2) {
            throw tooFew(job, spec, n, "");
        }
        // chronological order of the window ends; ties (several streams) in the job's stream order
        refs.sort(Comparator.<int[], Instant>comparing(r -> series.get(r[0]).candles().get(r[1]).openTime())
                .thenComparingInt(r -> r[0]));
        int[] windowSeries = new int[n];
        int[] windowEnds = new int[n];
        float[] labels = new float[n];
        byte[] previous = new byte[n];
        for (int i = 0; i < n; i++) {
            StreamSeries ss = series.get(refs.get(i)[0]);
            int t = refs.get(i)[1];
            windowSeries[i] = refs.get(i)[0];
            windowEnds[i] = t;
            labels[i] = spec.label().label(close(ss, t), close(ss, t + horizon)) ? 1f : 0f;
            previous[i] = ss.contiguous(t - horizon, t)
                    ? (byte) (spec.label().label(close(ss, t - horizon), close(ss, t)) ? 1 : 0) : -1;
        }
        int cut = cut(n, spec.validationFraction());
        Instant firstValidation = endTime(series, windowSeries, windowEnds, cut);
        while (cut > 0 && endTime(series, windowSeries, windowEnds, cut - 1).equals(firstValidation)) {
            cut--;
        }
        int[] validation = range(cut, n);
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < cut; i++) {
            if (interval.slotsBetween(endTime(series, windowSeries, windowEnds, i), firstValidation) >= spec.purge()) {
                kept.add(i);
            }
        }
        if (kept.isEmpty()) {
            throw tooFew(job, spec, n, "; after the purge gap of " + spec.purge() + " candles before the first"
                    + " validation window (ending " + firstValidation + ") no training window is left");
        }
        int[] train = kept.stream().mapToInt(Integer::intValue).toArray();
        // the scaler sees each row of a training window once, in stream and time order
        List<double[]> rows = new ArrayList<>();
        for (int s = 0; s < series.size(); s++) {
            boolean[] inTraining = new boolean[series.get(s).size()];
            for (int i : train) {
                if (windowSeries[i] == s) {
                    Arrays.fill(inTraining, windowEnds[i] - length + 1, windowEnds[i] + 1, true);
                }
            }
            for (int r = 0; r < inTraining.length; r++) {
                if (inTraining[r]) {
                    rows.add(series.get(s).features(r));
                }
            }
        }
        Scaler scaler = Scaler.fit(rows.toArray(double[][]::new), 0, rows.size(), set.columns(),
                Scaler.DEFAULT_EPSILON);
        for (StreamSeries ss : series) {
            ss.scale(scaler);
        }
        return new TrainingData(spec, List.copyOf(series), interval, train, validation, windowSeries, windowEnds,
                labels, previous, scaler, rows.size());
    }

    /** Python's {@code int(round(n * (1 - fraction)))} (half to even), clamped to one window on each side. */
    static int cut(int windows, double validationFraction) {
        int cut = (int) Math.rint(windows * (1 - validationFraction));
        return Math.min(Math.max(cut, 1), windows - 1);
    }

    private static Interval commonInterval(Map<StreamKey, List<Candle>> candles) throws TrainingException {
        Set<Interval> intervals = new LinkedHashSet<>();
        candles.keySet().forEach(k -> intervals.add(k.interval()));
        if (intervals.size() > 1) {
            throw new TrainingException(Reason.INVALID_JOB, "the streams are of different intervals ("
                    + candles.keySet() + "): a model is trained on one interval");
        }
        return intervals.iterator().next();
    }

    private static StreamSeries series(StreamKey stream, List<Candle> candles, FeatureSet set)
            throws TrainingException {
        if (candles.isEmpty()) {
            throw new TrainingException(Reason.TOO_FEW_CANDLES, stream + ": no candles");
        }
        Interval interval = stream.interval();
        for (int i = 0; i < candles.size(); i++) {
            Candle c = candles.get(i);
            try {
                interval.checkTimes(c.openTime(), c.closeTime());
                if (i > 0) {
                    interval.checkSpacing(candles.get(i - 1).openTime(), c.openTime());
                }
            } catch (CandleTimeException e) {
                throw new TrainingException(Reason.INVALID_JOB, stream + ": candle " + i + " (opened at "
                        + c.openTime() + "): " + e.getMessage(), e);
            }
        }
        int levels = set.needs().orderBookLevels();
        if (levels > 0) {
            for (Candle c : candles) {
                if (c.orderBook().map(b -> b.depth() < levels).orElse(true)) {
                    throw new TrainingException(Reason.FEATURE_SET_MISMATCH, "feature set " + set.id() + " needs an"
                            + " order book of " + levels + " levels on every candle, but the candle of " + stream
                            + " opened at " + c.openTime() + " has " + c.orderBook().map(b -> b.depth() + " levels")
                                    .orElse("none") + "; exchanges keep no order-book history, so train it on"
                            + " recorded live candles, or choose a set computed from klines");
                }
            }
        }
        double[][] rows;
        try {
            rows = set.compute(candles);
        } catch (SignalException e) {
            throw new TrainingException(Reason.FEATURE_SET_MISMATCH, "feature set " + set.id() + " cannot be"
                    + " computed on the candles of " + stream + ": " + e.getMessage(), e);
        }
        int firstDefined = Math.max(0, set.warmupBars() - 1);
        for (int i = firstDefined; i < rows.length; i++) {
            for (int c = 0; c < rows[i].length; c++) {
                if (!Double.isFinite(rows[i][c])) {
                    throw new TrainingException(Reason.NON_FINITE_FEATURES, "feature '" + set.columns().get(c)
                            + "' of " + set.id() + " is " + rows[i][c] + " for the candle of " + stream
                            + " opened at " + candles.get(i).openTime() + " (row " + i + ", after the warm-up of "
                            + set.warmupBars() + " candles); a model must not learn from a value the engine would"
                            + " refuse to predict from: choose a range without it");
                }
            }
        }
        return new StreamSeries(stream, candles, rows, set.featureCount());
    }

    private static TrainingException tooFew(TrainingJob job, Spec spec, int windows, String detail) {
        StringBuilder counts = new StringBuilder();
        job.candles().forEach((k, v) -> counts.append(counts.isEmpty() ? "" : ", ").append(k).append(": ")
                .append(v.size()));
        return new TrainingException(Reason.TOO_FEW_CANDLES, "too few candles for one training and one validation"
                + " window: " + counts + " candles give " + windows + " usable window" + (windows == 1 ? "" : "s")
                + detail + ". Gap-free candles of one stream need at least " + minimumCandles(spec)
                + " (warm-up " + spec.featureSet().warmupBars() + " of " + spec.featureSet().id() + ", windows of "
                + spec.sequenceLength() + ", horizon " + spec.label().horizon() + ", purge " + spec.purge()
                + ", validation fraction " + spec.validationFraction() + "); windows never span a gap");
    }

    /** The fewest gap-free candles of one stream that give one training and one validation window. */
    static long minimumCandles(Spec spec) {
        int before = Math.max(0, spec.featureSet().warmupBars() - 1) + spec.sequenceLength() - 1;
        for (long windows = 2; windows < Integer.MAX_VALUE; windows++) {
            // with gap-free candles the first validation window ends cut rows after the first window
            if (cut((int) windows, spec.validationFraction()) >= spec.purge()) {
                return before + windows + spec.label().horizon();
            }
        }
        return Long.MAX_VALUE;
    }

    private static Instant endTime(List<StreamSeries> series, int[] windowSeries, int[] windowEnds, int i) {
        return series.get(windowSeries[i]).candles().get(windowEnds[i]).openTime();
    }

    private static double close(StreamSeries s, int i) {
        return s.candles().get(i).close();
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    private static int[] pick(int[] values, int[] which) {
        int[] out = new int[which.length];
        for (int i = 0; i < which.length; i++) {
            out[i] = values[which[i]];
        }
        return out;
    }

    private static float[] pick(float[] values, int[] which) {
        float[] out = new float[which.length];
        for (int i = 0; i < which.length; i++) {
            out[i] = values[which[i]];
        }
        return out;
    }

    public Spec spec() {
        return spec;
    }

    public List<StreamSeries> series() {
        return series;
    }

    public Interval interval() {
        return interval;
    }

    /** Input width: the feature set's column count. */
    public int featureCount() {
        return spec.featureSet().featureCount();
    }

    public int trainCount() {
        return trainEnds.length;
    }

    public int validationCount() {
        return valEnds.length;
    }

    /** Label (0 or 1) of training window {@code i} (chronological order). */
    public float trainLabel(int i) {
        return trainLabels[i];
    }

    /** Label (0 or 1) of validation window {@code i} (chronological order). */
    public float validationLabel(int i) {
        return valLabels[i];
    }

    /** Labels of the validation windows (a copy). */
    public float[] validationLabels() {
        return valLabels.clone();
    }

    /** The previous-direction baseline of validation window {@code i}: 1, 0, or -1 where undefined. */
    public int validationPrevious(int i) {
        return valPrevious[i];
    }

    /** Row index of the last candle of training window {@code i} in its stream. */
    public int trainEnd(int i) {
        return trainEnds[i];
    }

    /** Row index of the last candle of validation window {@code i} in its stream. */
    public int validationEnd(int i) {
        return valEnds[i];
    }

    /** Stream (index into {@link #series()}) of training window {@code i}. */
    public int trainSeries(int i) {
        return trainSeries[i];
    }

    /** Stream (index into {@link #series()}) of validation window {@code i}. */
    public int validationSeries(int i) {
        return valSeries[i];
    }

    /** Open time of the last candle of training window {@code i}. */
    public Instant trainEndTime(int i) {
        return series.get(trainSeries[i]).candles().get(trainEnds[i]).openTime();
    }

    /** Open time of the last candle of validation window {@code i}. */
    public Instant validationEndTime(int i) {
        return series.get(valSeries[i]).candles().get(valEnds[i]).openTime();
    }

    /** Copies the scaled training window {@code i} ({@code L x F} floats, oldest row first) to {@code dst}. */
    public void copyTrainWindow(int i, float[] dst, int offset) {
        series.get(trainSeries[i]).copyWindow(trainEnds[i], spec.sequenceLength(), dst, offset);
    }

    /** Copies the scaled validation window {@code i} to {@code dst}. */
    public void copyValidationWindow(int i, float[] dst, int offset) {
        series.get(valSeries[i]).copyWindow(valEnds[i], spec.sequenceLength(), dst, offset);
    }

    /** The z-score scaler fitted on the training rows. */
    public Scaler scaler() {
        return scaler;
    }

    /** How many rows the scaler was fitted on. */
    public int scalerRows() {
        return scalerRows;
    }

    /** Open time of the first candle of the earliest window used. */
    public Instant from() {
        return from;
    }

    /** End (exclusive) of the latest label candle used: its open time plus one interval. */
    public Instant to() {
        return to;
    }

    /** The symbols of the streams, each once, in the job's order. */
    public List<String> symbols() {
        Set<String> symbols = new LinkedHashSet<>();
        series.forEach(s -> symbols.add(s.stream().symbol()));
        return List.copyOf(symbols);
    }
}
