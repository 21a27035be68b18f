package dev.candlesignal.backtest;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One walk-forward fold: the model trained on {@code [trainFrom, trainTo)} and traded on {@code [testFrom, testTo)}.
 * The trades and the return are those of the stitched backtest that fall in this fold (trades by entry time; the
 * return is the equity's change from the test window's start to its end).
 *
 * <p>Immutable.
 *
 * @param fold 1-based
 * @param modelVersion the fold model's version
 * @param trainFrom first training candle's open time
 * @param trainTo end of the training range (exclusive)
 * @param testFrom first test candle's open time
 * @param testTo end of the test window (exclusive)
 * @param trades trades entered in the test window
 * @param returnPct the equity's change over the test window, in percent
 * @param hitRate the model's next-candle hit rate in the test window ({@code NaN} if nothing was scored)
 * @param validationMetrics the trainer's validation metrics for the fold model
 */
public record FoldResult(int fold, String modelVersion, Instant trainFrom, Instant trainTo, Instant testFrom,
        Instant testTo, int trades, double returnPct, double hitRate, Map<String, Double> validationMetrics) {
    public FoldResult {
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(trainFrom, "trainFrom");
        Objects.requireNonNull(trainTo, "trainTo");
        Objects.requireNonNull(testFrom, "testFrom");
        Objects.requireNonNull(testTo, "testTo");
        validationMetrics = Map.copyOf(validationMetrics);
    }
}
