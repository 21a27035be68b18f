package dev.candlesignal.retrain;

import dev.candlesignal.Candle;
import dev.candlesignal.Evaluation;
import dev.candlesignal.EvaluationListener;
import dev.candlesignal.Gap;
import dev.candlesignal.Failure;
import dev.candlesignal.Signal;
import dev.candlesignal.SignalListener;
import dev.candlesignal.StreamKey;
import dev.candlesignal.CandleSource;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.journal.JournalStatistics;
import dev.candlesignal.journal.OutcomeListener;
import dev.candlesignal.journal.OutcomeStats;
import dev.candlesignal.journal.OutcomeTracker;
import dev.candlesignal.journal.PredictionTally;
import dev.candlesignal.journal.ProbabilityStats;
import dev.candlesignal.journal.SignalJournal;
import dev.candlesignal.journal.SignalRecord;
import dev.candlesignal.journal.StreamStatistics;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.model.ModelSpec;
import dev.candlesignal.store.ModelStore;
import dev.candlesignal.store.StoredVersion;
import dev.candlesignal.training.HeldOutScores;
import dev.candlesignal.training.RetrainDecision;
import dev.candlesignal.training.RetrainDecision.Verdict;
import dev.candlesignal.training.Trainer;
import dev.candlesignal.training.TrainingJob;
import dev.candlesignal.training.TrainingResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retrains a served model when its live results call for it, and switches to the new one only if it is better: the
 * reference bot's "System 2", with its bugs fixed.
 *
 * <pre>{@code
 * RetrainLoop loop = RetrainLoop.builder()
 *         .store(store).trainer(trainer).source(binance)
 *         .opener(ModelOpener.of(Models.discover(), BackendOptions.defaults()))
 *         .build();
 * loop.attach(engine, tracker, List.of(StreamKey.of("BTCUSDT", Interval.HOUR_1)));
 * }</pre>
 *
 * <h2>The loop</h2>
 * <ol>
 *   <li><b>Trigger.</b> On every candle the engine evaluates, the {@link RetrainPolicy} sees the stream's statistics
 *       under the serving version (its outcomes from the {@link OutcomeTracker}, computed by the journal's
 *       {@code JournalStatistics}; its run of out-of-domain candles) and may ask for a retraining. While one is
 *       queued or running for that model, the policy is not asked again for it.</li>
 *   <li><b>History.</b> On a retraining thread, the last {@link Builder#history} (default 180 days) of every stream
 *       of the model is fetched from the {@link CandleSource}: the same source that feeds it live, not a stale copy.
 *       A source that cannot serve that span (its first candle more than a day after the start) fails the
 *       retraining.</li>
 *   <li><b>Split.</b> The last {@link Builder#heldOut} (default 30 days) is held out; the challenger trains on the
 *       candles before it, minus a purge of {@code sequenceLength + horizon} candles, so that no training window or
 *       label reaches into the held-out windows.</li>
 *   <li><b>Train</b> with the {@link Trainer} into a work directory of the store, then save the challenger as a new
 *       version (saving does not change what serves). A challenger whose feature set, window or label differs from
 *       the champion's is refused.</li>
 *   <li><b>Evaluate</b> champion and challenger on the same held-out windows, each with its own scaler, beside the
 *       trivial baselines (see {@link HeldOutScores}).</li>
 *   <li><b>Decide.</b> Promote only if the challenger's log loss is lower than the champion's by at least
 *       {@link Builder#margin} (default 0.002) <em>and</em> lower than the constant forecast's <em>and</em> its hit
 *       rate is above the previous-direction forecast's. Beating the champion alone is not enough: both may have
 *       learned nothing, and a model that does not beat a constant adds risk without information.</li>
 *   <li><b>Promote</b>: the store's pointer first, then the engine's atomic {@link SignalEngine#swapModel} (weights and
 *       scaler together, no signal lost or duplicated). Pointer first: after a crash in between, the restarted
 *       process serves what the decision chose.</li>
 *   <li><b>Record</b> every decision, with both metrics, the window, the verdict and the reason, in the store and the
 *       journal; restart the stream's counters; prune the store.</li>
 * </ol>
 * A failure anywhere (the source, the trainer, a model that will not load or predict) is recorded as a
 * {@link Verdict#FAILED} decision naming the problem; the serving model is never touched by a failed retraining. A
 * retraining interrupted by {@link #close()} is abandoned without a decision: nothing was decided, and the next
 * process asks the policy again.
 *
 * <h2>Threads</h2>
 * Retrainings run on at most {@link Builder#maxConcurrentTrainings} threads (default 1) of the loop's own, at the
 * lowest priority; one per model at a time; requests for other models wait in a queue (none is dropped). How many
 * threads a training itself uses is the trainer's configuration (signal-train's {@code LstmTrainer.threads}):
 * keep it low so that serving keeps its latency. Policy checks run on the engine's threads.
 *
 * <h2>Time</h2>
 * Everything is measured on the injected {@link Clock}: with a {@link SimulationClock} set to candle time and a
 * source that serves only candles closed by then ({@link HistoryUpToNow}), the whole loop can be replayed over
 * history ({@code candlesignal replay --auto-retrain}).
 *
 * <h2>Ownership</h2>
 * The loop closes the challengers it opened once they stop serving (rejected ones at once). It never closes the
 * engine, the tracker, the store, the trainer or the model the engine served when attached. After {@link #close()},
 * {@code engine.model()} is the caller's to close, whether it is the model it gave or one the loop promoted.
 *
 * <p>Thread-safe.
 */
public final class RetrainLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RetrainLoop.class);
    /**
     * How much later than asked a source's first candle may be before it "cannot serve" the history: a day (an
     * exchange outage at the start), at most a tenth of the history.
     */
    private static final Duration COVERAGE_TOLERANCE = Duration.ofDays(1);

    private final ModelStore store;
    private final Trainer trainer;
    private final CandleSource source;
    private final ModelOpener opener;
    private final RetrainPolicy policy;
    private final Clock clock;
    private final Duration history;
    private final Duration heldOut;
    private final double margin;
    private final Optional<AgeLimit> ageLimit;
    private final List<RetrainListener> listeners;
    private final ThreadPoolExecutor executor;
    private final Map<String, Served> models = new ConcurrentHashMap<>();
    private final Map<StreamKey, Track> tracks = new ConcurrentHashMap<>();
    private final Object idle = new Object();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean closed;

    private RetrainLoop(Builder b) {
        this.store = b.store;
        this.trainer = b.trainer;
        this.source = b.source;
        this.opener = b.opener;
        this.policy = b.policy;
        this.clock = b.clock;
        this.history = b.history;
        this.heldOut = b.heldOut;
        this.margin = b.margin;
        this.ageLimit = Optional.ofNullable(b.ageLimit);
        this.listeners = new CopyOnWriteArrayList<>(b.listeners);
        AtomicInteger threadNumber = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(b.maxConcurrentTrainings, b.maxConcurrentTrainings, 1, TimeUnit.MINUTES,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "candlesignal-retrain-" + threadNumber.incrementAndGet());
                    t.setDaemon(true);
                    t.setPriority(Thread.MIN_PRIORITY);
                    return t;
                });
        this.executor.allowCoreThreadTimeOut(true);
    }

    /** A builder; store, trainer, source and opener are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts retraining the model {@code engine} serves, for {@code streams}: listens to the engine's evaluations and
     * the tracker's outcomes. The engine's model must be the store's current version of its model id (save and
     * promote it first). Counters start after the stream's last recorded decision; the outcomes the journal already
     * holds for the serving version since then are read back, so a restart carries on where it stopped.
     *
     * @throws IllegalStateException if the store's current version of the model is not the one the engine serves,
     *     or a stream is served already
     */
    public void attach(SignalEngine engine, OutcomeTracker tracker, Collection<StreamKey> streams) {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(streams, "streams");
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("attach needs at least one stream");
        }
        if (closed) {
            throw new IllegalStateException("the retraining loop is closed");
        }
        ModelSpec spec = engine.model().spec();
        String modelId = spec.modelId();
        StoredVersion current = store.current(modelId).orElseThrow(() -> new IllegalStateException("model store "
                + store.directory() + " has no current version of " + modelId + ", which the engine serves: save and "
                + "promote it first"));
        if (!current.version().equals(spec.version())) {
            throw new IllegalStateException("the engine serves " + modelId + " v" + spec.version() + " but model store "
                    + store.directory() + " says v" + current.version() + " serves");
        }
        Served served = new Served(modelId, engine, tracker, List.copyOf(streams), current);
        if (models.putIfAbsent(modelId, served) != null) {
            throw new IllegalStateException("model " + modelId + " is attached already");
        }
        List<RetrainDecision> decisions = store.decisions(modelId);
        List<SignalRecord> journaled = tracker.journal().signals();
        for (StreamKey stream : served.streams) {
            List<RetrainDecision> own = decisions.stream().filter(d -> d.stream().equals(stream)).toList();
            Optional<Instant> last = own.isEmpty() ? Optional.empty() : Optional.of(own.get(own.size() - 1).time());
            Track t = new Track(stream, served, current.version(), last.orElse(Instant.MIN), last);
            for (int i = own.size() - 1; i >= 0 && own.get(i).verdict() == Verdict.FAILED; i--) {
                t.failuresInARow++;
            }
            for (SignalRecord r : journaled) {
                t.offer(r);
            }
            if (tracks.putIfAbsent(stream, t) != null) {
                models.remove(modelId);
                throw new IllegalStateException("stream " + stream + " is attached already");
            }
        }
        tracker.addListener(served.outcomes);
        engine.addListener(served.evaluations);
        log.info("retraining loop attached to {} v{} for {} ({}; history {}, held out {}, margin {})", modelId,
                current.version(), served.streams, policy, span(history), span(heldOut), margin);
    }

    /** Where a stream stands, if the loop serves it. */
    public Optional<StreamRetrainStatus> status(StreamKey stream) {
        Track t = tracks.get(stream);
        if (t == null) {
            return Optional.empty();
        }
        synchronized (t.served) {
            return Optional.of(new StreamRetrainStatus(stream, t.served.modelId, t.version, t.countingSince,
                    t.records.size(), t.outOfDomainRun, t.lastDecision, t.served.busy, t.stale,
                    t.stale && ageLimit.map(a -> a.action() == AgeLimit.Action.STOP).orElse(false)));
        }
    }

    /**
     * A listener that passes {@code listener} every signal except those of streams whose model is past the age limit
     * with {@link AgeLimit.Action#STOP}.
     */
    public SignalListener gate(SignalListener listener) {
        Objects.requireNonNull(listener, "listener");
        return new SignalListener() {
            @Override
            public void onSignal(Signal signal) {
                if (!stopped(signal.stream())) {
                    listener.onSignal(signal);
                }
            }

            @Override
            public void onGap(Gap gap) {
                listener.onGap(gap);
            }

            @Override
            public void onFailure(Failure failure) {
                listener.onFailure(failure);
            }
        };
    }

    /** Whether the stream's signals are stopped because its model is past the age limit. */
    public boolean stopped(StreamKey stream) {
        return status(stream).map(StreamRetrainStatus::stopped).orElse(false);
    }

    /** Adds a listener for what the loop does from now on. */
    public void addListener(RetrainListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Waits until no retraining is queued or running.
     *
     * @return false if the timeout passed first
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (pending.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
        }
        return true;
    }

    /** Whether a retraining is queued or running. */
    public boolean busy() {
        return pending.get() > 0;
    }

    /**
     * Stops: detaches from the engines and trackers, interrupts a running retraining (the trainer cancels it; nothing
     * of it is promoted) and waits up to 30 s for the threads to end. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Served s : models.values()) {
            s.engine.removeListener(s.evaluations);
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("a retraining did not stop within 30 s of close; it is abandoned");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------------------ triggers

    /** A candle the engine evaluated: out-of-domain run, age, and the policy. Runs on the engine's thread. */
    private void evaluated(Served served, Evaluation e) {
        Track t = tracks.get(e.stream());
        if (t == null || t.served != served || closed) {
            return;
        }
        Trigger trigger = null;
        synchronized (served) {
            Evaluation.Status status = e.status();
            Signal signal = e.signal().orElse(null);
            boolean current = signal != null && signal.modelVersion().equals(t.version);
            if (status == Evaluation.Status.OUT_OF_DOMAIN && current) {
                t.outOfDomainRun++;
            } else if (current && (status == Evaluation.Status.SIGNAL || status == Evaluation.Status.HOLD
                    || status == Evaluation.Status.COOLDOWN)) {
                t.outOfDomainRun = 0;
            }
            Instant now = clock.instant();
            checkAge(t, now);
            if (!served.busy && status.consultedModel()) {
                Optional<Trigger> asked = policy.check(t.input(now));
                if (asked.isPresent()) {
                    trigger = asked.get();
                    served.busy = true;
                }
            }
        }
        if (trigger != null) {
            request(served, e.stream(), trigger);
        }
    }

    private void checkAge(Track t, Instant now) {
        if (ageLimit.isEmpty()) {
            return;
        }
        Instant trainedTo = t.served.champion.manifest().training().to();
        boolean stale = Duration.between(trainedTo, now).compareTo(ageLimit.get().maxAge()) > 0;
        if (stale && !t.stale) {
            log.warn("{}: {} v{} is stale: trained on data up to {}, {} days ago (limit {} days){}", t.stream,
                    t.served.modelId, t.version, trainedTo, Duration.between(trainedTo, now).toDays(),
                    ageLimit.get().maxAge().toDays(), ageLimit.get().action() == AgeLimit.Action.STOP
                            ? "; its signals are stopped until a newer version serves" : "");
        }
        t.stale = stale;
    }

    private void request(Served served, StreamKey stream, Trigger trigger) {
        log.info("{}: retraining {} v{} requested: {} ({})", stream, served.modelId, served.champion.version(),
                trigger.name(), trigger.reason());
        tell(l -> l.onTrigger(stream, served.modelId, trigger));
        Instant at = clock.instant();
        pending.incrementAndGet();
        try {
            executor.execute(() -> {
                try {
                    retrain(served, stream, trigger, at);
                } finally {
                    done();
                }
            });
        } catch (RuntimeException e) { // rejected: the loop is closing
            synchronized (served) {
                served.busy = false;
            }
            done();
        }
    }

    private void done() {
        if (pending.decrementAndGet() == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ retraining

    /** One retraining, on a loop thread; every outcome ends in a recorded decision. */
    private void retrain(Served served, StreamKey stream, Trigger trigger, Instant triggeredAt) {
        StoredVersion champion;
        synchronized (served) {
            champion = served.champion;
        }
        Attempt a = new Attempt(served, stream, trigger, champion);
        RetrainDecision decision;
        try {
            decision = a.run();
        } catch (RetrainFailure f) {
            decision = a.failed(f.getMessage());
        } catch (InterruptedException e) {
            if (closed) {
                // the loop is closing: nothing was decided, so nothing is recorded (a restart asks the policy again)
                Thread.currentThread().interrupt();
                log.info("{}: retraining {} abandoned: the retraining loop is closing", stream, served.modelId);
                a.closeChallenger();
                synchronized (served) {
                    served.busy = false;
                }
                return;
            }
            decision = a.failed("interrupted" + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (RuntimeException e) {
            log.warn("{}: retraining {} failed", stream, served.modelId, e);
            decision = a.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            a.closeChallenger();
        }
        finish(served, decision);
    }

    /** Records the decision, restarts the counters, prunes. */
    private void finish(Served served, RetrainDecision decision) {
        try {
            store.record(decision);
        } catch (RuntimeException e) {
            log.error("{}: cannot record the decision in the model store: {}", decision.stream(), decision, e);
        }
        SignalJournal journal = served.tracker.journal();
        try {
            journal.recordDecision(decision);
        } catch (RuntimeException e) {
            log.warn("{}: cannot record the decision in {}: {}", decision.stream(), journal.name(), e.toString());
        }
        synchronized (served) {
            for (StreamKey s : served.streams) {
                Track t = tracks.get(s);
                boolean decided = s.equals(decision.stream());
                if (decided || decision.promoted()) {
                    t.restart(decision.time(), served.champion.version(),
                            decided ? Optional.of(decision.time()) : t.lastDecision);
                }
                if (decided) {
                    t.failuresInARow = decision.verdict() == Verdict.FAILED ? t.failuresInARow + 1 : 0;
                }
            }
            served.busy = false;
        }
        try {
            List<String> pruned = store.prune(served.modelId);
            if (!pruned.isEmpty()) {
                log.info("{}: pruned versions {} from the model store", served.modelId, pruned);
            }
        } catch (RuntimeException e) {
            log.warn("{}: cannot prune the model store: {}", served.modelId, e.toString());
        }
        String line = decision.stream() + ": " + decision.modelId() + " (trigger " + decision.trigger() + ", champion v"
                + decision.championVersion() + decision.challengerVersion().map(v -> ", challenger v" + v).orElse("")
                + "): " + decision.outcome();
        switch (decision.verdict()) {
            case PROMOTED -> {
                log.info(line);
                tell(l -> l.onPromoted(decision));
            }
            case REJECTED -> {
                log.info(line);
                tell(l -> l.onRejected(decision));
            }
            case FAILED -> {
                log.warn(line);
                tell(l -> l.onFailed(decision));
            }
        }
    }

    /** A failure with a message for the decision's reason. */
    private static final class RetrainFailure extends Exception {
        private static final long serialVersionUID = 1L;

        RetrainFailure(String message) {
            super(message, null, false, false);
        }
    }

    /** The state of one retraining. Confined to its thread. */
    private final class Attempt {
        final Served served;
        final StreamKey stream;
        final Trigger trigger;
        final StoredVersion champion;
        String version;
        Model challenger;

        Attempt(Served served, StreamKey stream, Trigger trigger, StoredVersion champion) {
            this.served = served;
            this.stream = stream;
            this.trigger = trigger;
            this.champion = champion;
        }

        RetrainDecision run() throws RetrainFailure, InterruptedException {
            String modelId = served.modelId;
            ModelManifest cm = champion.manifest();
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);

            // 1. history, from the source that feeds the stream
            progress(RetrainListener.Phase.FETCHING, "the last " + span(history) + " of " + served.streams);
            Instant from = now.minus(history);
            Map<StreamKey, List<Candle>> candles = new LinkedHashMap<>();
            for (StreamKey s : served.streams) {
                List<Candle> got;
                try {
                    got = source.history(s, from, now);
                } catch (RuntimeException e) {
                    throw new RetrainFailure("source cannot serve " + s + " from " + from + " to " + now + ": "
                            + e.getMessage());
                }
                Duration tolerance = history.dividedBy(10).compareTo(COVERAGE_TOLERANCE) < 0 ? history.dividedBy(10)
                        : COVERAGE_TOLERANCE;
                if (got.isEmpty() || got.get(0).openTime().isAfter(from.plus(tolerance))) {
                    Instant first = got.isEmpty() ? now : got.get(0).openTime();
                    throw new RetrainFailure("source served " + span(Duration.between(first, now)) + " of " + s
                            + " of the " + span(history) + " asked" + (got.isEmpty() ? " (no candles)"
                                    : " (first candle " + first + ")"));
                }
                candles.put(s, got);
            }
            checkInterrupted();

            // 2. split: held-out window at the end, purged from the training candles
            Instant heldOutFrom = now.minus(heldOut);
            long purgeCandles = (long) cm.sequenceLength() + cm.label().horizon();
            Map<StreamKey, List<Candle>> training = new LinkedHashMap<>();
            for (Map.Entry<StreamKey, List<Candle>> e : candles.entrySet()) {
                Instant trainEnd = heldOutFrom.minus(e.getKey().interval().duration().multipliedBy(purgeCandles));
                training.put(e.getKey(), e.getValue().stream().filter(c -> c.openTime().isBefore(trainEnd)).toList());
            }

            // 3. train into the store's work area, then save
            version = store.nextVersion(modelId);
            progress(RetrainListener.Phase.TRAINING, "v" + version + " on " + training.values().stream()
                    .mapToInt(List::size).sum() + " candles up to " + heldOutFrom + " (purged)");
            TrainingResult result;
            try (ModelStore.Scratch scratch = store.scratch()) {
                Path out = scratch.path().resolve("bundle");
                try {
                    result = trainer.train(new TrainingJob(modelId, version, champion.version(), training), out);
                } catch (dev.candlesignal.training.TrainingException e) {
                    if (e.reason() == dev.candlesignal.training.TrainingException.Reason.CANCELLED) {
                        throw new InterruptedException("training cancelled");
                    }
                    throw new RetrainFailure("training v" + version + " failed (" + e.reason() + "): "
                            + e.getMessage());
                }
                checkCompatible(cm, result.manifest());
                checkInterrupted();
                progress(RetrainListener.Phase.SAVING, "v" + version);
                store.save(result.bundleDir());
            }

            // 4. both models on the same held-out windows, each with its own scaler
            progress(RetrainListener.Phase.EVALUATING, "v" + champion.version() + " against v" + version
                    + " from " + heldOutFrom);
            ModelBundle bundle = store.open(modelId, version);
            try {
                challenger = opener.open(bundle);
            } catch (dev.candlesignal.ModelLoadException e) {
                throw new RetrainFailure("challenger v" + version + " does not load: " + e.getMessage());
            }
            if (challenger.sequenceLength() != served.engine.model().sequenceLength()) {
                throw new RetrainFailure("challenger v" + version + " loads with windows of "
                        + challenger.sequenceLength() + " candles, the champion's are "
                        + served.engine.model().sequenceLength());
            }
            double baseRate = HeldOut.baseRate(training, cm.label());
            Optional<HeldOutScores> scored = HeldOut.score(served.engine.featureSet(), served.engine.model(),
                    challenger, cm.label(), candles, heldOutFrom, baseRate);
            if (scored.isEmpty()) {
                throw new RetrainFailure("the held-out window from " + heldOutFrom + " holds no complete window of "
                        + cm.sequenceLength() + " candles (gaps or undefined features)");
            }
            HeldOutScores scores = scored.get();
            tell(l -> l.onEvaluated(modelId, version, scores));
            checkInterrupted();

            // 5. decide
            Judgement judgement = judge(scores, cm);
            if (!judgement.promote()) {
                return decision(Verdict.REJECTED, Optional.of(scores), judgement.reason());
            }

            // 6. promote: the store's pointer first, then the engine
            progress(RetrainListener.Phase.PROMOTING, "v" + version);
            store.promote(modelId, version, "promoted by retraining (" + trigger.name() + ")");
            Model previous;
            try {
                previous = served.engine.swapModel(challenger);
            } catch (RuntimeException e) {
                store.promote(modelId, champion.version(), "the engine refused v" + version + ": " + e.getMessage());
                throw new RetrainFailure("the engine refused v" + version + ": " + e.getMessage());
            }
            Model promoted = challenger;
            challenger = null; // it serves now
            synchronized (served) {
                served.champion = store.version(modelId, version).orElseThrow();
                if (served.owned.remove(previous)) {
                    previous.close(); // a challenger the loop opened earlier; the engine no longer uses it
                }
                served.owned.add(promoted);
            }
            return decision(Verdict.PROMOTED, Optional.of(scores), judgement.reason());
        }

        /** Promote only past the margin over the champion and beyond both baselines; the reason names the numbers. */
        private Judgement judge(HeldOutScores s, ModelManifest cm) {
            String inSample = cm.training().overlaps(s.from(), s.to())
                    ? "; the champion was trained on part of this window, so its score is in-sample" : "";
            if (s.improvement() < margin) {
                return Judgement.reject("challenger log loss " + f(s.challengerLogLoss()) + (s.improvement() > 0
                        ? " beats the champion's " + f(s.championLogLoss()) + " by only " + f(s.improvement())
                        : " does not beat the champion's " + f(s.championLogLoss())) + " (margin " + f(margin) + ")"
                        + inSample);
            }
            if (s.challengerLogLoss() >= s.baselineLogLoss()) {
                return Judgement.reject("challenger log loss " + f(s.challengerLogLoss())
                        + " does not beat the constant forecast's " + f(s.baselineLogLoss()) + " (it beats the champion's "
                        + f(s.championLogLoss()) + ")");
            }
            if (s.challengerHitRate() <= s.previousDirectionHitRate()) {
                return Judgement.reject("challenger hit rate " + f(s.challengerHitRate())
                        + " does not beat the previous direction's " + f(s.previousDirectionHitRate()));
            }
            return new Judgement(true, "challenger beats the champion's log loss " + f(s.championLogLoss()) + " with "
                    + f(s.challengerLogLoss()) + " (by " + f(s.improvement()) + ", margin " + f(margin)
                    + ") and the baselines (constant " + f(s.baselineLogLoss()) + ", previous direction hit rate "
                    + f(s.previousDirectionHitRate()) + " vs " + f(s.challengerHitRate()) + ")" + inSample);
        }

        private void checkCompatible(ModelManifest champion, ModelManifest challengerManifest) throws RetrainFailure {
            String problem = null;
            if (!champion.featureSetId().equals(challengerManifest.featureSetId())
                    || !champion.columns().equals(challengerManifest.columns())) {
                problem = "feature set " + challengerManifest.featureSetId() + " " + challengerManifest.columns()
                        + " differs from the champion's " + champion.featureSetId() + " " + champion.columns();
            } else if (champion.sequenceLength() != challengerManifest.sequenceLength()) {
                problem = "window of " + challengerManifest.sequenceLength() + " candles differs from the champion's "
                        + champion.sequenceLength();
            } else if (!champion.label().equals(challengerManifest.label())) {
                problem = "label " + challengerManifest.label() + " differs from the champion's " + champion.label();
            } else if (!challengerManifest.modelId().equals(champion.modelId())
                    || !challengerManifest.version().equals(version)) {
                problem = "the trainer wrote " + challengerManifest.modelId() + " v" + challengerManifest.version()
                        + ", not " + champion.modelId() + " v" + version;
            }
            if (problem != null) {
                throw new RetrainFailure("challenger v" + version + "'s " + problem);
            }
        }

        RetrainDecision failed(String reason) {
            return decision(Verdict.FAILED, Optional.empty(), "failed: " + oneLine(reason));
        }

        private RetrainDecision decision(Verdict verdict, Optional<HeldOutScores> scores, String reason) {
            // whole milliseconds, like every time the journal keeps
            return new RetrainDecision(clock.instant().truncatedTo(ChronoUnit.MILLIS), stream, served.modelId, trigger.name(), champion.version(),
                    Optional.ofNullable(version), verdict, scores, oneLine(reason));
        }

        private void progress(RetrainListener.Phase phase, String detail) {
            log.info("{}: retraining {}: {} {}", stream, served.modelId, phase.name().toLowerCase(Locale.ROOT), detail);
            tell(l -> l.onProgress(served.modelId, phase, detail));
        }

        void closeChallenger() {
            if (challenger != null) {
                challenger.close();
                challenger = null;
            }
        }
    }

    /** Whether to promote, and why. */
    private record Judgement(boolean promote, String reason) {
        static Judgement reject(String reason) {
            return new Judgement(false, reason);
        }
    }

    private static void checkInterrupted() throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException();
        }
    }

    /** A span as people say it: whole days, else hours, else minutes. */
    static String span(Duration d) {
        if (d.toDays() >= 1) {
            return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        }
        return d.toHours() >= 1 ? d.toHours() + " h" : d.toMinutes() + " min";
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String oneLine(String s) {
        String line = s == null || s.isBlank() ? "(no message)" : s.strip().replaceAll("\\s*\\R\\s*", "; ");
        return line;
    }

    private void tell(Consumer<RetrainListener> event) {
        for (RetrainListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                log.warn("retraining listener {} threw; ignored", l, e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ state

    /** A model the loop serves: its engine, tracker, streams and champion. Guarded by its own monitor. */
    private final class Served {
        final String modelId;
        final SignalEngine engine;
        final OutcomeTracker tracker;
        final List<StreamKey> streams;
        /** Models the loop opened that may still serve (at most the current one). */
        final List<Model> owned = new ArrayList<>(1);
        StoredVersion champion;
        /** Whether a retraining is queued or running. */
        boolean busy;
        final EvaluationListener evaluations = new EvaluationListener() {
            @Override
            public void onEvaluation(Evaluation e) {
                evaluated(Served.this, e);
            }

            @Override
            public String toString() {
                return "RetrainLoop(" + modelId + ")";
            }
        };
        final OutcomeListener outcomes = r -> {
            Track t = tracks.get(r.entry().stream());
            if (t != null && t.served == Served.this) {
                synchronized (Served.this) {
                    t.offer(r);
                }
            }
        };

        Served(String modelId, SignalEngine engine, OutcomeTracker tracker, List<StreamKey> streams,
                StoredVersion champion) {
            this.modelId = modelId;
            this.engine = engine;
            this.tracker = tracker;
            this.streams = streams;
            this.champion = champion;
        }
    }

    /** A stream's counters under the serving version. Guarded by its model's {@link Served} monitor. */
    private final class Track {
        final StreamKey stream;
        final Served served;
        String version;
        Instant countingSince;
        Optional<Instant> lastDecision;
        final List<SignalRecord> records = new ArrayList<>();
        /** The outcomes of {@link #records} (all, and the last N), recomputed when they change. */
        StreamStatistics outcomes;
        long outOfDomainRun;
        int failuresInARow;
        boolean stale;

        Track(StreamKey stream, Served served, String version, Instant countingSince, Optional<Instant> lastDecision) {
            this.stream = stream;
            this.served = served;
            this.version = version;
            this.countingSince = countingSince;
            this.lastDecision = lastDecision;
        }

        /** Counts a resolved signal of this stream, this version, emitted since the counters restarted. */
        void offer(SignalRecord r) {
            if (r.resolution().isPresent() && r.entry().stream().equals(stream)
                    && r.entry().modelId().equals(served.modelId) && r.entry().modelVersion().equals(version)
                    && !r.entry().openTime().isBefore(countingSince)) {
                records.add(r);
                outcomes = null;
            }
        }

        void restart(Instant at, String newVersion, Optional<Instant> decision) {
            version = newVersion;
            countingSince = at;
            lastDecision = decision;
            records.clear();
            outcomes = null;
            outOfDomainRun = 0;
            stale = false;
        }

        PolicyInput input(Instant now) {
            int window = policy.outcomeWindow();
            if (outcomes == null) {
                List<StreamStatistics> computed = JournalStatistics.compute(records, List.of(), window);
                outcomes = computed.isEmpty() ? new StreamStatistics(stream, served.modelId, version, window, 0, 0, 0,
                        0, OutcomeStats.EMPTY, OutcomeStats.EMPTY, ProbabilityStats.EMPTY, ProbabilityStats.EMPTY)
                        : computed.get(0);
            }
            // the outcomes since the counters restarted; the decisions and probabilities over the version's life
            Optional<PredictionTally> tally = served.tracker.tally(stream, served.modelId, version);
            StreamStatistics statistics = tally.isEmpty() ? outcomes : new StreamStatistics(stream, served.modelId,
                    version, window, outcomes.signals(), outcomes.pending(), tally.get().holds(),
                    tally.get().suppressed(), outcomes.outcomes(), outcomes.recentOutcomes(),
                    tally.get().predictions(), tally.get().recent().stats(window));
            return new PolicyInput(stream, served.modelId, version, now, countingSince, statistics, outOfDomainRun,
                    lastDecision, failuresInARow);
        }
    }

    /**
     * Builds a {@link RetrainLoop}.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private ModelStore store;
        private Trainer trainer;
        private CandleSource source;
        private ModelOpener opener;
        private RetrainPolicy policy = RetrainPolicy.defaults();
        private Clock clock = Clock.systemUTC();
        private Duration history = Duration.ofDays(180);
        private Duration heldOut = Duration.ofDays(30);
        private double margin = 0.002;
        private int maxConcurrentTrainings = 1;
        private AgeLimit ageLimit;
        private final List<RetrainListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /** Where versions and decisions are kept (required). */
        public Builder store(ModelStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** What trains challengers (required). */
        public Builder trainer(Trainer trainer) {
            this.trainer = Objects.requireNonNull(trainer, "trainer");
            return this;
        }

        /** Where fresh history comes from: the source that feeds the streams (required). */
        public Builder source(CandleSource source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /** How challengers are loaded for evaluation and serving (required). */
        public Builder opener(ModelOpener opener) {
            this.opener = Objects.requireNonNull(opener, "opener");
            return this;
        }

        /** When to retrain; default {@link RetrainPolicy#defaults()}. */
        public Builder policy(RetrainPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The loop's clock (a {@link SimulationClock} in a simulation); default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How much history a retraining fetches; default 180 days. */
        public Builder history(Duration history) {
            this.history = positive("history", history);
            return this;
        }

        /** The held-out window at the end of the history; default 30 days. */
        public Builder heldOut(Duration heldOut) {
            this.heldOut = positive("heldOut", heldOut);
            return this;
        }

        /** How much lower the challenger's log loss must be than the champion's; default 0.002. */
        public Builder margin(double margin) {
            if (!(margin >= 0) || Double.isInfinite(margin)) {
                throw new IllegalArgumentException("margin must be finite and >= 0 but was " + margin);
            }
            this.margin = margin;
            return this;
        }

        /** Retrainings at once across models; default 1. */
        public Builder maxConcurrentTrainings(int n) {
            if (n < 1 || n > 64) {
                throw new IllegalArgumentException("maxConcurrentTrainings must be in [1, 64] but was " + n);
            }
            this.maxConcurrentTrainings = n;
            return this;
        }

        /** A model-age limit and what it does; default none. */
        public Builder ageLimit(AgeLimit ageLimit) {
            this.ageLimit = Objects.requireNonNull(ageLimit, "ageLimit");
            return this;
        }

        /** Adds a listener. */
        public Builder listener(RetrainListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** @throws IllegalStateException naming the first missing part */
        public RetrainLoop build() {
            require(store, "store");
            require(trainer, "trainer");
            require(source, "source");
            require(opener, "opener");
            if (heldOut.compareTo(history) >= 0) {
                throw new IllegalStateException("heldOut " + heldOut.toDays() + " days must be shorter than history "
                        + history.toDays() + " days");
            }
            return new RetrainLoop(this);
        }

        private static void require(Object part, String name) {
            if (part == null) {
                throw new IllegalStateException(name + " is required");
            }
        }

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be > 0 but was " + d);
            }
            return d;
        }
    }
}
