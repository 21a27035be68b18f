package dev.candlesignal.backtest;

import java.util.Objects;

/**
 * The random-entry baseline: {@code runs} backtests (seeded, so every run of the same backtest draws the same) that
 * enter on randomly chosen candles of the range, as many per stream as the strategy entered, in a random direction
 * (long with the strategy's share of long trades; always long with {@code longOnly}), with the policy's levels for
 * that direction and the same exits, costs and position limit. Where the position limit leaves fewer free candles
 * than the strategy's count, a run enters fewer.
 *
 * <p>Immutable.
 *
 * @param runs number of runs
 * @param seed the seed of the first run's draws
 * @param median the metrics of the run with the median total return
 * @param meanTrades mean number of trades per run
 * @param totalReturnP5 5th percentile of the runs' total return, in percent
 * @param totalReturnP50 median total return, in percent
 * @param totalReturnP95 95th percentile of the total return, in percent
 * @param sharpeP50 median Sharpe ratio (over runs where it is defined)
 * @param strategyPercentile percentile of the strategy's total return among the runs' (0..100; ties count half)
 * @param strategySharpePercentile the same for the Sharpe ratio ({@code NaN} if the strategy's is undefined)
 */
public record RandomBaseline(int runs, long seed, Metrics median, double meanTrades, double totalReturnP5,
        double totalReturnP50, double totalReturnP95, double sharpeP50, double strategyPercentile,
        double strategySharpePercentile) {
    public RandomBaseline {
        Objects.requireNonNull(median, "median");
    }
}
