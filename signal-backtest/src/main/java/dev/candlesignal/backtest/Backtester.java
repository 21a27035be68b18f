package dev.candlesignal.backtest;

import dev.candlesignal.Candle;
import dev.candlesignal.Evaluation;
import dev.candlesignal.Gap;
import dev.candlesignal.Interval;
import dev.candlesignal.ModelMismatchException;
import dev.candlesignal.StreamKey;
import dev.candlesignal.backtest.internal.Baselines;
import dev.candlesignal.backtest.internal.Decider;
import dev.candlesignal.backtest.internal.Portfolio;
import dev.candlesignal.backtest.internal.Scoring;
import dev.candlesignal.backtest.internal.Signals;
import dev.candlesignal.engine.Cooldown;
import dev.candlesignal.engine.DriftPolicy;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelSpec;
import dev.candlesignal.model.TrainingInfo;
import dev.candlesignal.policy.Decision;
import dev.candlesignal.policy.SignalPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Backtests a model's signals on known candles: what would the signals have done?
 *
 * {@snippet :
 * Backtester backtester = Backtester.builder().featureSet(FeatureSets.standard28()).model(model).build();
 * BacktestResult result = backtester.run(Map.of(btc, candles), BacktestRange.of(from, to),
 *         Strategy.defaults(Interval.HOUR_1));
 * BacktestReport.write(result, Path.of("backtest-out"));   // trades.csv, equity.csv, metrics.json, report.html
 * }
 *
 * <h2>Two steps</h2>
 * {@link #predict} runs every stream's candles through a {@link SignalEngine} (the same features, scaler, window and
 * model as in production: {@link SignalEngine#replay}) and keeps, per candle, the model's P(up) and the domain guard's
 * verdict. The model does not depend on policy parameters, so {@link #evaluate} and {@link #simulate} then trade those
 * predictions under any {@link Strategy}, applying the policy, the drift policy and the cooldown as the engine does,
 * without running the model again (a sweep of 500 policies predicts once). {@link #run} does both.
 *
 * <h2>No look-ahead</h2>
 * A prediction at candle {@code t} uses the candles up to {@code t} only (the engine's streaming features); an entry
 * happens at {@code t}'s close; exits use the candles after {@code t}. A range that overlaps a model's training range
 * (its manifest) is refused with a {@link BacktestException} of reason {@link BacktestException.Reason#IN_SAMPLE}
 * naming both ranges, unless {@link Builder#allowInSample}, which marks the result {@link BacktestResult#inSample()}.
 * The overlap is judged on time alone, whatever the symbols: markets move together.
 *
 * <h2>Gaps</h2>
 * Missing candles (an exchange outage) are handled as the engine and the outcome rule handle them: the features go
 * on across the gap, the maximum hold is counted in time (a position whose hold ended inside a gap closes at the last
 * close inside it), nothing is entered on a missing candle and the equity stays flat across it. A gap of more than
 * {@link Builder#maxGapCandles} missing candles (default 24) is refused ({@link BacktestException.Reason#GAP}): after a
 * long outage the features and the fills are fiction.
 *
 * <p>Thread-safe: the backtester holds configuration only; the model must be thread-safe (every backend is).
 */
public final class Backtester {
    /** Windows per model call in the prediction pass (see {@link #predict}). */
    static final int PREDICTION_BATCH = 512;

    /** Default number of random-entry runs. */
    public static final int DEFAULT_RANDOM_RUNS = 100;

    private final FeatureSet featureSet;
    private final Model model;
    private final Consumer<SignalEngine.Builder> engineOptions;
    private final boolean allowInSample;
    private final int maxGapCandles;
    private final int randomRuns;
    private final long randomSeed;
    private final Progress progress;

    private Backtester(Builder b) {
        this.featureSet = b.featureSet;
        this.model = b.model;
        this.engineOptions = b.engineOptions;
        this.allowInSample = b.allowInSample;
        this.maxGapCandles = b.maxGapCandles;
        this.randomRuns = b.randomRuns;
        this.randomSeed = b.randomSeed;
        this.progress = b.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder with this backtester's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.featureSet = featureSet;
        b.model = model;
        b.engineOptions = engineOptions;
        b.allowInSample = allowInSample;
        b.maxGapCandles = maxGapCandles;
        b.randomRuns = randomRuns;
        b.randomSeed = randomSeed;
        b.progress = progress;
        return b;
    }

    public FeatureSet featureSet() {
        return featureSet;
    }

    public Optional<Model> model() {
        return Optional.ofNullable(model);
    }

    /** Predicts and trades: {@link #predict} then {@link #evaluate}. */
    public BacktestResult run(Map<StreamKey, List<Candle>> candles, BacktestRange range, Strategy strategy) {
        return evaluate(predict(candles), range, strategy);
    }

    /**
     * Runs every stream's candles through the engine and keeps what the model said about each candle.
     *
     * @param candles per stream, its candles in open-time order (all streams of one interval)
     * @throws BacktestException if a stream has a gap longer than allowed, a candle is refused by the engine,
     *     streams mix intervals, or the model does not fit the feature set or the interval
     * @throws IllegalStateException if the backtester has no model
     */
    public Predictions predict(Map<StreamKey, List<Candle>> candles) {
        Objects.requireNonNull(candles, "candles");
        if (model == null) {
            throw new IllegalStateException("this backtester has no model: give one to its builder to predict");
        }
        if (candles.isEmpty()) {
            throw new IllegalArgumentException("a backtest needs the candles of at least one stream");
        }
        Interval interval = candles.keySet().iterator().next().interval();
        Map<StreamKey, StreamPredictions> out = new LinkedHashMap<>();
        // a backtest wants throughput, not the latency of one candle: bigger batches than the engine's default (64)
        // keep the LSTM's matrix products busy (a year of lstm28 predictions: 3.2 s at 64, 2.2 s at 512, no better
        // at 2048; benchmarks/RESULTS.md); engineOptions may still set another size
        SignalEngine.Builder b = SignalEngine.builder().maxBatchSize(PREDICTION_BATCH);
        engineOptions.accept(b);
        // probabilities and domain verdicts only: the strategy's policy, cooldown and drift policy come later
        b.featureSet(featureSet).model(model).policy(HOLD_ALWAYS).cooldown(Cooldown.none())
                .onDrift(DriftPolicy.SUPPRESS);
        SignalEngine engine;
        try {
            engine = b.build();
        } catch (ModelMismatchException e) {
            throw new BacktestException(BacktestException.Reason.MODEL_MISMATCH, e.getMessage(), e);
        }
        try (engine) {
            int done = 0;
            for (Map.Entry<StreamKey, List<Candle>> e : candles.entrySet()) {
                StreamKey stream = e.getKey();
                if (stream.interval() != interval) {
                    throw new BacktestException(BacktestException.Reason.BAD_CANDLES, "every stream of a backtest "
                            + "must have one interval, but " + stream + " is " + stream.interval() + " and "
                            + candles.keySet().iterator().next() + " is " + interval);
                }
                checkGaps(stream, e.getValue());
                try {
                    engine.checkStream(stream);
                } catch (ModelMismatchException ex) {
                    throw new BacktestException(BacktestException.Reason.MODEL_MISMATCH, ex.getMessage(), ex);
                }
                progress.update("predicting " + stream, done, candles.size());
                out.put(stream, predictions(stream, e.getValue(), engine.replay(stream, e.getValue())));
                progress.update("predicting " + stream, ++done, candles.size());
            }
        }
        ModelSpec spec = model.spec();
        return new Predictions(interval, out, List.of(spec));
    }

    private static StreamPredictions predictions(StreamKey stream, List<Candle> candles, List<Evaluation> evaluations) {
        int n = candles.size();
        double[] p = new double[n];
        boolean[] ood = new boolean[n];
        int[] model = new int[n];
        for (int i = 0; i < n; i++) {
            Evaluation e = evaluations.get(i);
            switch (e.status()) {
                case HOLD, SIGNAL, COOLDOWN, OUT_OF_DOMAIN -> {
                    p[i] = e.signal().orElseThrow().probability();
                    ood[i] = e.status() == Evaluation.Status.OUT_OF_DOMAIN;
                    model[i] = 0;
                }
                case NOT_READY, UNDEFINED_FEATURES -> {
                    p[i] = Double.NaN;
                    model[i] = -1;
                }
                case DUPLICATE -> throw new BacktestException(BacktestException.Reason.BAD_CANDLES, stream
                        + ": the candle opened at " + e.candle().openTime() + " is given twice");
                case REJECTED, FAILED -> throw new BacktestException(BacktestException.Reason.BAD_CANDLES,
                        stream + ": " + e.reason(), e.error().orElse(null));
            }
        }
        return new StreamPredictions(stream, candles, p, ood, model);
    }

    /** A policy that decides nothing: the prediction pass wants probabilities only. */
    private static final SignalPolicy HOLD_ALWAYS = new SignalPolicy() {
        @Override
        public Decision decide(dev.candlesignal.policy.MarketContext context) {
            return Decision.hold(0.5, context.candle().close());
        }

        @Override
        public String toString() {
            return "HoldAlways";
        }
    };

    /** Gaps of a stream; refuses one longer than {@link Builder#maxGapCandles}. */
    private List<Gap> checkGaps(StreamKey stream, List<Candle> candles) {
        List<Gap> gaps = gaps(stream, candles, 0, candles.size() - 1);
        for (Gap g : gaps) {
            if (g.missingCandles() > maxGapCandles) {
                throw new BacktestException(BacktestException.Reason.GAP, stream + " misses " + g.missingCandles()
                        + " candles between " + g.previousOpenTime() + " and " + g.nextOpenTime() + " (at most "
                        + maxGapCandles + " in a row are allowed: features and fills across a longer outage are "
                        + "fiction; backtest the ranges on either side, or allow longer gaps)");
            }
        }
        return gaps;
    }

    private static List<Gap> gaps(StreamKey stream, List<Candle> candles, int from, int to) {
        List<Gap> gaps = new ArrayList<>();
        for (int i = Math.max(from, 1); i <= to; i++) {
            Gap.between(stream, candles.get(i - 1).openTime(), candles.get(i).openTime()).ifPresent(gaps::add);
        }
        return gaps;
    }

    /**
     * Trades the predictions over {@code range} under {@code strategy}, with the baselines, the random-entry
     * distribution, and the scoring of the probabilities.
     *
     * @throws BacktestException if a stream has no candle in the range, nothing was predicted in it, or it overlaps a
     *     model's training range and in-sample runs are not allowed
     */
    public BacktestResult evaluate(Predictions predictions, BacktestRange range, Strategy strategy) {
        Prepared p = prepare(predictions, range);
        Decider decider = decider(predictions);
        Simulation run = simulate(p, strategy, decider);
        Baselines baselines = new Baselines(p.streams, p.first, p.last, strategy, predictions.interval(), decider);
        Map<String, Simulation> base = trivial(baselines);
        RandomBaseline random = baselines.random(run, randomRuns, randomSeed);
        Scoring.Result scores = Scoring.score(p.streams, p.first, p.last, predictions.interval());
        List<BacktestResult.Span> spans = new ArrayList<>();
        List<Gap> gaps = new ArrayList<>();
        for (int k = 0; k < p.streams.size(); k++) {
            StreamPredictions s = p.streams.get(k);
            spans.add(new BacktestResult.Span(s.stream(), p.first[k], p.last[k]));
            gaps.addAll(gaps(s.stream(), s.candles(), p.first[k], p.last[k]));
        }
        return new BacktestResult(predictions, spans, p.start, p.end, strategy, run, base, random, scores.stats(),
                scores.calibration(), !p.inSampleNotes.isEmpty(), p.inSampleNotes, gaps, List.of());
    }

    /**
     * The trivial baselines of {@link BacktestResult#BASELINES} ({@code buy_and_hold}, {@code always_long},
     * {@code previous_direction}) over {@code range}, with {@code strategy}'s holding rule, levels, costs and
     * position limit, as {@link #evaluate} computes them; without the random entries (what a sweep row needs).
     */
    public Map<String, Simulation> baselines(Predictions predictions, BacktestRange range, Strategy strategy) {
        Prepared p = prepare(predictions, range);
        return trivial(new Baselines(p.streams, p.first, p.last, strategy, predictions.interval(),
                decider(predictions)));
    }

    private static Map<String, Simulation> trivial(Baselines baselines) {
        Map<String, Simulation> base = new LinkedHashMap<>();
        base.put("buy_and_hold", baselines.buyAndHold());
        base.put("always_long", baselines.alwaysLong());
        base.put("previous_direction", baselines.previousDirection());
        return base;
    }

    /** The strategy alone over {@code range}: trades, equity and metrics, without baselines (what a sweep needs). */
    public Simulation simulate(Predictions predictions, BacktestRange range, Strategy strategy) {
        return simulate(prepare(predictions, range), strategy, decider(predictions));
    }

    /**
     * Simulates every strategy over the same predictions and range, on {@code threads} threads; results in the
     * strategies' order. Picking the best of them is itself fitting to this range: an in-sample choice.
     */
    public List<Simulation> sweep(Predictions predictions, BacktestRange range, List<Strategy> strategies,
            int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1 but was " + threads);
        }
        Prepared p = prepare(predictions, range);
        Simulation[] out = new Simulation[strategies.size()];
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        Runnable all = () -> IntStream.range(0, out.length).parallel().forEach(i -> {
            out[i] = simulate(p, strategies.get(i), decider(predictions));
            progress.update("sweeping", done.incrementAndGet(), out.length);
        });
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(all).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sweeping", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return List.of(out);
    }

    private Decider decider(Predictions predictions) {
        return new Decider(featureSet, predictions.models().isEmpty() ? 1 : predictions.models().get(0).sequenceLength());
    }

    private static Simulation simulate(Prepared p, Strategy strategy, Decider decider) {
        Signals[] signals = new Signals[p.streams.size()];
        for (int k = 0; k < signals.length; k++) {
            signals[k] = decider.decide(p.streams.get(k), strategy);
        }
        return Portfolio.run(p.streams, p.first, p.last, signals, strategy.rule(), strategy.maxOpenPositions(),
                strategy.longOnly(), p.interval);
    }

    /** The range resolved to candle indices, checked. */
    private record Prepared(List<StreamPredictions> streams, int[] first, int[] last, Instant start, Instant end,
            Interval interval, List<String> inSampleNotes) {
    }

    private Prepared prepare(Predictions predictions, BacktestRange range) {
        Objects.requireNonNull(predictions, "predictions");
        Objects.requireNonNull(range, "range");
        List<StreamPredictions> streams = predictions.list();
        int s = streams.size();
        int[] first = new int[s];
        int[] last = new int[s];
        Instant start = null;
        Instant end = null;
        int predicted = 0;
        Interval interval = predictions.interval();
        for (int k = 0; k < s; k++) {
            StreamPredictions sp = streams.get(k);
            first[k] = -1;
            for (int i = 0; i < sp.size(); i++) {
                if (range.contains(sp.candle(i).openTime())) {
                    if (first[k] < 0) {
                        first[k] = i;
                    }
                    last[k] = i;
                    predicted += sp.predicted(i) ? 1 : 0;
                }
            }
            if (first[k] < 0) {
                throw new BacktestException(BacktestException.Reason.BAD_RANGE, sp.stream() + " has no candle in the "
                        + "range " + range + (sp.size() == 0 ? "" : " (its candles open from "
                        + sp.candle(0).openTime() + " to " + sp.candle(sp.size() - 1).openTime() + ")"));
            }
            Instant a = sp.candle(first[k]).openTime();
            Instant b = interval.next(sp.candle(last[k]).openTime());
            start = start == null || a.isBefore(start) ? a : start;
            end = end == null || b.isAfter(end) ? b : end;
        }
        if (predicted == 0) {
            StreamPredictions sp = streams.get(0);
            throw new BacktestException(BacktestException.Reason.NO_PREDICTIONS, "the model predicted nothing in the "
                    + "range " + range + ": " + sp.stream() + " has " + (last[0] - first[0] + 1) + " candles there and "
                    + sp.predictedCount() + " predictions in all (the features and the model window need a warm-up "
                    + "before the first prediction; give more candles before the range)");
        }
        List<String> notes = inSample(predictions, streams, first, last, start, end);
        if (!notes.isEmpty() && !allowInSample) {
            throw new BacktestException(BacktestException.Reason.IN_SAMPLE, notes.get(0) + ": an in-sample backtest "
                    + "says nothing about the future; test after the training range, or allow in-sample runs "
                    + "(--allow-in-sample), which marks every output IN-SAMPLE");
        }
        return new Prepared(streams, first, last, start, end, interval, notes);
    }

    /** One line per model whose training range overlaps the candles it predicted in the range. */
    private static List<String> inSample(Predictions predictions, List<StreamPredictions> streams, int[] first,
            int[] last, Instant start, Instant end) {
        List<String> notes = new ArrayList<>();
        List<ModelSpec> models = predictions.models();
        for (int m = 0; m < models.size(); m++) {
            Optional<TrainingInfo> training = models.get(m).training();
            if (training.isEmpty()) {
                continue;
            }
            Instant from = null;
            Instant to = null;
            for (int k = 0; k < streams.size(); k++) {
                StreamPredictions sp = streams.get(k);
                for (int i = first[k]; i <= last[k]; i++) {
                    if (sp.model(i) == m) {
                        Instant a = sp.candle(i).openTime();
                        Instant b = predictions.interval().next(a);
                        from = from == null || a.isBefore(from) ? a : from;
                        to = to == null || b.isAfter(to) ? b : to;
                    }
                }
            }
            TrainingInfo t = training.get();
            if (from != null && t.overlaps(from, to)) {
                ModelSpec spec = models.get(m);
                notes.add("the backtest range [" + start + ", " + end + ") overlaps the training range [" + t.from()
                        + ", " + t.to() + ") of model " + spec.modelId() + " v" + spec.version() + " (its manifest)");
            }
        }
        return notes;
    }

    /**
     * Builds a {@link Backtester}. The feature set is required; the model only for {@link Backtester#predict}.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private FeatureSet featureSet;
        private Model model;
        private Consumer<SignalEngine.Builder> engineOptions = b -> { };
        private boolean allowInSample;
        private int maxGapCandles = 24;
        private int randomRuns = DEFAULT_RANDOM_RUNS;
        private long randomSeed = 1;
        private Progress progress = Progress.NONE;

        private Builder() {
        }

        /** The feature set the model reads (checked against the model's when predicting). */
        public Builder featureSet(FeatureSet featureSet) {
            this.featureSet = Objects.requireNonNull(featureSet, "featureSet");
            return this;
        }

        /** The model; the backtester never closes it. */
        public Builder model(Model model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /**
         * Further engine settings for the prediction pass (imputation, domain guard, interval mismatch, batch size,
         * parallelism). The batch size starts at 512 here, not the engine's 64. The feature set, model, policy,
         * cooldown and drift policy are the backtester's.
         */
        public Builder engineOptions(Consumer<SignalEngine.Builder> options) {
            this.engineOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /** Whether a range overlapping a model's training range runs (marked in-sample) instead of failing. */
        public Builder allowInSample(boolean allow) {
            this.allowInSample = allow;
            return this;
        }

        /** The longest run of missing candles accepted, >= 0. Default 24. */
        public Builder maxGapCandles(int candles) {
            if (candles < 0) {
                throw new IllegalArgumentException("maxGapCandles must be >= 0 but was " + candles);
            }
            this.maxGapCandles = candles;
            return this;
        }

        /** Random-entry runs, 1..100000. Default 100. */
        public Builder randomRuns(int runs) {
            if (runs < 1 || runs > 100_000) {
                throw new IllegalArgumentException("randomRuns must be in [1, 100000] but was " + runs);
            }
            this.randomRuns = runs;
            return this;
        }

        /** The random-entry baseline's seed. Default 1. */
        public Builder randomSeed(long seed) {
            this.randomSeed = seed;
            return this;
        }

        /** Where progress goes. Default nowhere. */
        public Builder progress(Progress progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        public Backtester build() {
            if (featureSet == null) {
                throw new IllegalStateException("a backtester needs a feature set");
            }
            return new Backtester(this);
        }
    }
}
