package dev.candlesignal.cli;

import dev.candlesignal.journal.JournalStatistics;
import dev.candlesignal.journal.OutcomeRule;
import dev.candlesignal.journal.OutcomeStats;
import dev.candlesignal.journal.ProbabilityStats;
import dev.candlesignal.journal.SignalJournal;
import dev.candlesignal.journal.StreamStatistics;
import dev.candlesignal.journal.jdbc.SqliteJournal;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code candlesignal stats --journal FILE}: the journal's statistics per stream and model version as two readable
 * tables: the signals' outcomes (all resolved, and the last N), and the quality of every prediction against the next
 * candle's direction beside the always-up and previous-direction baselines (see {@link ProbabilityStats}).
 */
@Command(name = "stats",
        description = "Prints the journal's statistics per stream and model version: outcomes of the signals (all and "
                + "the last N) and the quality of the probabilities (hit rate, Brier score, log loss) beside the "
                + "always-up and previous-direction baselines.",
        mixinStandardHelpOptions = true)
final class StatsCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--window", defaultValue = "100", paramLabel = "N",
            description = "N of \"the last N\" signals and predictions (default ${DEFAULT-VALUE}).")
    int window;

    @Mixin
    JournalOptions journalOptions;

    @Override
    public Integer call() {
        if (window < 1 || window > 100_000) {
            throw new CandleSignalCli.UserError("--window must be in [1, 100000] but was " + window);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (SignalJournal journal = SqliteJournal.openReadOnly(journalOptions.requireJournal("stats"))) {
            OutcomeRule rule = journalOptions.reportRule(journal);
            List<StreamStatistics> stats = JournalStatistics.compute(
                    JournalOptions.reprice(journal.signals(), rule), journal.tallies(), window);
            out.println(journal.name() + ": outcomes by " + rule + " per side");
            if (stats.isEmpty()) {
                out.println("(nothing journaled yet)");
                out.flush();
                return 0;
            }
            out.println();
            out.println("Signals (a TIMEOUT with a positive pnl counts as won)");
            TextTable signals = new TextTable(List.of("stream", "model", "version", "signals", "pending", "resolved",
                    "win", "loss", "timeout", "win rate", "mean pnl%", "total pnl%", "last " + window + ": resolved",
                    "win rate", "mean pnl%", "total pnl%"), 3);
            for (StreamStatistics s : stats) {
                OutcomeStats all = s.outcomes();
                OutcomeStats recent = s.recentOutcomes();
                signals.add(List.of(s.stream().toString(), s.modelId(), s.modelVersion(), count(s.signals()),
                        count(s.pending()), count(all.resolved()), count(all.wins()), count(all.losses()),
                        count(all.timeouts()), percent(all.winRate()), pnl(all.meanPnlPct()), pnl(all.totalPnlPct()),
                        count(recent.resolved()), percent(recent.winRate()), pnl(recent.meanPnlPct()),
                        pnl(recent.totalPnlPct())));
            }
            signals.print(out);
            out.println();
            out.println("Predictions (P(up) against the next candle's direction; baselines over the same candles; "
                    + "a coin scores Brier 0.25, log loss 0.693)");
            TextTable predictions = new TextTable(List.of("stream", "model", "version", "holds", "suppressed", "scored",
                    "hit rate", "Brier", "log loss", "always up: hit rate", "Brier", "log loss",
                    "previous direction: hit rate", "last " + window + ": scored", "hit rate", "Brier", "log loss"), 3);
            for (StreamStatistics s : stats) {
                ProbabilityStats p = s.predictions();
                ProbabilityStats r = s.recentPredictions();
                predictions.add(List.of(s.stream().toString(), s.modelId(), s.modelVersion(), count(s.holds()),
                        count(s.suppressed()), count(p.count()), percent(p.hitRate()), score(p.brier()),
                        score(p.logLoss()), percent(p.alwaysUpHitRate()), score(p.baseRateBrier()),
                        score(p.baseRateLogLoss()), percent(p.previousDirectionHitRate()), count(r.count()),
                        percent(r.hitRate()), score(r.brier()), score(r.logLoss())));
            }
            predictions.print(out);
        }
        out.flush();
        return 0;
    }

    private static String count(long n) {
        return Long.toString(n);
    }

    private static String percent(double rate) {
        return Double.isNaN(rate) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * rate);
    }

    private static String pnl(double pct) {
        return Double.isNaN(pct) ? "-" : String.format(Locale.ROOT, "%+.3f", pct);
    }

    private static String score(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }
}
