package dev.candlesignal.backtest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics of one trading rule over a backtest's range (the strategy, or a baseline), each in
 * {@code metrics.json} under the snake_case name given. Undefined values are {@code NaN} (JSON {@code null}): a
 * win rate without trades, a Sharpe ratio of a flat curve, a profit factor without losing trades.
 *
 * <p>Formulas ({@code r_k} = the equity curve's per-candle simple returns, {@code n} of them; {@code P} = candles
 * per year = 365.25 days / interval, crypto markets trading every day):
 * <ul>
 *   <li>{@code total_return_pct} = 100 (E_last - 1), the curve compounding trade by trade;</li>
 *   <li>{@code cagr_pct} = 100 (E_last ^ (365.25 d / span) - 1), span = the curve's first to last time;</li>
 *   <li>{@code max_drawdown_pct} = 100 max_t (1 - E_t / max_{s &lt;= t} E_s); {@code max_drawdown_duration_hours}: from
 *       that drawdown's peak until the curve is back at the peak, or the end if it never is
 *       ({@code max_drawdown_recovered} false);</li>
 *   <li>{@code sharpe} = mean(r) / sd(r) x sqrt(P), sd with n - 1, no risk-free rate;
 *       {@code sortino} = mean(r) / sqrt(sum(min(r, 0)^2) / n) x sqrt(P);</li>
 *   <li>per trade (pnl = the outcome rule's {@code pnl_pct}, after costs): {@code win_rate} = share with pnl > 0;
 *       {@code mean_trade_pct}, {@code median_trade_pct}; {@code profit_factor} = sum of positive pnl / |sum of
 *       negative pnl|; {@code expectancy_pct} = win_rate x avg_win + (1 - win_rate) x avg_loss (the mean trade);</li>
 *   <li>{@code exposure_pct} = share of the range's candles (summed over streams) during which the stream held a
 *       position; {@code avg_hold_hours} = mean of exit time - entry time.</li>
 * </ul>
 *
 * <p>Immutable.
 */
public record Metrics(
        int trades,
        int wins,
        int losses,
        int longTrades,
        int shortTrades,
        double winRate,
        double totalReturnPct,
        double cagrPct,
        double maxDrawdownPct,
        double maxDrawdownDurationHours,
        boolean maxDrawdownRecovered,
        double sharpe,
        double sortino,
        double profitFactor,
        double expectancyPct,
        double meanTradePct,
        double medianTradePct,
        double bestTradePct,
        double worstTradePct,
        double avgWinPct,
        double avgLossPct,
        double exposurePct,
        double avgHoldHours,
        int exitsStop,
        int exitsTarget,
        int exitsTimeout,
        int exitsEnd,
        double finalEquity) {

    /** The metrics under their {@code metrics.json} names, in a stable order; NaN stays NaN (JSON null). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trades", trades);
        m.put("wins", wins);
        m.put("losses", losses);
        m.put("long_trades", longTrades);
        m.put("short_trades", shortTrades);
        m.put("win_rate", winRate);
        m.put("total_return_pct", totalReturnPct);
        m.put("cagr_pct", cagrPct);
        m.put("max_drawdown_pct", maxDrawdownPct);
        m.put("max_drawdown_duration_hours", maxDrawdownDurationHours);
        m.put("max_drawdown_recovered", maxDrawdownRecovered);
        m.put("sharpe", sharpe);
        m.put("sortino", sortino);
        m.put("profit_factor", profitFactor);
        m.put("expectancy_pct", expectancyPct);
        m.put("mean_trade_pct", meanTradePct);
        m.put("median_trade_pct", medianTradePct);
        m.put("best_trade_pct", bestTradePct);
        m.put("worst_trade_pct", worstTradePct);
        m.put("avg_win_pct", avgWinPct);
        m.put("avg_loss_pct", avgLossPct);
        m.put("exposure_pct", exposurePct);
        m.put("avg_hold_hours", avgHoldHours);
        m.put("exits_stop", exitsStop);
        m.put("exits_target", exitsTarget);
        m.put("exits_timeout", exitsTimeout);
        m.put("exits_end", exitsEnd);
        m.put("final_equity", finalEquity);
        return m;
    }
}
