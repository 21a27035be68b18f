package dev.candlesignal.journal;

import static dev.candlesignal.journal.ScriptedRun.BTC;
import static dev.candlesignal.journal.ScriptedRun.ETH;
import static dev.candlesignal.journal.ScriptedRun.T0;
import static dev.candlesignal.journal.ScriptedRun.candle;
import static dev.candlesignal.journal.ScriptedRun.quiet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.candlesignal.Action;
import dev.candlesignal.Candle;
import dev.candlesignal.Evaluation;
import dev.candlesignal.Interval;
import dev.candlesignal.SignalException;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.journal.ScriptedRun.Script;
import dev.candlesignal.model.Scaler;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.TestFeatureSet;
import dev.candlesignal.testkit.TestModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OutcomeTrackerTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    /** Candles 0..3 warm up; a BUY on candle 4 at 100 (stop 98, target 104); 5 and 6 quiet; 7 touches the target. */
    static final Script BUY_AT_4 = new Script().buy(4, 100, 98, 104);

    static List<Candle> buyThenWin() {
        List<Candle> c = new ArrayList<>(ScriptedRun.quietRun(0, 7));
        c.add(candle(7, 100, 104.2, 99.6, 103));
        c.add(quiet(8, 103));
        return c;
    }

    static void feed(SignalEngine engine, StreamKey stream, List<Candle> candles) {
        for (Candle c : candles) {
            engine.onCandle(stream, c);
        }
    }

    static Instant hour(int h) {
        return T0.plus(Duration.ofHours(h));
    }

    @Test
    void attachedInOneLineItJournalsAndResolvesEverySignal() throws Exception {
        SignalJournal journal = SignalJournal.inMemory();
        List<SignalRecord> heard = new CopyOnWriteArrayList<>();
        try (SignalEngine engine = ScriptedRun.engine(BUY_AT_4, ScriptedRun.model("7"));
                OutcomeTracker tracker = OutcomeTracker.attach(engine, journal)) {
            tracker.addListener(heard::add);
            feed(engine, BTC, buyThenWin());
            assertThat(tracker.flush(WAIT)).isTrue();

            List<SignalRecord> signals = journal.signals();
            assertThat(signals).hasSize(1);
            SignalRecord r = signals.get(0);
            JournalEntry e = r.entry();
            assertThat(e.stream()).isEqualTo(BTC);
            assertThat(e.openTime()).isEqualTo(hour(4));
            assertThat(e.closeTime()).isEqualTo(hour(5).minusMillis(1));
            assertThat(e.action()).isEqualTo(Action.BUY);
            assertThat(e.entryPrice()).isEqualTo(100);
            assertThat(e.stopLoss()).isEqualTo(98);
            assertThat(e.takeProfit()).isEqualTo(104);
            assertThat(e.probability()).isEqualTo((double) 0.7f);
            assertThat(e.modelId()).isEqualTo("test-model");
            assertThat(e.modelVersion()).isEqualTo("7");
            assertThat(e.featureSetId()).isEqualTo("test3@3");
            assertThat(e.policy()).contains("Script").contains("cooldown none");
            assertThat(e.atr()).as("unknown for a custom policy").isEmpty();
            assertThat(r.outcome()).isEqualTo(Outcome.WIN);
            assertThat(r.resolution().orElseThrow().exitTime()).isEqualTo(hour(7));
            assertThat(r.resolution().orElseThrow().exitPrice()).isEqualTo(104);
            assertThat(heard).containsExactly(r);

            // HOLDs are counted per stream and model version, not journaled
            List<StreamStatistics> stats = journal.statistics(100);
            assertThat(stats).hasSize(1);
            assertThat(stats.get(0).holds()).isEqualTo(5); // candles 3, 5, 6, 7, 8; 4 signalled
            TrackerHealth health = tracker.health();
            assertThat(health.state()).isEqualTo(TrackerHealth.State.RUNNING);
            assertThat(health.updates()).isEqualTo(9);
            assertThat(health.written()).isEqualTo(9);
            assertThat(health.dropped()).isZero();
            assertThat(health.openSignals()).isZero();
            assertThat(health.signals()).isEqualTo(1);
            assertThat(health.resolved()).isEqualTo(1);
            assertThat(journal.rule()).contains(OutcomeRule.defaults());
        }
        assertThat(journal.load().cursors()).extracting(StreamCursor::lastOpenTime).containsExactly(hour(8));
    }

    @Test
    void everyProbabilityIsScoredAgainstTheNextCandlesDirection() throws Exception {
        SignalJournal journal = SignalJournal.inMemory();
        // closes: 100 (x4 warm-up), then up, down, up, up, down: p = 0.7 says "up" every time
        double[] closes = {100, 100, 100, 100, 101, 100.5, 102, 103, 102.5};
        List<Candle> candles = new ArrayList<>();
        for (int h = 0; h < closes.length; h++) {
            double prev = h == 0 ? closes[0] : closes[h - 1];
            candles.add(candle(h, prev, Math.max(prev, closes[h]) + 0.1, Math.min(prev, closes[h]) - 0.1, closes[h]));
        }
        try (SignalEngine engine = ScriptedRun.engine(new Script(), ScriptedRun.model("1"));
                OutcomeTracker tracker = OutcomeTracker.builder().journal(journal).window(3).attach(engine)) {
            feed(engine, BTC, candles);
            assertThat(tracker.flush(WAIT)).isTrue();
        }
        // predictions on candles 3..8 (6 of them); 3's candle follows a flat one (NOT_UP), all contiguous;
        // scored: those made on 3..7 against 4..8 = up, down, up, up, down
        ProbabilityStats all = journal.tallies().get(0).predictions();
        assertThat(all.count()).isEqualTo(5);
        assertThat(all.hits()).isEqualTo(3);
        assertThat(all.ups()).isEqualTo(3);
        assertThat(all.brier()).isEqualTo((3 * 0.09 + 2 * 0.49) / 5, within(1e-6));
        assertThat(all.logLoss()).isCloseTo((-3 * Math.log(0.7f) - 2 * Math.log(1 - 0.7f)) / 5,
                within(1e-9));
        // previous direction: (3: not up) vs 4 up: miss; (4 up) vs 5 down: miss; (5 down) vs 6 up: miss;
        // (6 up) vs 7 up: hit; (7 up) vs 8 down: miss
        assertThat(all.previousDirectionHitRate()).isEqualTo(0.2);
        assertThat(all.baseRateBrier()).isCloseTo(0.6 * 0.4, within(1e-12));
        StreamStatistics stats = journal.statistics(3).get(0);
        assertThat(stats.recentPredictions().count()).isEqualTo(3); // up, up, down
        assertThat(stats.recentPredictions().hits()).isEqualTo(2);
        assertThat(stats.holds()).isEqualTo(6);
    }

    @Test
    void anOutOfDomainCandleResolvesSignalsButItsWithheldDecisionIsNeitherCountedNorScored() throws Exception {
        // the engine's domain guard (test3@3, a scaler fitted on volume ~100): candles 10..17 trade 1e6, so the
        // windows of 13..17 (4 rows, all far) are OUT_OF_DOMAIN; a BUY on 10 wins on 14, inside that stretch
        Scaler trained = new Scaler(new double[] {0, 0, Math.log1p(100)}, new double[] {0.01, 0.01, 0.1}, 1e-8);
        List<Candle> candles = new ArrayList<>();
        for (int h = 0; h < 28; h++) {
            double volume = h >= 10 && h < 18 ? 1e6 : 100;
            candles.add(Candles.candle(hour(h), Interval.HOUR_1, 100, h == 14 ? 101 : 100.5, 99.5, 100, volume,
                    volume / 2));
        }
        SignalJournal journal = SignalJournal.inMemory();
        List<Evaluation.Status> statuses = new ArrayList<>();
        try (SignalEngine engine = ScriptedRun.engine(new Script().buy(10, 100, 99, 100.8),
                TestModel.linear(TestFeatureSet.create(), 4, "1", trained, 1));
                OutcomeTracker tracker = OutcomeTracker.attach(engine, journal)) {
            for (Candle c : candles) {
                statuses.add(engine.onCandle(BTC, c).status());
            }
            assertThat(tracker.flush(WAIT)).isTrue();
            assertThat(statuses.subList(13, 18)).containsOnly(Evaluation.Status.OUT_OF_DOMAIN);
            assertThat(statuses.get(10)).isEqualTo(Evaluation.Status.SIGNAL);
            TrackerHealth health = tracker.health();
            assertThat(health.updates()).as("every candle is an update").isEqualTo(28);
            assertThat(health.resolved()).isEqualTo(1);
            assertThat(health.openSignals()).isZero();
        }
        List<SignalRecord> signals = journal.signals();
        assertThat(signals).hasSize(1);
        assertThat(signals.get(0).outcome()).isEqualTo(Outcome.WIN);
        assertThat(signals.get(0).resolution().orElseThrow().exitTime()).isEqualTo(hour(14));
        PredictionTally tally = journal.tallies().get(0);
        assertThat(tally.signals()).isEqualTo(1);
        assertThat(tally.holds()).isEqualTo(17); // 5..12 and 18..27 but 10
        assertThat(tally.suppressed()).isZero();
        // made on 5..12 and scored by 6..13; none on 13..17; made on 18..26 and scored by 19..27
        assertThat(tally.predictions().count()).isEqualTo(17);
        assertThat(journal.load().cursors()).extracting(StreamCursor::lastOpenTime).containsExactly(hour(27));
    }

    @Test
    void aGapIsNotScoredAndDoesNotStretchTheHold() throws Exception {
        SignalJournal journal = SignalJournal.inMemory();
        OutcomeRule rule = OutcomeRule.builder().maxHold(Duration.ofHours(3)).build();
        List<Candle> candles = new ArrayList<>(ScriptedRun.quietRun(0, 6)); // BUY on 4; 5 inside the hold
        candles.add(candle(10, 100, 100.5, 90, 95)); // after a gap: outside the hold (it ends at T0 + 8h)
        try (SignalEngine engine = ScriptedRun.engine(BUY_AT_4, ScriptedRun.model("1"));
                OutcomeTracker tracker = OutcomeTracker.builder().journal(journal).rule(rule).attach(engine)) {
            feed(engine, BTC, candles);
            assertThat(tracker.flush(WAIT)).isTrue();
        }
        SignalRecord r = journal.signals().get(0);
        assertThat(r.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(r.resolution().orElseThrow().exitTime()).isEqualTo(hour(5));
        assertThat(r.resolution().orElseThrow().exitPrice()).isEqualTo(100);
        // predictions on 3, 4, 5 (and 10): 3->4 and 4->5 scored; 5->10 crosses the gap
        assertThat(journal.tallies().get(0).predictions().count()).isEqualTo(2);
    }

    @Test
    void aSignalPendingAtTheEndResolvesAfterARestartWithTheSameCandlesReplayed() throws Exception {
        List<Candle> all = buyThenWin();
        SignalJournal uninterrupted = SignalJournal.inMemory();
        runAll(uninterrupted, all);

        SignalJournal journal = SignalJournal.inMemory();
        List<SignalRecord> firstRun = new CopyOnWriteArrayList<>();
        runOnce(journal, all.subList(0, 7), firstRun); // up to candle 6: the BUY is still open
        assertThat(journal.signals()).extracting(SignalRecord::outcome).containsExactly(Outcome.PENDING);
        assertThat(firstRun).isEmpty();
        assertThat(journal.load().pending()).hasSize(1);

        List<SignalRecord> secondRun = new CopyOnWriteArrayList<>();
        runOnce(journal, all, secondRun); // restart: a new engine replays every candle from the start
        assertThat(journal.signals()).isEqualTo(uninterrupted.signals());
        assertThat(journal.tallies()).isEqualTo(uninterrupted.tallies());
        assertThat(journal.load()).isEqualTo(uninterrupted.load());
        assertThat(secondRun).extracting(SignalRecord::outcome).containsExactly(Outcome.WIN);
    }

    @Test
    void aSignalPendingAtTheEndResolvesFromBackfilledCandlesAfterARestart() throws Exception {
        List<Candle> all = buyThenWin();
        SignalJournal uninterrupted = SignalJournal.inMemory();
        runAll(uninterrupted, all);

        SignalJournal journal = SignalJournal.inMemory();
        runOnce(journal, all.subList(0, 6), new ArrayList<>());
        // the new engine only gets the candles after the last one journaled: it is not ready, but its evaluations
        // carry the candles, which is all the tracker needs to resolve
        runOnce(journal, all.subList(6, all.size()), new ArrayList<>());
        assertThat(journal.signals()).isEqualTo(uninterrupted.signals());
        assertThat(journal.signals().get(0).outcome()).isEqualTo(Outcome.WIN);
    }

    @Test
    void candlesAlreadyJournaledAreIgnoredAfterARestart() throws Exception {
        SignalJournal journal = SignalJournal.inMemory();
        List<SignalRecord> heard = new CopyOnWriteArrayList<>();
        runOnce(journal, buyThenWin(), heard);
        runOnce(journal, buyThenWin(), heard); // the same candles again
        assertThat(heard).hasSize(1);
        assertThat(journal.signals()).hasSize(1);
        assertThat(journal.statistics(100).get(0).holds()).isEqualTo(5);
    }

    @Test
    void twoStreamsWithTheSameTimesStayApart() throws Exception {
        SignalJournal journal = SignalJournal.inMemory();
        Script script = new Script().buy(4, 100, 98, 104);
        try (SignalEngine engine = ScriptedRun.engine(script, ScriptedRun.model("1"));
                OutcomeTracker tracker = OutcomeTracker.attach(engine, journal)) {
            List<Candle> btc = buyThenWin();
            List<Candle> eth = new ArrayList<>(ScriptedRun.quietRun(0, 6));
            eth.add(candle(6, 100, 100.2, 97, 97.5)); // the ETH BUY is stopped out at 6
            for (int i = 0; i < btc.size(); i++) {
                engine.onCandle(BTC, btc.get(i));
                if (i < eth.size()) {
                    engine.onCandle(ETH, eth.get(i));
                }
            }
            assertThat(tracker.flush(WAIT)).isTrue();
        }
        assertThat(journal.signals()).extracting(r -> r.entry().stream().symbol() + " " + r.outcome())
                .containsExactly("BTCUSDT WIN", "ETHUSDT LOSS");
    }

    @Test
    void aCandleWhosePredictionFailedStillResolvesSignals() throws Exception {
        SignalJournal journal = SignalJournal.inMemory();
        TestModel model = ScriptedRun.model("1");
        List<Candle> candles = buyThenWin();
        try (SignalEngine engine = ScriptedRun.engine(BUY_AT_4, model);
                OutcomeTracker tracker = OutcomeTracker.attach(engine, journal)) {
            feed(engine, BTC, candles.subList(0, 7));
            model.failWith(new IllegalStateException("model down"));
            assertThatThrownBy(() -> engine.onCandle(BTC, candles.get(7))).isInstanceOf(SignalException.class);
            model.failWith(null);
            engine.onCandle(BTC, candles.get(8)); // the engine moves on without retrying candle 7
            assertThat(tracker.flush(WAIT)).isTrue();
        }
        SignalRecord r = journal.signals().get(0);
        assertThat(r.outcome()).isEqualTo(Outcome.WIN);
        assertThat(r.resolution().orElseThrow().exitTime()).isEqualTo(hour(7));
    }

    @Test
    void aRetriedCandleIsUsedOnceWithItsPrediction() throws Exception {
        SignalJournal journal = SignalJournal.inMemory();
        TestModel model = ScriptedRun.model("1");
        List<Candle> candles = ScriptedRun.quietRun(0, 6);
        try (SignalEngine engine = ScriptedRun.engine(BUY_AT_4, model);
                OutcomeTracker tracker = OutcomeTracker.attach(engine, journal)) {
            feed(engine, BTC, candles.subList(0, 4));
            model.failWith(new IllegalStateException("model down"));
            assertThatThrownBy(() -> engine.onCandle(BTC, candles.get(4))).isInstanceOf(SignalException.class);
            model.failWith(null);
            Evaluation retried = engine.onCandle(BTC, candles.get(4)); // redelivered: the engine retries it
            assertThat(retried.status()).isEqualTo(Evaluation.Status.SIGNAL);
            engine.onCandle(BTC, candles.get(5));
            assertThat(tracker.flush(WAIT)).isTrue();
        }
        assertThat(journal.signals()).extracting(r -> r.entry().openTime()).containsExactly(hour(4));
        assertThat(journal.load().cursors().get(0).lastOpenTime()).isEqualTo(hour(5));
    }

    @Test
    void aFailingJournalNeitherStopsNorBlocksTheEngine() throws Exception {
        AtomicInteger failures = new AtomicInteger();
        SignalJournal full = new FailingJournal(SignalJournal.inMemory(), null);
        List<SignalRecord> heard = new CopyOnWriteArrayList<>();
        try (SignalEngine engine = ScriptedRun.engine(BUY_AT_4, ScriptedRun.model("1"));
                OutcomeTracker tracker = OutcomeTracker.builder().journal(full).listener(new OutcomeListener() {
                    @Override
                    public void onOutcome(SignalRecord resolved) {
                        heard.add(resolved);
                    }

                    @Override
                    public void onJournalFailure(JournalException error) {
                        failures.incrementAndGet();
                    }
                }).attach(engine)) {
            List<Evaluation> evaluations = new ArrayList<>();
            for (Candle c : buyThenWin()) {
                evaluations.add(engine.onCandle(BTC, c));
            }
            assertThat(evaluations.get(4).status()).isEqualTo(Evaluation.Status.SIGNAL);
            assertThat(tracker.flush(WAIT)).isTrue();
            TrackerHealth health = tracker.health();
            assertThat(health.state()).isEqualTo(TrackerHealth.State.FAILED);
            assertThat(health.healthy()).isFalse();
            assertThat(health.failure().orElseThrow()).isInstanceOf(JournalFullException.class)
                    .hasMessageContaining("failing journal");
            assertThat(health.written()).isZero();
            assertThat(health.dropped()).isEqualTo(health.updates()).isEqualTo(9);
            assertThat(health.toString()).contains("FAILED").contains("9 dropped");
        }
        assertThat(failures).hasValue(1);
        assertThat(heard).extracting(SignalRecord::outcome).containsExactly(Outcome.WIN);
    }

    @Test
    void aWriterThatFallsBehindStopsTheJournalAfterABoundedWait() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch writing = new CountDownLatch(1);
        SignalJournal inner = SignalJournal.inMemory();
        SignalJournal slow = new FailingJournal(inner, () -> {
            writing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (SignalEngine engine = ScriptedRun.engine(BUY_AT_4, ScriptedRun.model("1"));
                OutcomeTracker tracker = OutcomeTracker.builder().journal(slow).queueCapacity(1).maxBatch(1)
                        .maxBlock(Duration.ofMillis(50)).attach(engine)) {
            List<Candle> candles = buyThenWin();
            engine.onCandle(BTC, candles.get(0));
            assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue(); // the writer is stuck on update 1
            long start = System.nanoTime();
            for (Candle c : candles.subList(1, candles.size())) {
                engine.onCandle(BTC, c); // update 2 queues, update 3 waits 50 ms and stops the journal
            }
            long elapsed = System.nanoTime() - start;
            assertThat(Duration.ofNanos(elapsed)).as("the engine waited once, boundedly").isLessThan(WAIT);
            TrackerHealth health = tracker.health();
            assertThat(health.state()).isEqualTo(TrackerHealth.State.FAILED);
            assertThat(health.failure().orElseThrow()).hasMessageContaining("fell behind")
                    .hasMessageContaining("queue of 1");
            assertThat(health.blockedOffers()).isEqualTo(1);
            assertThat(health.blockedTime()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
            release.countDown();
            assertThat(tracker.flush(WAIT)).isTrue();
            health = tracker.health();
            assertThat(health.written()).isEqualTo(1);
            assertThat(health.written() + health.dropped()).isEqualTo(health.updates()).isEqualTo(9);
        }
        // the journal is an exact prefix: the first candle only
        assertThat(inner.load().cursors()).extracting(StreamCursor::lastOpenTime).containsExactly(T0);
    }

    @Test
    void aJournalResolvedWithAnotherRuleIsRefusedAtAttach() {
        SignalJournal journal = SignalJournal.inMemory();
        journal.bindRule(OutcomeRule.builder().maxHold(Duration.ofHours(24)).build());
        try (SignalEngine engine = ScriptedRun.engine(BUY_AT_4, ScriptedRun.model("1"))) {
            assertThatThrownBy(() -> OutcomeTracker.attach(engine, journal))
                    .isInstanceOf(JournalRuleException.class).hasMessageContaining("max hold 24h");
        }
    }

    @Test
    void closeIsIdempotentAndDetaches() throws Exception {
        SignalJournal journal = SignalJournal.inMemory();
        try (SignalEngine engine = ScriptedRun.engine(BUY_AT_4, ScriptedRun.model("1"))) {
            OutcomeTracker tracker = OutcomeTracker.attach(engine, journal);
            feed(engine, BTC, ScriptedRun.quietRun(0, 3));
            tracker.close();
            tracker.close();
            assertThat(tracker.health().state()).isEqualTo(TrackerHealth.State.CLOSED);
            engine.onCandle(BTC, quiet(3, 100));
            assertThat(journal.load().cursors().get(0).lastOpenTime()).isEqualTo(hour(2));
        }
    }

    static void runAll(SignalJournal journal, List<Candle> candles) throws InterruptedException {
        runOnce(journal, candles, new ArrayList<>());
    }

    /** One "process": a fresh engine and tracker on {@code journal}, the candles, a clean close. */
    static void runOnce(SignalJournal journal, List<Candle> candles, List<SignalRecord> heard)
            throws InterruptedException {
        try (SignalEngine engine = ScriptedRun.engine(BUY_AT_4, ScriptedRun.model("1"));
                OutcomeTracker tracker = OutcomeTracker.builder().journal(journal).listener(heard::add)
                        .attach(engine)) {
            feed(engine, BTC, candles);
            assertThat(tracker.flush(WAIT)).isTrue();
        }
    }

    /** A journal that fails every append with "disk full", or runs a hook before delegating. */
    static final class FailingJournal implements SignalJournal {
        private final SignalJournal inner;
        private final Runnable beforeAppend;

        FailingJournal(SignalJournal inner, Runnable beforeAppend) {
            this.inner = inner;
            this.beforeAppend = beforeAppend;
        }

        @Override
        public String name() {
            return "failing journal";
        }

        @Override
        public Optional<OutcomeRule> rule() {
            return inner.rule();
        }

        @Override
        public void bindRule(OutcomeRule rule) {
            inner.bindRule(rule);
        }

        @Override
        public JournalState load() {
            return inner.load();
        }

        @Override
        public void append(List<CandleUpdate> updates) {
            if (beforeAppend == null) {
                throw new JournalFullException(name(), "disk full (injected)");
            }
            beforeAppend.run();
            inner.append(updates);
        }

        @Override
        public List<SignalRecord> signals() {
            return inner.signals();
        }

        @Override
        public List<PredictionTally> tallies() {
            return inner.tallies();
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
