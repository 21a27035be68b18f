package dev.candlesignal.backtest;

import java.util.List;
import java.util.Objects;

/**
 * One trading rule run over a backtest's range: its closed trades (in entry-time order, then stream), the
 * account's equity curve, and the metrics of both.
 *
 * <p>Immutable.
 */
public record Simulation(List<Trade> trades, EquityCurve equity, Metrics metrics) {
    public Simulation {
        trades = List.copyOf(trades);
        Objects.requireNonNull(equity, "equity");
        Objects.requireNonNull(metrics, "metrics");
    }
}
