package dev.candlesignal.cli;

import dev.candlesignal.io.AtomicFile;
import dev.candlesignal.training.HeldOutScores;
import dev.candlesignal.training.RetrainDecision;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Retraining decisions as the CLI shows them: a table for people (stderr) and a CSV file with a fixed header, written
 * atomically. Same decisions, same bytes. Stateless.
 */
final class DecisionTable {
    /** The CSV header ({@code --decisions FILE}). */
    static final String CSV_HEADER = "time,symbol,interval,trigger,champion_version,challenger_version,"
            + "champion_log_loss,challenger_log_loss,promoted,reason";

    private DecisionTable() {
    }

    /** Prints {@code decisions} as a table, or a line saying there were none. */
    static void print(PrintWriter err, List<RetrainDecision> decisions) {
        if (decisions.isEmpty()) {
            err.println("  no retraining decisions");
            return;
        }
        TextTable table = new TextTable(List.of("time", "stream", "trigger", "champion", "challenger", "verdict",
                "champion log loss", "challenger log loss", "reason"), 6);
        for (RetrainDecision d : decisions) {
            table.add(List.of(d.time().toString(), d.stream().toString(), d.trigger(), "v" + d.championVersion(),
                    d.challengerVersion().map(v -> "v" + v).orElse("-"), d.verdict().name().toLowerCase(Locale.ROOT),
                    d.scores().map(s -> loss(s.championLogLoss())).orElse("-"),
                    d.scores().map(s -> loss(s.challengerLogLoss())).orElse("-"), d.reason()));
        }
        table.print(err);
    }

    /** One summary line: how many of each verdict. */
    static String summary(List<RetrainDecision> decisions) {
        long promoted = decisions.stream().filter(d -> d.verdict() == RetrainDecision.Verdict.PROMOTED).count();
        long rejected = decisions.stream().filter(d -> d.verdict() == RetrainDecision.Verdict.REJECTED).count();
        long failed = decisions.size() - promoted - rejected;
        return decisions.size() + " retraining decision" + (decisions.size() == 1 ? "" : "s") + ": " + promoted
                + " promoted, " + rejected + " rejected, " + failed + " failed";
    }

    /** The CSV text of {@code decisions}. */
    static String csv(List<RetrainDecision> decisions) {
        StringBuilder out = new StringBuilder(CSV_HEADER).append('\n');
        for (RetrainDecision d : decisions) {
            List<String> cells = new ArrayList<>();
            cells.add(d.time().toString());
            cells.add(d.stream().symbol());
            cells.add(d.stream().interval().wireName());
            cells.add(d.trigger());
            cells.add(d.championVersion());
            cells.add(d.challengerVersion().orElse(""));
            cells.add(d.scores().map(HeldOutScores::championLogLoss).map(DecisionTable::loss6).orElse(""));
            cells.add(d.scores().map(HeldOutScores::challengerLogLoss).map(DecisionTable::loss6).orElse(""));
            cells.add(Boolean.toString(d.promoted()));
            cells.add(quote(d.reason()));
            out.append(String.join(",", cells)).append('\n');
        }
        return out.toString();
    }

    /** Writes the CSV to {@code file}, atomically. */
    static void write(Path file, List<RetrainDecision> decisions) {
        try {
            AtomicFile.writeString(file, csv(decisions));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String loss(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String loss6(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    /** RFC 4180: always quoted (reasons hold commas), quotes doubled. */
    private static String quote(String s) {
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
