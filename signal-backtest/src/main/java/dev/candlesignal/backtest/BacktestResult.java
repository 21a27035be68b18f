package dev.candlesignal.backtest;

import dev.candlesignal.Gap;
import dev.candlesignal.StreamKey;
import dev.candlesignal.journal.ProbabilityStats;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a backtest found: the strategy's trades, equity and metrics, the same for the baselines over the same
 * range, the random-entry distribution, the quality and calibration of the probabilities, the gaps met, whether
 * the range overlapped a model's training range, and for a walk-forward run, its folds.
 *
 * <p>Immutable.
 *
 * @param predictions what the model(s) said, candles included (the report draws them)
 * @param spans per stream, the candles traded
 * @param start open time of the first candle traded
 * @param end end of the last candle traded (exclusive)
 * @param strategy the rules traded
 * @param run the strategy's trades, equity and metrics
 * @param baselines {@code buy_and_hold}, {@code always_long} and {@code previous_direction}
 * @param random the random-entry baseline
 * @param quality hit rate, Brier score and log loss of the probabilities in the range, beside always-up and
 *     previous-direction
 * @param calibration predicted P(up) deciles against realised frequency
 * @param inSample whether the range overlaps a model's training range (only when allowed)
 * @param inSampleNotes what overlapped, one line per model
 * @param gaps the gaps in the traded candles
 * @param folds walk-forward folds (empty for a single model)
 */
public record BacktestResult(Predictions predictions, List<Span> spans, Instant start, Instant end, Strategy strategy,
        Simulation run, Map<String, Simulation> baselines, RandomBaseline random, ProbabilityStats quality,
        Calibration calibration, boolean inSample, List<String> inSampleNotes, List<Gap> gaps,
        List<FoldResult> folds) {

    /** The baselines' names, in report order. */
    public static final List<String> BASELINES = List.of("buy_and_hold", "always_long", "previous_direction");

    public BacktestResult {
        Objects.requireNonNull(predictions, "predictions");
        spans = List.copyOf(spans);
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(run, "run");
        baselines = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(baselines));
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(calibration, "calibration");
        inSampleNotes = List.copyOf(inSampleNotes);
        gaps = List.copyOf(gaps);
        folds = List.copyOf(folds);
    }

    /** The strategy's metrics. */
    public Metrics metrics() {
        return run.metrics();
    }

    /** This result with walk-forward folds. */
    public BacktestResult withFolds(List<FoldResult> f) {
        return new BacktestResult(predictions, spans, start, end, strategy, run, baselines, random, quality,
                calibration, inSample, inSampleNotes, gaps, f);
    }

    /**
     * The candles of one stream that were traded: indices {@code [first, last]} into its
     * {@link StreamPredictions#candles()}.
     */
    public record Span(StreamKey stream, int first, int last) {
    }
}
