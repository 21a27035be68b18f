package dev.candlesignal.backtest.internal;

import dev.candlesignal.Action;
import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.backtest.ExitReason;
import dev.candlesignal.backtest.StreamPredictions;
import dev.candlesignal.backtest.Trade;
import dev.candlesignal.journal.Outcome;
import dev.candlesignal.journal.OutcomeRule;
import dev.candlesignal.journal.Resolution;
import dev.candlesignal.journal.TradeLevels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Trades one stream's signals over the candles {@code [first, last]} of the range, candle by candle:
 * <ol>
 *   <li><b>exits first</b>: every open position is stepped through the candle by the journal's {@link OutcomeRule}
 *       (stop before target when the candle touches both; the maximum hold counted in candle time; a TIMEOUT whose
 *       hold ended in a gap closes at the close of the last candle inside it);</li>
 *   <li><b>then an entry</b> at the candle's close if it carries a signal, fewer than {@code maxOpen} positions are
 *       open, and it is not the range's last candle (a position needs a candle to be held in); each position takes
 *       {@code (cash + stakes of open positions) / maxOpen}, at most the cash: with one position per stream, all
 *       of it, so the stream's capital compounds trade by trade;</li>
 *   <li>the stream's value at the candle's close: the cash plus each open position's stake times
 *       {@code 1 + pnl / 100} at that close (the rule's pnl, that is net of both sides' costs: what it would fetch
 *       if closed there);</li>
 *   <li>after the range's last candle every open position is closed at its close ({@link ExitReason#END}).</li>
 * </ol>
 * A closed position returns {@code stake x (1 + pnlPct / 100)} to the cash, {@code pnlPct} being the rule's
 * (commission and slippage on both sides).
 *
 * <p>Not thread-safe; stateless between calls, so one instance may run many simulations in turn.
 */
public final class Executor {

    /** What one stream did over the range. */
    public record Run(List<Trade> trades, double[] values, int candlesInMarket) {
    }

    private static final class Position {
        final TradeLevels levels;
        final double stake;
        final double probability;
        Instant lastOpen;
        double lastClose;
        double best;  // most favourable price seen while open
        double worst; // most adverse price seen while open

        Position(TradeLevels levels, double stake, double probability) {
            this.levels = levels;
            this.stake = stake;
            this.probability = probability;
            this.lastOpen = levels.openTime();
            this.lastClose = levels.entry();
            this.best = levels.entry();
            this.worst = levels.entry();
        }

        boolean buy() {
            return levels.action() == Action.BUY;
        }

        void see(double high, double low) {
            if (buy()) {
                best = Math.max(best, high);
                worst = Math.min(worst, low);
            } else {
                best = Math.min(best, low);
                worst = Math.max(worst, high);
            }
        }
    }

    /**
     * @param capital the stream's starting capital, as a share of the portfolio's
     */
    public Run run(StreamPredictions s, Signals signals, int first, int last, OutcomeRule rule, int maxOpen,
            boolean longOnly, double capital) {
        Interval interval = s.stream().interval();
        List<Trade> trades = new ArrayList<>();
        List<Position> open = new ArrayList<>(maxOpen);
        double[] values = new double[last - first + 1];
        double cash = capital;
        int inMarket = 0;
        for (int i = first; i <= last; i++) {
            Candle c = s.candle(i);
            if (!open.isEmpty()) {
                inMarket++;
            }
            for (int k = 0; k < open.size(); k++) {
                Position p = open.get(k);
                Optional<Resolution> r = rule.step(p.levels, p.lastOpen, p.lastClose, c);
                if (r.isPresent()) {
                    Resolution res = r.get();
                    if (res.outcome() == Outcome.LOSS) {
                        p.worst = p.levels.stop(); // the stop came first: nothing after it counts
                    } else if (res.outcome() == Outcome.WIN) {
                        p.see(p.buy() ? res.exitPrice() : c.high(), p.buy() ? c.low() : res.exitPrice());
                    } else if (res.exitTime().equals(c.openTime())) {
                        p.see(c.high(), c.low()); // a timeout at this candle's close: held through it
                    }
                    cash += close(p, res.exitTime(), res.exitPrice(), ExitReason.of(res.outcome()), res.pnlPct(), s,
                            trades);
                    open.remove(k--);
                } else {
                    p.see(c.high(), c.low());
                    p.lastOpen = c.openTime();
                    p.lastClose = c.close();
                }
            }
            byte a = signals.action[i];
            if (a != Signals.NONE && i < last && open.size() < maxOpen && !(longOnly && a == Signals.SELL)) {
                double committed = cash;
                for (Position p : open) {
                    committed += p.stake;
                }
                double stake = Math.min(cash, committed / maxOpen);
                if (stake > 0) {
                    TradeLevels levels = new TradeLevels(interval, c.openTime(), Signals.toAction(a), signals.entry[i],
                            signals.stop[i], signals.target[i]);
                    open.add(new Position(levels, stake, s.probability(i)));
                    cash -= stake;
                }
            }
            double value = cash;
            for (Position p : open) {
                value += p.stake * (1 + rule.pnlPct(p.levels.action(), p.levels.entry(), c.close()) / 100);
            }
            values[i - first] = value;
        }
        Candle end = s.candle(last);
        for (Position p : open) {
            close(p, end.openTime(), end.close(), ExitReason.END, rule.pnlPct(p.levels.action(), p.levels.entry(),
                    end.close()), s, trades);
        }
        return new Run(trades, values, inMarket);
    }

    private static double close(Position p, Instant exitTime, double exitPrice, ExitReason reason, double pnlPct,
            StreamPredictions s, List<Trade> trades) {
        TradeLevels l = p.levels;
        double sign = p.buy() ? 1 : -1;
        double mfe = Math.max(0, sign * (p.best - l.entry()) / l.entry() * 100);
        double mae = Math.min(0, sign * (p.worst - l.entry()) / l.entry() * 100);
        trades.add(new Trade(s.stream(), l.openTime(), exitTime, l.action(), l.entry(), exitPrice, reason, pnlPct, mfe,
                mae, p.stake, p.probability));
        return p.stake * (1 + pnlPct / 100);
    }
}
