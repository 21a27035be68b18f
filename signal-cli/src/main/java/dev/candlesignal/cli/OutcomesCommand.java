package dev.candlesignal.cli;

import dev.candlesignal.journal.JournalEntry;
import dev.candlesignal.journal.OutcomeRule;
import dev.candlesignal.journal.Resolution;
import dev.candlesignal.journal.SignalJournal;
import dev.candlesignal.journal.SignalRecord;
import dev.candlesignal.journal.jdbc.SqliteJournal;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code candlesignal outcomes --journal FILE}: one line per journaled signal, in {@code open_time} order (then
 * symbol), as CSV with the header {@link #CSV_HEADER} or as JSON lines. Times are ISO-8601 UTC like replay's; the
 * exit fields are empty while a signal is PENDING. The journal is opened read-only.
 *
 * <pre>
 * candlesignal replay --journal signals.db
 * candlesignal outcomes --journal signals.db
 * </pre>
 */
@Command(name = "outcomes",
        description = "Prints every journaled signal and its outcome (WIN, LOSS, TIMEOUT or PENDING), one line each in "
                + "open_time order, as CSV (default) or JSON lines. --commission/--slippage reprice the results; "
                + "--max-hold must be the journal's.",
        mixinStandardHelpOptions = true)
final class OutcomesCommand implements Callable<Integer> {
    static final String CSV_HEADER =
            "symbol,interval,open_time,action,entry,stop,target,outcome,exit_time,exit_price,pnl_pct,model_version";

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--format", defaultValue = "csv", paramLabel = "FORMAT", description = "csv (default) or json.")
    String format;

    @Mixin
    JournalOptions journalOptions;

    @Override
    public Integer call() {
        boolean json = switch (format) {
            case "csv" -> false;
            case "json" -> true;
            default -> throw new CandleSignalCli.UserError("--format must be csv or json, not '" + format + "'");
        };
        PrintWriter out = spec.commandLine().getOut();
        try (SignalJournal journal = SqliteJournal.openReadOnly(journalOptions.requireJournal("outcomes"))) {
            OutcomeRule rule = journalOptions.reportRule(journal);
            List<SignalRecord> records = JournalOptions.reprice(journal.signals(), rule);
            if (!json) {
                out.println(CSV_HEADER);
            }
            for (SignalRecord r : records) {
                out.println(json ? json(r) : csv(r));
            }
        }
        out.flush();
        return 0;
    }

    static String csv(SignalRecord r) {
        JournalEntry e = r.entry();
        Optional<Resolution> res = r.resolution();
        return String.join(",", quote(e.stream().symbol()), e.stream().interval().wireName(), e.openTime().toString(),
                e.action().name(), SignalFormat.decimal(e.entryPrice()), SignalFormat.decimal(e.stopLoss()),
                SignalFormat.decimal(e.takeProfit()), r.outcome().name(),
                res.map(x -> x.exitTime().toString()).orElse(""),
                res.map(x -> SignalFormat.decimal(x.exitPrice())).orElse(""),
                res.map(x -> SignalFormat.decimal(x.pnlPct())).orElse(""), quote(e.modelVersion()));
    }

    static String json(SignalRecord r) {
        JournalEntry e = r.entry();
        Optional<Resolution> res = r.resolution();
        StringBuilder sb = new StringBuilder(320);
        sb.append("{\"symbol\":").append(string(e.stream().symbol()))
                .append(",\"interval\":\"").append(e.stream().interval().wireName())
                .append("\",\"open_time\":\"").append(e.openTime())
                .append("\",\"action\":\"").append(e.action())
                .append("\",\"strength\":\"").append(e.strength())
                .append("\",\"probability\":").append(SignalFormat.decimal(e.probability()))
                .append(",\"confidence\":").append(SignalFormat.decimal(e.confidence()))
                .append(",\"entry\":").append(SignalFormat.decimal(e.entryPrice()))
                .append(",\"stop\":").append(SignalFormat.decimal(e.stopLoss()))
                .append(",\"target\":").append(SignalFormat.decimal(e.takeProfit()))
                .append(",\"atr\":").append(e.atr().isPresent() ? SignalFormat.decimal(e.atr().getAsDouble()) : "null")
                .append(",\"outcome\":\"").append(r.outcome())
                .append("\",\"exit_time\":").append(res.map(x -> "\"" + x.exitTime() + "\"").orElse("null"))
                .append(",\"exit_price\":").append(res.map(x -> SignalFormat.decimal(x.exitPrice())).orElse("null"))
                .append(",\"pnl_pct\":").append(res.map(x -> SignalFormat.decimal(x.pnlPct())).orElse("null"))
                .append(",\"model_id\":").append(string(e.modelId()))
                .append(",\"model_version\":").append(string(e.modelVersion()))
                .append(",\"feature_set\":").append(string(e.featureSetId()))
                .append('}');
        return sb.toString();
    }

    /** CSV quoting (RFC 4180) for the free-text columns. */
    private static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** A JSON string literal. */
    private static String string(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
