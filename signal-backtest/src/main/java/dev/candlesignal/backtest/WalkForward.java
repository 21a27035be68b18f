package dev.candlesignal.backtest;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.backtest.internal.Scoring;
import dev.candlesignal.journal.ProbabilityStats;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.model.ModelSpec;
import dev.candlesignal.training.Trainer;
import dev.candlesignal.training.TrainingException;
import dev.candlesignal.training.TrainingJob;
import dev.candlesignal.training.TrainingResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Walk-forward backtest: train on a window, trade the window after it, move on, and stitch the out-of-sample parts
 * into one backtest.
 *
 * <p>Fold {@code k} (from 0) trains on the candles opened in {@code [t0 + k step, t0 + k step + train)}, {@code t0}
 * being the first candle, with the {@link Trainer} (each fold from scratch, a new bundle in {@code workDir}); its test
 * window starts {@code purge} candles after the training range ends and lasts {@code test} (the last one ends with the
 * data). The purge defaults to the fold model's window plus its label horizon (the trainer's own rule between
 * training and validation), so that no test window shares an input row with a training window. Each fold's model
 * predicts its test window, with up to {@link #LEAD_IN} candles before it to warm the features up (these are not
 * traded); the stitched predictions are then traded as one backtest over {@code [first test start, last test end)}:
 * positions may run from one fold into the next, and every fold's model is checked against its own training range.
 *
 * <p>Not thread-safe; one run at a time.
 */
public final class WalkForward {
    /** Candles before a test window replayed to warm the features up. */
    public static final int LEAD_IN = 1000;

    /** Opens a bundle the trainer wrote. */
    @FunctionalInterface
    public interface ModelOpener {
        Model open(Path bundleDir) throws Exception;
    }

    /**
     * The windows.
     *
     * @param train length of a training window
     * @param test length of a test window
     * @param step how far the next fold moves (the test length: contiguous test windows)
     * @param purgeCandles candles between a training range and its test window; empty for the model's window plus
     *     its label horizon
     */
    public record Plan(Duration train, Duration test, Duration step, Optional<Integer> purgeCandles) {
        public Plan {
            Objects.requireNonNull(train, "train");
            Objects.requireNonNull(test, "test");
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(purgeCandles, "purgeCandles");
            for (Duration d : List.of(train, test, step)) {
                if (d.isNegative() || d.isZero()) {
                    throw new BacktestException(BacktestException.Reason.BAD_SPECIFICATION,
                            "walk-forward windows must be > 0, but train " + train + ", test " + test + ", step " + step);
                }
            }
            if (purgeCandles.isPresent() && purgeCandles.get() < 0) {
                throw new BacktestException(BacktestException.Reason.BAD_SPECIFICATION,
                        "the purge must be >= 0 candles but was " + purgeCandles.get());
            }
        }
    }

    private final Backtester backtester;
    private final Trainer trainer;
    private final ModelOpener opener;
    private final Path workDir;
    private final String modelId;

    /**
     * @param backtester the feature set, engine options and backtest settings (its model, if any, is not used)
     * @param trainer trains each fold's model
     * @param opener loads a bundle the trainer wrote
     * @param workDir where the fold bundles go ({@code fold-01}, ...); must exist, the bundles must not
     * @param modelId the bundles' model id
     */
    public WalkForward(Backtester backtester, Trainer trainer, ModelOpener opener, Path workDir, String modelId) {
        this.backtester = Objects.requireNonNull(backtester, "backtester");
        this.trainer = Objects.requireNonNull(trainer, "trainer");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.workDir = Objects.requireNonNull(workDir, "workDir");
        this.modelId = Objects.requireNonNull(modelId, "modelId");
    }

