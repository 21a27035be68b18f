package dev.candlesignal.journal.contract;

import dev.candlesignal.training.HeldOutScores;
import dev.candlesignal.training.RetrainDecision;
import dev.candlesignal.journal.CandleUpdate;
import dev.candlesignal.journal.JournalEntry;
import dev.candlesignal.journal.JournalRuleException;
import dev.candlesignal.journal.JournalState;
import dev.candlesignal.journal.Outcome;
import dev.candlesignal.journal.OutcomeRule;
import dev.candlesignal.journal.OutcomeStats;
import dev.candlesignal.journal.PredictionTally;
import dev.candlesignal.journal.ProbabilityStats;
import dev.candlesignal.journal.RecentPredictions;
import dev.candlesignal.journal.Resolution;
import dev.candlesignal.journal.SignalJournal;
import dev.candlesignal.journal.SignalRecord;
import dev.candlesignal.journal.StreamCursor;
import dev.candlesignal.journal.StreamStatistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Action;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.Strength;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link SignalJournal} passes: in memory in signal-journal, SQLite and PostgreSQL in
 * signal-journal-jdbc. Subclasses say how to create an empty journal and how to open the same one again (after a
 * restart). In a package of its own, so that it does not split {@code dev.candlesignal.journal} between the module and
 * the test-jar.
 */
public abstract class JournalContract {
    protected static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");
    protected static final StreamKey BTC = StreamKey.of("BTCUSDT", Interval.HOUR_1);
    protected static final StreamKey ETH = StreamKey.of("ETHUSDT", Interval.HOUR_1);
    protected static final StreamKey BTC_4H = StreamKey.of("BTCUSDT", Interval.HOUR_4);

    protected SignalJournal journal;

    /** A new, empty journal. */
    protected abstract SignalJournal create();

    /** The same journal opened again, as after a restart; {@code journal} may be closed by this. */
    protected abstract SignalJournal reopen(SignalJournal journal);

    @BeforeEach
    void createJournal() {
        journal = create();
    }

