package dev.candlesignal.cli;

import dev.candlesignal.journal.JournalEntry;
import dev.candlesignal.journal.OutcomeRule;
import dev.candlesignal.journal.Resolution;
import dev.candlesignal.journal.SignalJournal;
import dev.candlesignal.journal.SignalRecord;
import dev.candlesignal.journal.jdbc.SqliteJournal;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The journal options shared by {@code replay}, {@code live}, {@code outcomes} and {@code stats}: the journal file
 * and the outcome rule's parameters. A journal keeps the rule it was first written with; the flags default to it.
 */
final class JournalOptions {
    private static final Pattern HOLD = Pattern.compile("(\\d{1,9})([smhdw]?)");

    @Option(names = "--journal", paramLabel = "FILE",
            description = "The signal journal (an SQLite file; created by replay and live if missing).")
    Path journal;

    @Option(names = "--max-hold", paramLabel = "DURATION",
            description = "Maximum hold of a signal in candle time, e.g. 168h, 7d, 90m (a bare number is hours). "
                    + "Default: the journal's rule, else 168h.")
    String maxHold;

    @Option(names = "--commission", paramLabel = "PCT",
            description = "Commission per side in percent, e.g. 0.1 (or 0.1%). Default: the journal's rule, else 0.1.")
    String commission;

    @Option(names = "--slippage", paramLabel = "PCT",
            description = "Slippage per side in percent, e.g. 0.05. Default: the journal's rule, else 0.05.")
    String slippage;

    /** Whether any rule flag was given. */
    boolean ruleGiven() {
        return maxHold != null || commission != null || slippage != null;
    }

    /** For replay and live: the rule flags mean nothing without a journal. */
    void requireJournalForRuleFlags(String command) {
        if (journal == null && ruleGiven()) {
            throw new CandleSignalCli.UserError("--max-hold, --commission and --slippage set how " + command
                    + " resolves journaled signals; add --journal FILE");
        }
    }

    /** For outcomes and stats: the journal file must be given and exist. */
    Path requireJournal(String command) {
        if (journal == null) {
            throw new CandleSignalCli.UserError(command + " needs --journal FILE");
        }
        if (!Files.exists(journal)) {
            throw new CandleSignalCli.UserError("no journal at " + journal);
        }
        return journal;
    }

    /** Opens (creating if missing) the journal for replay and live. */
    SignalJournal openForWriting() {
        return SqliteJournal.open(journal);
    }

    /** The journal's rule (or the defaults) with the flags given applied. */
    OutcomeRule rule(Optional<OutcomeRule> stored) {
        OutcomeRule.Builder b = stored.orElse(OutcomeRule.defaults()).toBuilder();
        try {
            if (maxHold != null) {
                b.maxHold(parseHold(maxHold));
            }
            if (commission != null) {
                b.commission(parsePercent("--commission", commission));
            }
            if (slippage != null) {
                b.slippage(parsePercent("--slippage", slippage));
            }
        } catch (IllegalArgumentException e) {
            throw new CandleSignalCli.UserError(e.getMessage(), e);
        }
        return b.build();
    }

    /**
     * For reports: the rule to show outcomes under. Costs may differ from the journal's (the results are repriced:
     * the exit price does not depend on them); the maximum hold may not, because changing it would need the candles.
     */
    OutcomeRule reportRule(SignalJournal journal) {
        Optional<OutcomeRule> stored = journal.rule();
        OutcomeRule rule = rule(stored);
        if (stored.isPresent() && !stored.get().maxHold().equals(rule.maxHold())) {
            throw new CandleSignalCli.UserError(journal.name() + ": its outcomes were resolved with " + stored.get()
                    + "; another --max-hold needs the candles again (replay into a new journal)");
        }
        return rule;
    }

    /** The records with each resolved signal's pnl computed under {@code rule}'s costs. */
    static List<SignalRecord> reprice(List<SignalRecord> records, OutcomeRule rule) {
        List<SignalRecord> out = new ArrayList<>(records.size());
        for (SignalRecord r : records) {
            if (r.resolution().isEmpty()) {
                out.add(r);
                continue;
            }
            JournalEntry e = r.entry();
            Resolution res = r.resolution().get();
            out.add(new SignalRecord(e, Optional.of(new Resolution(res.outcome(), res.exitTime(), res.exitPrice(),
                    rule.pnlPct(e.action(), e.entryPrice(), res.exitPrice())))));
        }
        return out;
    }

    static Duration parseHold(String text) {
        Matcher m = HOLD.matcher(text.strip());
        if (!m.matches()) {
            throw new CandleSignalCli.UserError("--max-hold must be a number with an optional unit s, m, h, d or w "
                    + "(e.g. 168h, 7d), not '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "d" -> Duration.ofDays(n);
            case "w" -> Duration.ofDays(7 * n);
            default -> Duration.ofHours(n);
        };
        if (d.isZero()) {
            throw new CandleSignalCli.UserError("--max-hold must be > 0, not '" + text + "'");
        }
        return d;
    }

    /** A percentage per side ("0.1" or "0.1%"), in [0, 10), as a fraction. */
    static double parsePercent(String flag, String text) {
        String t = text.strip();
        if (t.endsWith("%")) {
            t = t.substring(0, t.length() - 1).strip();
        }
        BigDecimal pct;
        try {
            pct = new BigDecimal(t);
        } catch (NumberFormatException e) {
            throw new CandleSignalCli.UserError(flag + " must be a percentage such as 0.1 (or 0.1%), not '" + text
                    + "'");
        }
        if (pct.signum() < 0 || pct.compareTo(BigDecimal.TEN) >= 0) {
            throw new CandleSignalCli.UserError(flag + " must be at least 0 and below 10 (percent per side), not '"
                    + text + "'");
        }
        return pct.movePointLeft(2).doubleValue();
    }
}