    /**
     * Trains every fold, predicts its test window, and trades the stitched predictions.
     *
     * @throws BacktestException if the data holds no complete fold, or a fold cannot be trained or loaded
     */
    public BacktestResult run(Map<StreamKey, List<Candle>> candles, Plan plan, Strategy strategy, Progress progress) {
        Objects.requireNonNull(candles, "candles");
        if (candles.isEmpty()) {
            throw new IllegalArgumentException("a walk-forward run needs the candles of at least one stream");
        }
        Interval interval = candles.keySet().iterator().next().interval();
        Instant start = null;
        Instant end = null;
        for (List<Candle> list : candles.values()) {
            if (list.isEmpty()) {
                continue;
            }
            Instant a = list.get(0).openTime();
            Instant b = interval.next(list.get(list.size() - 1).openTime());
            start = start == null || a.isBefore(start) ? a : start;
            end = end == null || b.isAfter(end) ? b : end;
        }
        if (start == null || !start.plus(plan.train()).isBefore(end)) {
            throw new BacktestException(BacktestException.Reason.BAD_RANGE, "the candles (" + start + " to " + end
                    + ") do not cover one training window of " + plan.train() + " and a test window after it");
        }
        int folds = 0;
        while (start.plus(plan.step().multipliedBy(folds)).plus(plan.train()).isBefore(end)) {
            folds++;
        }
        Map<StreamKey, double[]> p = new LinkedHashMap<>();
        Map<StreamKey, boolean[]> ood = new LinkedHashMap<>();
        Map<StreamKey, int[]> owner = new LinkedHashMap<>();
        candles.forEach((k, list) -> {
            double[] a = new double[list.size()];
            Arrays.fill(a, Double.NaN);
            p.put(k, a);
            ood.put(k, new boolean[list.size()]);
            int[] o = new int[list.size()];
            Arrays.fill(o, -1);
            owner.put(k, o);
        });
        List<ModelSpec> specs = new ArrayList<>();
        List<TrainingResult> trained = new ArrayList<>();
        List<Instant[]> windows = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            Instant trainFrom = start.plus(plan.step().multipliedBy(f));
            Instant trainTo = trainFrom.plus(plan.train());
            progress.update("training fold " + (f + 1) + " of " + folds, f, folds);
            Map<StreamKey, List<Candle>> job = new LinkedHashMap<>();
            candles.forEach((k, list) -> job.put(k, slice(list, trainFrom, trainTo)));
            TrainingResult result;
            try {
                result = trainer.train(new TrainingJob(modelId, "wf" + String.format("%02d", f + 1),
                        f == 0 ? null : "wf" + String.format("%02d", f), job),
                        workDir.resolve(String.format("fold-%02d", f + 1)));
            } catch (TrainingException e) {
                throw new BacktestException(BacktestException.Reason.TRAINING_FAILED, "walk-forward fold " + (f + 1)
                        + " (training " + trainFrom + " to " + trainTo + "): " + e.getMessage(), e);
            }
            ModelManifest manifest = result.manifest();
            int purge = plan.purgeCandles().orElse(manifest.sequenceLength() + manifest.label().horizon());
            Instant testFrom = trainTo.plus(interval.duration().multipliedBy(purge));
            Instant testTo = testFrom.plus(plan.test());
            testTo = testTo.isAfter(end) ? end : testTo;
            if (!testFrom.isBefore(testTo)) {
                break; // the purge ate the last test window
            }
            Model model;
            try {
                model = opener.open(result.bundleDir());
            } catch (Exception e) {
                throw new BacktestException(BacktestException.Reason.TRAINING_FAILED, "walk-forward fold " + (f + 1)
                        + ": cannot load the bundle " + result.bundleDir() + ": " + e.getMessage(), e);
            }
            int index = specs.size();
            try (model) {
                Backtester b = backtester.toBuilder().model(model).progress(Progress.NONE).build();
                for (Map.Entry<StreamKey, List<Candle>> e : candles.entrySet()) {
                    List<Candle> list = e.getValue();
                    int from = firstAtOrAfter(list, testFrom);
                    int to = firstAtOrAfter(list, testTo);
                    if (from >= to) {
                        continue;
                    }
                    int lead = Math.max(0, from - LEAD_IN);
                    StreamPredictions sp = b.predict(Map.of(e.getKey(), list.subList(lead, to))).streams()
                            .get(e.getKey());
                    for (int i = from; i < to; i++) {
                        if (sp.predicted(i - lead)) {
                            p.get(e.getKey())[i] = sp.probability(i - lead);
                            ood.get(e.getKey())[i] = sp.outOfDomain(i - lead);
                            owner.get(e.getKey())[i] = index;
                        }
                    }
                }
                specs.add(model.spec().training().isPresent() ? model.spec()
                        : model.spec().withTraining(manifest.training()));
            }
            trained.add(result);
            windows.add(new Instant[] {trainFrom, trainTo, testFrom, testTo});
            progress.update("training fold " + (f + 1) + " of " + folds, f + 1, folds);
        }
        if (windows.isEmpty()) {
            throw new BacktestException(BacktestException.Reason.BAD_RANGE, "no walk-forward fold has a test window");
        }
        Map<StreamKey, StreamPredictions> stitched = new LinkedHashMap<>();
        candles.forEach((k, list) -> stitched.put(k, new StreamPredictions(k, list, p.get(k), ood.get(k),
                owner.get(k))));
        Predictions predictions = new Predictions(interval, stitched, specs);
        Instant testStart = windows.get(0)[2];
        Instant testEnd = windows.get(windows.size() - 1)[3];
        BacktestResult result = backtester.evaluate(predictions, BacktestRange.of(testStart, testEnd), strategy);
        return result.withFolds(folds(result, trained, windows));
    }

    private static List<FoldResult> folds(BacktestResult r, List<TrainingResult> trained, List<Instant[]> windows) {
        List<FoldResult> out = new ArrayList<>();
        EquityCurve e = r.run().equity();
        for (int f = 0; f < windows.size(); f++) {
            Instant[] w = windows.get(f);
            int trades = (int) r.run().trades().stream()
                    .filter(t -> !t.entryTime().isBefore(w[2]) && t.entryTime().isBefore(w[3])).count();
            double startValue = valueAt(e, w[2]);
            double endValue = valueAt(e, w[3]);
            List<StreamPredictions> streams = r.predictions().list();
            int[] first = new int[streams.size()];
            int[] last = new int[streams.size()];
            for (int k = 0; k < streams.size(); k++) {
                List<Candle> list = streams.get(k).candles();
                first[k] = firstAtOrAfter(list, w[2]);
                last[k] = firstAtOrAfter(list, w[3]) - 1;
            }
            ProbabilityStats q = Scoring.score(streams, first, last, r.predictions().interval()).stats();
            TrainingResult t = trained.get(f);
            out.add(new FoldResult(f + 1, t.manifest().version(), w[0], w[1], w[2], w[3], trades,
                    100 * (endValue / startValue - 1), q.hitRate(), t.validationMetrics()));
        }
        return out;
    }

    /** The curve's value at {@code time}: its last point at or before it (the start's value before the first). */
    private static double valueAt(EquityCurve e, Instant time) {
        long t = time.toEpochMilli();
        double v = e.value(0);
        for (int i = 0; i < e.size() && e.timeMillis(i) <= t; i++) {
            v = e.value(i);
        }
        return v;
    }

    private static List<Candle> slice(List<Candle> list, Instant from, Instant to) {
        return list.subList(firstAtOrAfter(list, from), firstAtOrAfter(list, to));
    }

    /** Index of the first candle opened at or after {@code t} ({@code list.size()} if none). */
    private static int firstAtOrAfter(List<Candle> list, Instant t) {
        int lo = 0;
        int hi = list.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (list.get(mid).openTime().isBefore(t)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