    @AfterEach
    void closeJournal() {
        if (journal != null) {
            journal.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ fixtures

    protected static Instant hour(int h) {
        return T0.plus(Duration.ofHours(h));
    }

    protected static JournalEntry entry(StreamKey stream, int h, Action action, String version) {
        double entry = 100 + h;
        double sign = action == Action.BUY ? 1 : -1;
        return new JournalEntry(stream, hour(h), stream.interval().next(hour(h)).minusMillis(1), action,
                Strength.MEDIUM, action == Action.BUY ? 0.6 : 0.4, 0.6, entry, entry - sign * 2, entry + sign * 4,
                OptionalDouble.of(1.0), "demo", version, "standard28", "ThresholdPolicy[...], cooldown 60 min");
    }

    protected static StreamCursor cursor(StreamKey stream, int h, double close) {
        return new StreamCursor(stream, hour(h), close, StreamCursor.Direction.UP,
                Optional.of(new StreamCursor.PendingPrediction(0.6, "demo", "1")));
    }

    protected static PredictionTally tally(StreamKey stream, int h, long holds) {
        RecentPredictions recent = RecentPredictions.empty(3).with(0.25, false, true).with(0.75, true, true);
        ProbabilityStats stats = ProbabilityStats.EMPTY.plus(0.25, false, true).plus(0.75, true, true);
        return new PredictionTally(stream, "demo", "1", hour(h), 1, holds, 2, stats, recent);
    }

    protected static CandleUpdate update(StreamKey stream, int h, JournalEntry entry,
            CandleUpdate.ResolvedSignal... resolutions) {
        return new CandleUpdate(cursor(stream, h, 100 + h), Optional.ofNullable(entry), List.of(resolutions),
                List.of(tally(stream, h, h)));
    }

    protected static CandleUpdate.ResolvedSignal resolved(JournalEntry e, Outcome outcome, int h, double price) {
        return new CandleUpdate.ResolvedSignal(e.key(), new Resolution(outcome, hour(h), price,
                OutcomeRule.defaults().pnlPct(e.action(), e.entryPrice(), price)));
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    void aNewJournalIsEmpty() {
        assertThat(journal.signals()).isEmpty();
        assertThat(journal.tallies()).isEmpty();
        assertThat(journal.rule()).isEmpty();
        JournalState state = journal.load();
        assertThat(state.cursors()).isEmpty();
        assertThat(state.pending()).isEmpty();
        assertThat(state.tallies()).isEmpty();
        assertThat(journal.name()).isNotBlank();
    }

    @Test
    void whatIsAppendedIsReadBackExactly() {
        JournalEntry buy = entry(BTC, 1, Action.BUY, "1");
        JournalEntry sell = entry(BTC, 2, Action.SELL, "1");
        journal.append(List.of(update(BTC, 1, buy), update(BTC, 2, sell)));
        CandleUpdate.ResolvedSignal win = resolved(buy, Outcome.WIN, 3, buy.takeProfit());
        journal.append(List.of(update(BTC, 3, null, win)));

        assertThat(journal.signals()).containsExactly(
                new SignalRecord(buy, Optional.of(win.resolution())), SignalRecord.pending(sell));
        assertThat(journal.tallies()).containsExactly(tally(BTC, 3, 3));
        JournalState state = journal.load();
        assertThat(state.cursors()).containsExactly(cursor(BTC, 3, 103));
        assertThat(state.pending()).containsExactly(sell);
        assertThat(state.tallies()).containsExactly(tally(BTC, 3, 3));
    }

    @Test
    void everyValueSurvivesTheRoundTrip() {
        StreamKey odd = StreamKey.of("BTC-USD.P/X_1", Interval.MONTH_1);
        JournalEntry noAtr = new JournalEntry(odd, Instant.parse("2024-02-01T00:00:00Z"),
                Instant.parse("2024-02-29T23:59:59.999Z"), Action.SELL, Strength.WEAK, 0.0, 1.0, 0.000123456789,
                0.000123456789, 1e-9, OptionalDouble.empty(), "model ünïcødé 'quoted'", "2024.06.01-rc.1+abc",
                "custom/feature;set", "");
        StreamCursor cursor = new StreamCursor(odd, noAtr.openTime(), 1.0000000000000002,
                StreamCursor.Direction.UNKNOWN, Optional.empty());
        RecentPredictions recent = RecentPredictions.empty(2);
        for (double p : new double[] {0.1, Math.nextUp(0.5), 1.0}) {
            recent = recent.with(p, p > 0.5, false);
        }
        ProbabilityStats stats = ProbabilityStats.EMPTY.plus(0.1, false, false).plus(Math.nextUp(0.5), true, false)
                .plus(1.0, true, false);
        PredictionTally tally = new PredictionTally(odd, noAtr.modelId(), noAtr.modelVersion(), noAtr.openTime(),
                Long.MAX_VALUE / 2, 0, 7, stats, recent);
        journal.append(List.of(new CandleUpdate(cursor, Optional.of(noAtr), List.of(), List.of(tally))));
        StreamCursor next = new StreamCursor(odd, Instant.parse("2024-03-01T00:00:00Z"), 0.5,
                StreamCursor.Direction.NOT_UP, Optional.of(new StreamCursor.PendingPrediction(0.0, "m", "v")));
        Resolution timeout = new Resolution(Outcome.TIMEOUT, noAtr.openTime(), noAtr.entryPrice(), -0.3);
        journal.append(List.of(new CandleUpdate(next, Optional.empty(),
                List.of(new CandleUpdate.ResolvedSignal(noAtr.key(), timeout)), List.of())));

        journal = reopen(journal);
        assertThat(journal.signals()).containsExactly(new SignalRecord(noAtr, Optional.of(timeout)));
        assertThat(journal.tallies()).containsExactly(tally);
        assertThat(journal.tallies().get(0).recent().toBytes()).isEqualTo(recent.toBytes());
        assertThat(journal.load().cursors()).containsExactly(next);
    }

    @Test
    void twoSymbolsAndTwoIntervalsWithTheSameOpenTimeAreKeptApart() {
        JournalEntry btc = entry(BTC, 4, Action.BUY, "1");
        JournalEntry eth = entry(ETH, 4, Action.SELL, "1");
        JournalEntry btc4h = entry(BTC_4H, 4, Action.BUY, "1");
        JournalEntry btcV2 = entry(BTC, 4, Action.SELL, "2");
        journal.append(List.of(update(BTC, 4, btc), update(ETH, 4, eth), update(BTC_4H, 4, btc4h)));
        journal.append(List.of(update(BTC, 4, btcV2)));
        assertThat(journal.signals()).extracting(SignalRecord::entry).containsExactly(btc, btcV2, btc4h, eth);
        assertThat(journal.load().cursors()).hasSize(3);
        assertThat(journal.tallies()).extracting(PredictionTally::stream).containsExactly(BTC, BTC_4H, ETH);
    }

    @Test
    void signalsAreListedByOpenTimeThenSymbol() {
        journal.append(List.of(update(ETH, 1, entry(ETH, 1, Action.BUY, "1")),
                update(BTC, 2, entry(BTC, 2, Action.BUY, "1")), update(ETH, 2, entry(ETH, 2, Action.BUY, "1")),
                update(BTC, 5, entry(BTC, 5, Action.SELL, "1"))));
        assertThat(journal.signals()).extracting(r -> r.entry().stream().symbol() + "@" + r.entry().openTime())
                .containsExactly("ETHUSDT@" + hour(1), "BTCUSDT@" + hour(2), "ETHUSDT@" + hour(2), "BTCUSDT@" + hour(5));
    }

    @Test
    void appendingTheSameUpdatesAgainChangesNothing() {
        JournalEntry buy = entry(BTC, 1, Action.BUY, "1");
        List<CandleUpdate> first = List.of(update(BTC, 1, buy), update(ETH, 1, entry(ETH, 1, Action.SELL, "1")));
        List<CandleUpdate> second = List.of(update(BTC, 2, null, resolved(buy, Outcome.LOSS, 2, buy.stopLoss())));
        journal.append(first);
        journal.append(second);
        List<SignalRecord> signals = journal.signals();
        List<PredictionTally> tallies = journal.tallies();
        JournalState state = journal.load();

        journal.append(first); // a replay after a restart
        journal.append(second);
        journal.append(first); // even out of order
        assertThat(journal.signals()).isEqualTo(signals);
        assertThat(journal.tallies()).isEqualTo(tallies);
        assertThat(journal.load()).isEqualTo(state);
    }

    @Test
    void anEntryIsInsertedOnceEvenWithOtherValues() {
        JournalEntry buy = entry(BTC, 1, Action.BUY, "1");
        journal.append(List.of(update(BTC, 1, buy)));
        JournalEntry other = new JournalEntry(BTC, buy.openTime(), buy.closeTime(), Action.SELL, Strength.STRONG, 0.1,
                0.9, buy.entryPrice(), buy.entryPrice() + 1, buy.entryPrice() - 1, OptionalDouble.empty(),
                buy.modelId(), buy.modelVersion(), "x", "y");
        journal.append(List.of(update(BTC, 1, other)));
        assertThat(journal.signals()).extracting(SignalRecord::entry).containsExactly(buy);
    }

    @Test
    void aResolutionOnlyFillsAPendingEntry() {
        JournalEntry buy = entry(BTC, 1, Action.BUY, "1");
        CandleUpdate.ResolvedSignal win = resolved(buy, Outcome.WIN, 2, buy.takeProfit());
        journal.append(List.of(update(BTC, 1, buy), update(BTC, 2, null, win)));
        journal.append(List.of(update(BTC, 3, null, resolved(buy, Outcome.LOSS, 3, buy.stopLoss()))));
        assertThat(journal.signals()).containsExactly(new SignalRecord(buy, Optional.of(win.resolution())));
        // a resolution for an entry the journal never saw changes nothing
        journal.append(List.of(update(BTC, 4, null, resolved(entry(BTC, 3, Action.BUY, "1"), Outcome.WIN, 4, 107))));
        assertThat(journal.signals()).hasSize(1);
        assertThat(journal.load().pending()).isEmpty();
    }

    @Test
    void olderCursorsAndTalliesNeverReplaceNewerOnes() {
        journal.append(List.of(update(BTC, 5, null)));
        journal.append(List.of(update(BTC, 3, null), update(BTC, 4, null)));
        assertThat(journal.load().cursors()).containsExactly(cursor(BTC, 5, 105));
        assertThat(journal.tallies()).containsExactly(tally(BTC, 5, 5));
        // within one batch the latest wins
        journal.append(List.of(update(BTC, 7, null), update(BTC, 6, null)));
        assertThat(journal.load().cursors()).containsExactly(cursor(BTC, 7, 107));
        assertThat(journal.tallies()).containsExactly(tally(BTC, 7, 7));
    }

    @Test
    void manyUpdatesInOneBatch() {
        List<CandleUpdate> batch = new ArrayList<>();
        List<JournalEntry> entries = new ArrayList<>();
        for (int h = 0; h < 2_000; h++) {
            JournalEntry e = h % 3 == 0 ? entry(h % 2 == 0 ? BTC : ETH, h, Action.BUY, "1") : null;
            if (e != null) {
                entries.add(e);
            }
            batch.add(update(h % 2 == 0 ? BTC : ETH, h, e));
        }
        journal.append(batch);
        assertThat(journal.signals()).extracting(SignalRecord::entry).containsExactlyElementsOf(entries);
        assertThat(journal.load().pending()).hasSize(entries.size());
        assertThat(journal.load().cursors()).containsExactlyInAnyOrder(cursor(BTC, 1998, 2098), cursor(ETH, 1999, 2099));
    }

    @Test
    void theStateSurvivesReopening() {
        JournalEntry buy = entry(BTC, 1, Action.BUY, "1");
        JournalEntry sell = entry(ETH, 1, Action.SELL, "1");
        journal.bindRule(OutcomeRule.defaults());
        journal.append(List.of(update(BTC, 1, buy), update(ETH, 1, sell),
                update(BTC, 2, null, resolved(buy, Outcome.WIN, 2, buy.takeProfit()))));
        List<SignalRecord> signals = journal.signals();
        JournalState state = journal.load();
        journal = reopen(journal);
        assertThat(journal.signals()).isEqualTo(signals);
        assertThat(journal.load()).isEqualTo(state);
        assertThat(journal.rule()).contains(OutcomeRule.defaults());
    }

    @Test
    void aJournalKeepsTheRuleItWasBoundTo() {
        OutcomeRule rule = OutcomeRule.builder().maxHold(Duration.ofHours(24)).commission(0.00075).slippage(0).build();
        journal.bindRule(rule);
        journal.bindRule(rule);
        assertThat(journal.rule()).contains(rule);
        journal = reopen(journal);
        assertThat(journal.rule()).contains(rule);
        assertThatThrownBy(() -> journal.bindRule(OutcomeRule.defaults()))
                .isInstanceOf(JournalRuleException.class)
                .hasMessageContaining(journal.name())
                .hasMessageContaining("max hold 24h, commission 0.075%, slippage 0%")
                .hasMessageContaining("max hold 168h");
    }

    @Test
    void statisticsPerStreamAndModelVersion() {
        JournalEntry a = entry(BTC, 1, Action.BUY, "1");
        JournalEntry b = entry(BTC, 2, Action.SELL, "1");
        JournalEntry c = entry(BTC, 3, Action.BUY, "1");
        JournalEntry d = entry(BTC, 3, Action.BUY, "2");
        journal.append(List.of(update(BTC, 1, a), update(BTC, 2, b), update(BTC, 3, c), update(BTC, 3, d)));
        journal.append(List.of(update(BTC, 4, null, resolved(a, Outcome.WIN, 4, a.takeProfit()),
                resolved(b, Outcome.LOSS, 4, b.stopLoss()), resolved(c, Outcome.TIMEOUT, 4, c.entryPrice() + 1))));
        List<StreamStatistics> stats = journal.statistics(2);
        assertThat(stats).extracting(StreamStatistics::modelVersion).containsExactly("1", "2");
        StreamStatistics v1 = stats.get(0);
        assertThat(v1.signals()).isEqualTo(3);
        assertThat(v1.pending()).isZero();
        assertThat(v1.outcomes().wins()).isEqualTo(1);
        assertThat(v1.outcomes().losses()).isEqualTo(1);
        assertThat(v1.outcomes().timeouts()).isEqualTo(1);
        assertThat(v1.outcomes().timeoutsWon()).isEqualTo(1);
        assertThat(v1.outcomes().winRate()).isEqualTo(2.0 / 3);
        assertThat(v1.recentOutcomes().resolved()).as("the last 2 by signal time").isEqualTo(2);
        assertThat(v1.recentOutcomes().wins()).isZero();
        assertThat(v1.holds()).isEqualTo(4);
        assertThat(v1.predictions().count()).isEqualTo(2);
        StreamStatistics v2 = stats.get(1);
        assertThat(v2.signals()).isEqualTo(1);
        assertThat(v2.pending()).isEqualTo(1);
        assertThat(v2.outcomes()).isEqualTo(OutcomeStats.EMPTY);
        assertThat(v2.outcomes().winRate()).isNaN();
    }

    protected static RetrainDecision decision(StreamKey stream, int h, String champion, String challenger,
            RetrainDecision.Verdict verdict) {
        Optional<HeldOutScores> scores = verdict == RetrainDecision.Verdict.FAILED ? Optional.empty()
                : Optional.of(new HeldOutScores(hour(h - 720), hour(h), 690, 0.6931471805599453, 0.6901234,
                        0.69255, 0.5101, 0.5312, 0.4899));
        return new RetrainDecision(hour(h), stream, "demo", "win_rate", champion, Optional.ofNullable(challenger),
                verdict, scores, verdict == RetrainDecision.Verdict.FAILED ? "failed: source served 20 days of the 180"
                        : "challenger log loss 0.6901 beats the champion's 0.6931 by 0.0030 (margin 0.0020), 'quoted'");
    }

    @Test
    void retrainingDecisionsAreKeptExactlyAndOnce() {
        RetrainDecision failed = decision(BTC, 24, "1", null, RetrainDecision.Verdict.FAILED);
        RetrainDecision rejected = decision(BTC, 48, "1", "2", RetrainDecision.Verdict.REJECTED);
        RetrainDecision promoted = decision(ETH, 48, "1", "3", RetrainDecision.Verdict.PROMOTED);
        journal.recordDecision(promoted);
        journal.recordDecision(failed);
        journal.recordDecision(rejected);
        journal.recordDecision(rejected);
        // another decision under a key that is taken changes nothing
        journal.recordDecision(decision(BTC, 48, "1", "9", RetrainDecision.Verdict.FAILED));
        assertThat(journal.decisions()).containsExactly(failed, rejected, promoted);
        journal = reopen(journal);
        assertThat(journal.decisions()).containsExactly(failed, rejected, promoted);
    }

    @Test
    void aDecisionTimeFinerThanAMillisecondIsRefused() {
        RetrainDecision d = decision(BTC, 24, "1", null, RetrainDecision.Verdict.FAILED);
        RetrainDecision fine = new RetrainDecision(d.time().plusNanos(1_000), d.stream(), d.modelId(), d.trigger(),
                d.championVersion(), d.challengerVersion(), d.verdict(), d.scores(), d.reason());
        assertThatThrownBy(() -> journal.recordDecision(fine)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finer than a millisecond");
        assertThat(journal.decisions()).isEmpty();
    }

    @Test
    void aClosedJournalRefusesToWork() {
        journal.close();
        journal.close(); // idempotent
        assertThatThrownBy(() -> journal.signals()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> journal.append(List.of(update(BTC, 1, null))))
                .isInstanceOf(IllegalStateException.class);
        journal = null;
    }
}
