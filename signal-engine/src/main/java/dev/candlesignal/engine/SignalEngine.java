package dev.candlesignal.engine;

import dev.candlesignal.Failure;
import dev.candlesignal.SignalListener;
import dev.candlesignal.Evaluation;
import dev.candlesignal.Action;
import dev.candlesignal.Candle;
import dev.candlesignal.CandleListener;
import dev.candlesignal.CandleSource;
import dev.candlesignal.Gap;
import dev.candlesignal.InferenceException;
import dev.candlesignal.Interval;
import dev.candlesignal.ModelMismatchException;
import dev.candlesignal.SignalException;
import dev.candlesignal.StateSnapshotException;
import dev.candlesignal.StreamKey;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelSpec;
import dev.candlesignal.policy.Decision;
import dev.candlesignal.policy.SignalPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns closed candles into signals: per (symbol, interval) stream it updates the features, keeps the model
 * window, predicts P(up), applies the {@link SignalPolicy} and the same-direction cooldown, and reports the
 * outcome to the caller and to {@link SignalListener}s.
 *
 * <pre>{@code
 * SignalEngine engine = SignalEngine.builder()
 *         .featureSet(FeatureSets.standard28())
 *         .model(OnnxModel.load(Path.of("models/btc")))
 *         .listener(signal -> System.out.println(signal))
 *         .build();
 * Evaluation e = engine.onCandle(StreamKey.of("BTCUSDT", Interval.HOUR_1), candle);
 * }</pre>
 *
 * <h2>Streams</h2>
 * Each stream's candles must arrive in open-time order, with times that fit the stream's interval (open time on the
 * interval's UTC grid, close time inside the slot, a whole number of intervals after the last candle, a timestamp in
 * 2009..2100: {@link Interval#checkTimes}); a candle that does not is rejected with a
 * {@link dev.candlesignal.CandleTimeException} naming the stream, the candle and the rule, and leaves the stream
 * untouched. A model whose training information names an interval refuses streams of another interval (a
 * {@link ModelMismatchException}) unless {@link Builder#allowIntervalMismatch} says otherwise; a stream whose symbol
 * is not among the model's training symbols is served, with one WARN log line per stream and a count in
 * {@link StreamStatus#foreignSymbolPredictions()}. An exact duplicate of the last candle is ignored
 * ({@link Evaluation.Status#DUPLICATE}); an older candle or a different revision of the last one is rejected
 * with a {@link dev.candlesignal.CandleSequenceException} and leaves the stream untouched; a jump over missing
 * intervals is reported as a {@link Gap} and processing continues. A stream is ready after
 * {@code featureSet.warmupBars() + sequenceLength - 1} candles (and at least the policy's
 * {@link SignalPolicy#historyBars()}); until then evaluations say {@code NOT_READY} and how many candles are
 * missing. Undefined feature values are never imputed unless {@link Builder#imputation} asks for it.
 *
 * <h2>Domain guard</h2>
 * A model knows only the data its scaler was fitted on. For every predicted window the {@link DomainGuard} counts
 * the values that lie far from that data (by default more than 25 % of the window beyond 4 training standard
 * deviations: another symbol, or the same symbol at prices the model never saw). Such a prediction is counted in
 * {@link StreamStatus#outOfDomain()} and, under the default {@link DriftPolicy#SUPPRESS}, not emitted: its evaluation
 * says {@link Evaluation.Status#OUT_OF_DOMAIN}. {@link Builder#onDrift} with {@link DriftPolicy#WARN} emits it anyway.
 *
 * <h2>Sources</h2>
 * {@link #attach} and {@link #candleListener()} take candles from a {@link CandleSource}. The source reports its own
 * gaps ({@link CandleListener#onGap}; it knows whether a hole could be filled) and the engine forwards them to
 * {@link SignalListener#onGap} in order with the candles, instead of detecting gaps in the source's candles, so each
 * gap is reported once. {@link #attach} returns an {@link Attachment} whose {@link Attachment#completion()} completes
 * once a finite source (a replay) has ended and every candle it delivered has been processed.
 *
 * <h2>Threading</h2>
 * Thread-safe. Different streams are processed in parallel by different threads; calls for the same stream are
 * serialised by a per-stream lock, and listeners see one stream's events in order. {@link #onCandles} predicts
 * many streams in one batched model call (split over {@link Builder#parallelism} threads).
 * {@link #swapModel} replaces the model atomically: predictions already running finish on the old model, later
 * ones use the new one, and the old model is returned only once no prediction uses it any more.
 *
 * <h2>Ownership</h2>
 * The engine never closes the model, policy or sources it was given. {@link #close()} stops what the engine
 * started itself: attached subscriptions, its dispatcher thread and its prediction threads.
 */
public final class SignalEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SignalEngine.class);

    /**
     * The format version that {@link #snapshot} writes; {@link #restore} reads it and every older one. Stores that
     * keep snapshots (Flink's state serializers) record it to judge compatibility.
     */
    public static final int SNAPSHOT_FORMAT_VERSION = StreamSnapshots.FORMAT_VERSION;

    private final FeatureSet featureSet;
    private final SignalPolicy policy;
    private final Cooldown cooldown;
    private final DomainGuard domainGuard;
    private final DriftPolicy driftPolicy;
    private final Imputation imputation;
    private final int historyCapacity;
    private final int maxBatchSize;
    private final int parallelism;
    private final int sequenceLength;
    private final int warmupBars;
    private final int policyBars;
    private final boolean allowIntervalMismatch;
    private final Listeners listeners;
    private final ConcurrentHashMap<StreamKey, EngineStream> streams = new ConcurrentHashMap<>();
    private final AtomicInteger nextStreamId = new AtomicInteger();

    /**
     * The model in use, replaced whole by {@link #swapModel} (read-copy-update): a prediction takes the current one
     * with {@link #acquireModel()} and gives it back with {@link #releaseModel}; a swap publishes the next one at once
     * and then waits until the predictions still using the old one are done. Predictions never wait for a swap.
     */
    private volatile Serving serving;
    /** One swap at a time. */
    private final Object swapSerial = new Object();

    private final BatchPredictor predictor;
    // method references made once, so the per-candle paths do not allocate them
    private final java.util.function.Function<WorkItem, Evaluation> evaluationOf = this::evaluationOf;
    private final BatchPredictor.Failures predictionFailed = this::predictionFailed;
    private final Object dispatcherGuard = new Object();
    private Dispatcher dispatcher;
    private volatile boolean closed;

    private SignalEngine(Builder b) {
        this.featureSet = b.featureSet;
        this.policy = b.policy;
        this.cooldown = b.cooldown;
        this.domainGuard = b.domainGuard;
        this.driftPolicy = b.driftPolicy;
        this.imputation = b.imputation;
        this.maxBatchSize = b.maxBatchSize;
        this.parallelism = b.parallelism;
        this.serving = new Serving(b.model, 0, b.domainGuard.judges(b.model.spec().scaler()));
        this.sequenceLength = b.model.sequenceLength();
        this.warmupBars = featureSet.warmupBars();
        this.policyBars = Math.max(1, policy.historyBars());
        this.historyCapacity = Math.max(policyBars, b.historyCapacity);
        this.allowIntervalMismatch = b.allowIntervalMismatch;
        this.listeners = new Listeners(b.listeners);
        this.predictor = new BatchPredictor(maxBatchSize, parallelism);
    }

    /** A builder; feature set and model are required. */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------------------------------------ public API

    /** {@link #onCandle(StreamKey, Candle)} for {@code StreamKey.of(symbol, interval)}. */
    public Evaluation onCandle(String symbol, Interval interval, Candle candle) {
        return onCandle(StreamKey.of(symbol, interval), candle);
    }

    /**
     * Processes one closed candle of one stream, synchronously.
     *
     * @return the evaluation: a signal, or why there is none
     * @throws dev.candlesignal.CandleSequenceException if the candle is older than, or a different revision of,
     *     the stream's last candle (the stream is left unchanged)
     * @throws dev.candlesignal.CandleTimeException if the candle's times do not fit the stream's interval (the
     *     stream is left unchanged)
     * @throws ModelMismatchException if the model was trained on another interval and no override allows it
     * @throws SignalException if the candle cannot be used or the prediction fails; a failed prediction is
     *     retried when the same candle is delivered again
     * @throws IllegalStateException if the engine is closed
     */
    public Evaluation onCandle(StreamKey stream, Candle candle) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(candle, "candle");
        checkOpen();
        WorkItem it = processOne(stream, candle, true);
        Evaluation e = it.cachedEvaluation();
        if (it.error != null) {
            throw it.error;
        }
        return e;
    }

    /**
     * The allocation-free form of {@link #onCandle(StreamKey, Candle)}: fills {@code out} instead of building an
     * {@link Evaluation}. Allocates only for what is rare or asked for: a gap, a signal emitted to listeners, an
     * evaluation for a registered {@link dev.candlesignal.EvaluationListener}, an error.
     *
     * @return the outcome's status (also in {@code out})
     * @throws dev.candlesignal.CandleSequenceException if the candle is older than, or a different revision of,
     *     the stream's last candle
     * @throws SignalException if the candle cannot be used or the prediction fails
     */
    public Evaluation.Status onCandle(StreamKey stream, Candle candle, CandleResult out) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(candle, "candle");
        Objects.requireNonNull(out, "out");
        checkOpen();
        WorkItem it = processOne(stream, candle, false);
        out.fill(it);
        if (it.error != null) {
            throw it.error;
        }
        return it.status;
    }

    /**
     * Processes candles of many streams, typically those that closed at the same moment, predicting every ready
     * stream in as few batched model calls as possible. A stream may appear more than once; its candles are
     * processed in list order.
     *
     * <p>Never throws for a bad candle: its evaluation has status {@code REJECTED} or {@code FAILED} with the
     * error, and listeners get {@link SignalListener#onFailure}.
     *
     * @return one evaluation per input, in input order
     */
    public List<Evaluation> onCandles(List<StreamCandle> candles) {
        Objects.requireNonNull(candles, "candles");
        checkOpen();
        Evaluation[] results = new Evaluation[candles.size()];
        processCandles(candles, false, results);
        return Arrays.asList(results);
    }

    /**
     * The work of {@link #onCandles}; {@code fromSource} for candles of an attached source, whose gaps the source
     * reports. Fills {@code results} when it is not null; else builds evaluations only for listeners that want them.
     */
    private void processCandles(List<StreamCandle> candles, boolean fromSource, Evaluation[] results) {
        // a stream's k-th candle goes into round k, so each round touches a stream at most once
        Map<StreamKey, Integer> occurrences = new HashMap<>();
        List<List<Integer>> rounds = new ArrayList<>();
        for (int i = 0; i < candles.size(); i++) {
            int round = occurrences.merge(candles.get(i).stream(), 1, Integer::sum) - 1;
            if (round == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(i);
        }
        for (List<Integer> round : rounds) {
            processRound(candles, round, fromSource, results);
        }
    }

    /**
     * Replays the known candles of a stream the engine has not seen yet (a year of history, a backtest): the same
     * evaluations, listener calls and final state as calling {@link #onCandle(StreamKey, Candle)} for each candle in
     * order, but with the model's predictions batched across time. A first pass computes every window and predicts
     * them in batches of {@link Builder#maxBatchSize} (over {@link Builder#parallelism} threads); the second pass
     * runs the candles through the engine, using those probabilities. A model swap while the first pass runs waits
     * for it; after a swap the second pass predicts the remaining windows with the new model.
     *
     * <p>Like {@link #onCandles}, never throws for a bad candle: its evaluation is {@code REJECTED} or
     * {@code FAILED} with the error.
     *
     * @throws IllegalStateException if the engine already holds state for this stream
     */
    public List<Evaluation> replay(StreamKey stream, List<Candle> candles) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(candles, "candles");
        checkOpen();
        if (streams.containsKey(stream)) {
            throw new IllegalStateException("replay needs a stream the engine has not seen, but " + stream
                    + " already has state; use onCandle, or removeStream first");
        }
        float[] probabilities = new float[candles.size()];
        Arrays.fill(probabilities, Float.NaN);
        long generation = predictAhead(stream, candles, probabilities);
        EngineStream s = streamFor(stream);
        List<Evaluation> out = new ArrayList<>(candles.size());
        for (int i = 0; i < candles.size(); i++) {
            out.add(processOne(s, candles.get(i), true, false, probabilities[i], generation).cachedEvaluation());
        }
        return out;
    }

    /** First pass of {@link #replay}: predicts every window a fresh stream would predict; returns the generation. */
    private long predictAhead(StreamKey key, List<Candle> candles, float[] probabilities) {
        EngineStream shadow = new EngineStream(key, -1, featureSet.newCalculator(), featureSet.columns(), sequenceLength,
                historyCapacity);
        int chunk = maxBatchSize * Math.max(1, parallelism);
        Serving sv = acquireModel();
        try {
            Model m = sv.model;
            long generation = sv.generation;
            List<WorkItem> pending = new ArrayList<>(chunk);
            for (int i = 0; i < candles.size(); i++) {
                WorkItem it = new WorkItem().reset(shadow, candles.get(i), i);
                admitAndAccept(it);
                if (it.status != null) {
                    continue;
                }
                prepare(it, sv);
                if (!it.predict) {
                    continue;
                }
                it.window = Arrays.copyOfRange(it.window, it.offset, it.offset + m.spec().windowSize());
                it.offset = 0;
                pending.add(it);
                if (pending.size() == chunk) {
                    flushAhead(m, pending, probabilities);
                }
            }
            flushAhead(m, pending, probabilities);
            return generation;
        } finally {
            releaseModel(sv);
        }
    }

    private void flushAhead(Model m, List<WorkItem> pending, float[] probabilities) {
        predictor.predict(m, pending, predictionFailed);
        for (WorkItem it : pending) {
            if (it.status == null) {
                probabilities[it.index] = it.probability;
            }
        }
        pending.clear();
    }

    /**
     * Replaces the model. The new model must declare the same feature set (id and columns) and window shape as
     * the current one, else it is refused with a {@link ModelMismatchException} naming both. Predictions running
     * now finish on the old model; every later prediction uses the new one (its scaler included: windows are
     * rescaled). Blocks until no prediction uses the old model, then returns it: the caller owns it and may close
     * it.
     */
    public Model swapModel(Model next) {
        Objects.requireNonNull(next, "next");
        checkCompatible(featureSet, next);
        ModelSpec current = serving.model.spec();
        if (next.sequenceLength() != current.sequenceLength()) {
            throw new ModelMismatchException("cannot swap model " + current.modelId() + " v" + current.version()
                    + " " + current.shapeDescription() + " for " + next.spec().modelId() + " v" + next.version() + " "
                    + next.spec().shapeDescription() + ": the window shape differs");
        }
        boolean judges = domainGuard.judges(next.spec().scaler());
        Serving old;
        synchronized (swapSerial) {
            old = serving;
            old.retiredBy = Thread.currentThread();
            serving = new Serving(next, old.generation + 1, judges); // from here on, predictions use next
            log.info("model swapped: {} v{} -> {} v{}", current.modelId(), current.version(), next.spec().modelId(),
                    next.version());
            // the predictions that took the old model before it was replaced finish on it
            boolean interrupted = false;
            while (old.users.get() != 0) {
                LockSupport.parkNanos(old, 1_000_000L); // woken by the last one; the timeout covers a lost wake-up
                interrupted |= Thread.interrupted();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return old.model;
    }

    /**
     * The current model, marked as in use until {@link #releaseModel}. The mark comes before the check that it is
     * still current, and a swap publishes the next model before it looks at the marks: so either the swap sees this
     * prediction and waits for it, or the prediction sees the next model and takes that instead.
     */
    private Serving acquireModel() {
        while (true) {
            Serving s = serving;
            s.users.incrementAndGet();
            if (serving == s) {
                return s;
            }
            releaseModel(s); // replaced meanwhile
        }
    }

    private static void releaseModel(Serving s) {
        if (s.users.decrementAndGet() == 0) {
            Thread swapper = s.retiredBy;
            if (swapper != null) {
                LockSupport.unpark(swapper);
            }
        }
    }

    /** A model, its generation (incremented by each swap; scaled windows remember it) and the guard's verdict on it. */
    private static final class Serving {
        final Model model;
        final long generation;
        /** Whether the engine's domain guard judges this model's windows (its scaler has spreads to judge by). */
        final boolean guardJudges;
        /** Predictions using this model now. */
        final AtomicInteger users = new AtomicInteger();
        /** The swap that replaced this model and waits for its last user, once replaced. */
        volatile Thread retiredBy;

        Serving(Model model, long generation, boolean guardJudges) {
            this.model = model;
            this.generation = generation;
            this.guardJudges = guardJudges;
        }
    }

    /** The model currently used. */
    public Model model() {
        return serving.model;
    }

    /** The feature set the engine computes. */
    public FeatureSet featureSet() {
        return featureSet;
    }

    /** The policy the engine applies. */
    public SignalPolicy policy() {
        return policy;
    }

    /** The same-direction cooldown, in candle time or in candles. */
    public Cooldown cooldown() {
        return cooldown;
    }

    /** The rule that decides whether a window is out of the model's training domain. */
    public DomainGuard domainGuard() {
        return domainGuard;
    }

    /** What happens to a prediction on an out-of-domain window. */
    public DriftPolicy driftPolicy() {
        return driftPolicy;
    }

    /** Candles a new stream needs before its first prediction. */
    public int candlesToReady() {
        int window = imputation == Imputation.FORWARD_FILL_THEN_ZERO ? sequenceLength
                : warmupBars + sequenceLength - 1;
        return Math.max(window, policyBars);
    }

    /** Adds a listener; it sees events from now on. */
    public void addListener(SignalListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener added before. */
    public boolean removeListener(SignalListener listener) {
        return listeners.remove(listener);
    }

    /** The streams the engine holds state for. */
    public Set<StreamKey> streams() {
        return Set.copyOf(streams.keySet());
    }

    /** Progress of a stream, if the engine has seen it. */
    public Optional<StreamStatus> status(StreamKey stream) {
        EngineStream s = streams.get(stream);
        if (s == null) {
            return Optional.empty();
        }
        s.lock.lock();
        try {
            return Optional.of(new StreamStatus(stream, s.count, s.candlesUntilReady(imputation, warmupBars, policyBars),
                    Optional.ofNullable(s.last).map(Candle::openTime), s.gaps, s.foreignSymbolPredictions,
                    s.outOfDomain));
        } finally {
            s.lock.unlock();
        }
    }

    /**
     * Checks that the current model may serve {@code stream}: a model whose training information names another
     * interval refuses it unless {@link Builder#allowIntervalMismatch} was set. Every candle is checked the same way
     * when it enters its stream; call this to fail before feeding any.
     *
     * @throws ModelMismatchException naming both intervals
     */
    public void checkStream(StreamKey stream) {
        Objects.requireNonNull(stream, "stream");
        StreamChecks.checkInterval(serving.model.spec(), stream, allowIntervalMismatch);
    }

    /**
     * A snapshot of one stream's complete state: feature calculator, raw window, readiness counters, policy history,
     * cooldown, domain-guard state and last candle, in the compact, versioned binary format documented in the
     * source of {@code StreamSnapshots} (about 17 KB for standard28 with a 60-candle window). An engine with the same
     * feature set and window given it through {@link #restore} continues the stream exactly as this one would: the
     * same evaluations and signals, bit for bit. Checkpoints (signal-flink) and moving streams between engines are
     * built on it. Not Java serialization.
     *
     * <p>Takes the stream's lock, so it waits for a candle of that stream being processed and sees a consistent
     * state.
     *
     * @return the snapshot, or empty if the engine holds no state for the stream
     * @throws StateSnapshotException if the feature set cannot snapshot its calculators (a custom Ta4j column)
     */
    public Optional<byte[]> snapshot(StreamKey stream) {
        Objects.requireNonNull(stream, "stream");
        EngineStream s = streams.get(stream);
        if (s == null) {
            return Optional.empty();
        }
        s.lock.lock();
        try {
            return Optional.of(StreamSnapshots.write(featureSet, sequenceLength, s));
        } finally {
            s.lock.unlock();
        }
    }

    /**
     * Replaces the state of {@code stream} with a {@link #snapshot} taken by an engine with the same feature set and
     * window shape (policy, cooldown and model may differ: they apply from the next candle, and the window is scaled
     * with this engine's current model). The snapshot is read completely before anything changes, so a snapshot that
     * cannot be restored leaves the engine as it was. Do not call it while candles of this stream are being processed.
     *
     * @throws StateSnapshotException if the bytes are not a snapshot this engine can restore: another format version,
     *     feature set, window shape or stream, a bad checksum, inconsistent values; the message names which
     * @throws IllegalStateException if the engine is closed
     */
    public void restore(StreamKey stream, byte[] snapshot) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(snapshot, "snapshot");
        checkOpen();
        EngineStream fresh = new EngineStream(stream, nextStreamId.getAndIncrement(), featureSet.newCalculator(),
                featureSet.columns(), sequenceLength, historyCapacity);
        try {
            StreamSnapshots.read(featureSet, sequenceLength, stream, snapshot, fresh);
        } catch (StateSnapshotException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StateSnapshotException(stream + ": the stream snapshot cannot be restored: " + e, e);
        }
        streams.put(stream, fresh);
    }

    /**
     * Checks that this engine's streams can be snapshotted, before any is: the standard feature sets and
     * {@code Feature.of} columns can, custom Ta4j columns cannot.
     *
     * @throws StateSnapshotException naming the part of the feature set that cannot
     */
    public void checkSnapshotSupport() {
        StreamSnapshots.checkSupported(featureSet);
    }

    /** Forgets a stream's state; its next candle starts a new warm-up. */
    public boolean removeStream(StreamKey stream) {
        return streams.remove(stream) != null;
    }

    /**
     * A {@link CandleListener} that feeds this engine on the source's own thread: each candle goes through
     * {@link #onCandle(StreamKey, Candle)}, but nothing is thrown back at the source; rejected candles, failed
     * predictions and a failing source reach this engine's listeners through {@link SignalListener#onFailure}, and the
     * source's gaps through {@link SignalListener#onGap} (the engine does not look for gaps in these candles itself).
     * Use it to subscribe with source-specific options (for example Binance's backfill of the last closed candles);
     * {@link #attach} is the alternative that batches many streams on the engine's dispatcher thread.
     */
    public CandleListener candleListener() {
        return new CandleListener() {
            @Override
            public void onCandle(StreamKey stream, Candle candle) {
                if (!closed) {
                    processOne(streamFor(stream), candle, false, true, Float.NaN, -1);
                }
            }

            @Override
            public void onGap(Gap gap) {
                if (!closed) {
                    sourceGap(gap);
                }
            }

            @Override
            public void onFailure(Throwable error) {
                reportSourceFailure(error);
            }

            @Override
            public void onComplete() {
                // nothing to finish: each candle was processed on the source's thread before it returned
                log.debug("a source feeding the engine through candleListener() completed");
            }
        };
    }

    /**
     * Subscribes to {@code source} and processes its candles on the engine's dispatcher thread, batching the
     * candles that arrive together into one model call. Results, the source's gaps and its failure reach the
     * listeners, in the order the source delivered them. Closing the returned attachment (or the engine) closes the
     * source subscription.
     *
     * <p>For a finite source, wait on {@link Attachment#completion()}: it completes after the last candle was
     * processed (exceptionally if the source failed).
     *
     * @throws IllegalStateException if the engine is closed
     * @throws dev.candlesignal.CandleSourceException (or another exception of the source) if it refuses to subscribe
     */
    public Attachment attach(CandleSource source, Collection<StreamKey> streamKeys) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(streamKeys, "streamKeys");
        checkOpen();
        Dispatcher d;
        synchronized (dispatcherGuard) {
            if (dispatcher == null) {
                dispatcher = new Dispatcher(new DispatchTarget(), maxBatchSize * Math.max(1, parallelism));
            }
            d = dispatcher;
        }
        return d.attach(source, streamKeys);
    }

    /**
     * Waits until every candle that attached sources delivered so far has been processed. To wait for a finite
     * source to be fully processed, wait on its {@link Attachment#completion()} instead: before the source has
     * delivered anything, there is nothing to wait for here.
     *
     * @return false if the timeout passed first
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        Dispatcher d;
        synchronized (dispatcherGuard) {
            d = dispatcher;
        }
        return d == null || d.awaitIdle(timeout);
    }

    /** Stops attached subscriptions and the engine's own threads. Idempotent. Does not close the model. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Dispatcher d;
        synchronized (dispatcherGuard) {
            d = dispatcher;
        }
        if (d != null) {
            d.close();
        }
        predictor.close();
    }

    // ---------------------------------------------------------------------------------------------- processing

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the signal engine is closed");
        }
    }

    /** What the dispatcher does with the events of attached sources (on its thread). */
    private final class DispatchTarget implements Dispatcher.Target {
        @Override
        public void candles(List<StreamCandle> batch) {
            if (!closed) {
                processCandles(batch, true, null);
            }
        }

        @Override
        public void gap(Gap gap) {
            if (!closed) {
                sourceGap(gap);
            }
        }

        @Override
        public void failure(Throwable error) {
            reportSourceFailure(error);
        }
    }

    void reportSourceFailure(Throwable error) {
        listeners.failure(new Failure(Optional.empty(), Optional.empty(), error));
    }

    /** A gap a source reported: counted and delivered under the stream's lock, in order with its candles. */
    private void sourceGap(Gap gap) {
        EngineStream s = streamFor(gap.stream());
        s.lock.lock();
        try {
            s.gaps++;
            listeners.gap(gap);
        } finally {
            s.lock.unlock();
        }
    }

    private EngineStream streamFor(StreamKey key) {
        EngineStream s = streams.get(key); // the common case, without computeIfAbsent's capturing lambda
        return s != null ? s : streams.computeIfAbsent(key, k -> new EngineStream(k, nextStreamId.getAndIncrement(),
                featureSet.newCalculator(), featureSet.columns(), sequenceLength, historyCapacity));
    }

    // The steps below fill a WorkItem; an Evaluation is built only when a caller or listener needs one, so the
    // single-candle path (onCandle with a CandleResult) allocates nothing in the common case.

    /** Processes one candle of one stream: the path of onCandle. */
    private WorkItem processOne(StreamKey key, Candle candle, boolean needEvaluation) {
        return processOne(streamFor(key), candle, needEvaluation, false, Float.NaN, -1);
    }

    /**
     * Processes one candle; when {@code precomputed} is a probability computed for this very window by the current
     * model generation ({@code generation}), it is used instead of calling the model (see {@link #replay}).
     */
    private WorkItem processOne(EngineStream s, Candle candle, boolean needEvaluation, boolean fromSource,
            float precomputed, long generation) {
        s.lock.lock();
        try {
            WorkItem it = s.scratch.reset(s, candle, 0);
            it.fromSource = fromSource;
            admitAndAccept(it);
            if (it.status == null) {
                Serving sv = acquireModel();
                try {
                    Model m = sv.model;
                    prepare(it, sv);
                    if (it.predict) {
                        if (!Float.isNaN(precomputed) && generation == sv.generation) {
                            it.probability = precomputed;
                        } else {
                            try {
                                it.probability = m.predict(it.window, it.offset);
                            } catch (RuntimeException e) {
                                fail(it, Evaluation.Status.FAILED, BatchPredictor.asInference(e, m));
                            }
                        }
                    }
                } finally {
                    releaseModel(sv);
                }
                if (it.status == null) {
                    decide(it);
                }
            }
            if (needEvaluation) {
                it.cacheEvaluation(evaluationOf(it));
            }
            listeners.deliver(it, evaluationOf);
            return it;
        } finally {
            s.lock.unlock();
        }
    }

    private void processRound(List<StreamCandle> candles, List<Integer> indices, boolean fromSource,
            Evaluation[] results) {
        int n = indices.size();
        EngineStream[] lockOrder = new EngineStream[n];
        for (int k = 0; k < n; k++) {
            lockOrder[k] = streamFor(candles.get(indices.get(k)).stream());
        }
        EngineStream[] byIndex = lockOrder.clone();
        Arrays.sort(lockOrder, Comparator.comparingInt(s -> s.id));
        for (EngineStream s : lockOrder) {
            s.lock.lock();
        }
        try {
            // a round touches a stream at most once and holds its lock, so the stream's scratch item is free to use
            List<WorkItem> items = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                int i = indices.get(k);
                WorkItem it = byIndex[k].scratch.reset(byIndex[k], candles.get(i).candle(), i);
                it.fromSource = fromSource;
                items.add(it);
            }
            List<WorkItem> toPredict = new ArrayList<>();
            for (WorkItem it : items) {
                admitAndAccept(it);
            }
            Serving sv = acquireModel();
            try {
                Model m = sv.model;
                for (WorkItem it : items) {
                    if (it.status == null) {
                        prepare(it, sv);
                        if (it.predict) {
                            toPredict.add(it);
                        }
                    }
                }
                predictor.predict(m, toPredict, predictionFailed);
            } finally {
                releaseModel(sv);
            }
            for (WorkItem it : toPredict) {
                if (it.status == null) {
                    decide(it);
                }
            }
            for (WorkItem it : items) {
                if (results != null) {
                    Evaluation e = evaluationOf(it);
                    it.cacheEvaluation(e);
                    results[it.index] = e;
                }
                listeners.deliver(it, evaluationOf);
            }
        } finally {
            for (EngineStream s : lockOrder) {
                s.lock.unlock();
            }
        }
    }

    private void admitAndAccept(WorkItem it) {
        EngineStream s = it.stream;
        EngineStream.Admission admission;
        try {
            // the model may serve the interval, and the candle's times fit it; nothing changes state before here
            StreamChecks.checkInterval(serving.model.spec(), s.key, allowIntervalMismatch);
            StreamChecks.checkTimes(s.key, it.candle, s.last);
            admission = s.admit(it.candle);
        } catch (SignalException e) {
            fail(it, Evaluation.Status.REJECTED, e);
            return;
        }
        if (admission == EngineStream.Admission.DUPLICATE) {
            it.status = Evaluation.Status.DUPLICATE;
            it.untilReady = s.candlesUntilReady(imputation, warmupBars, policyBars);
            return;
        }
        if (admission == EngineStream.Admission.RETRY) {
            s.lastFailed = false; // set again by fail() if the retry fails too
            return;
        }
        // a source reports its own gaps (forwarded by sourceGap); only candles handed over directly are checked here
        Optional<Gap> gap = it.fromSource ? Optional.empty() : s.gapBefore(it.candle);
        try {
            s.accept(it.candle);
        } catch (SignalException e) {
            fail(it, Evaluation.Status.REJECTED, e);
            return;
        } catch (RuntimeException e) {
            fail(it, Evaluation.Status.REJECTED, new SignalException(s.key
                    + ": the feature calculator failed on the candle opened at " + it.candle.openTime() + ": " + e, e));
            return;
        }
        if (gap.isPresent()) {
            s.gaps++;
            it.gap = gap.get();
        }
    }

    /** Scales the new row and decides whether the window can be predicted, for the model {@code sv} in use. */
    private void prepare(WorkItem it, Serving sv) {
        EngineStream s = it.stream;
        long generation = sv.generation;
        ModelSpec spec = sv.model.spec();
        it.modelId = spec.modelId();
        it.modelVersion = spec.version();
        s.scale(spec.scaler(), generation);
        int until = s.candlesUntilReady(imputation, warmupBars, policyBars);
        if (until > 0) {
            boolean undefined = imputation == Imputation.NONE && s.windowUndefined(warmupBars) && s.count >= policyBars;
            it.status = undefined ? Evaluation.Status.UNDEFINED_FEATURES : Evaluation.Status.NOT_READY;
            it.untilReady = until;
            return;
        }
        it.predict = true;
        s.foreignSymbol = StreamChecks.foreignSymbol(spec, s.key);
        if (imputation == Imputation.FORWARD_FILL_THEN_ZERO) {
            it.window = s.imputedWindow(spec.scaler());
            it.offset = 0;
        } else {
            it.window = s.scaled;
            it.offset = s.windowOffset();
        }
        if (sv.guardJudges) { // the verdict of the model this window is for
            it.farFraction = domainGuard.farFraction(it.window, it.offset, spec.windowSize());
        }
    }

    private void decide(WorkItem it) {
        EngineStream s = it.stream;
        float p = it.probability;
        if (!(p >= 0f && p <= 1f)) {
            fail(it, Evaluation.Status.FAILED, new InferenceException("model " + it.modelId + " v" + it.modelVersion
                    + " returned " + p + " for " + s.key + " at " + it.candle.openTime() + ", which is not a probability"));
            return;
        }
        Decision d;
        try {
            s.context.candle = it.candle;
            s.context.probability = p;
            d = policy.decide(s.context);
            if (d == null) {
                throw new SignalException("policy " + policy + " returned null");
            }
        } catch (RuntimeException e) {
            SignalException error = e instanceof SignalException se ? se
                    : new SignalException("policy " + policy + " failed for " + s.key + " at " + it.candle.openTime()
                            + ": " + e, e);
            fail(it, Evaluation.Status.FAILED, error);
            return;
        }
        it.decided(d);
        if (s.foreignSymbol) {
            s.foreignSymbolPredictions++;
            if (s.foreignSymbolPredictions == 1) {
                log.warn("model {} v{} was not trained on {} (its training symbols: {}); serving {} anyway and counting "
                        + "its predictions in StreamStatus.foreignSymbolPredictions", it.modelId, it.modelVersion,
                        s.key.symbol(), serving.model.spec().training().map(t -> t.symbols().toString()).orElse("?"),
                        s.key);
            }
        }
        if (judgeDomain(it) && driftPolicy == DriftPolicy.SUPPRESS) {
            it.status = Evaluation.Status.OUT_OF_DOMAIN; // withheld: the cooldown does not start
            return;
        }
        if (it.action == Action.HOLD) {
            it.status = Evaluation.Status.HOLD;
        } else if (s.passCooldown(it.action, it.candle.openTime(), cooldown)) {
            it.status = Evaluation.Status.SIGNAL;
        } else {
            it.status = Evaluation.Status.COOLDOWN;
        }
    }

    /**
     * Applies the domain guard to a predicted window: counts it, logs the stream's first out-of-domain window at WARN
     * and later changes in or out at DEBUG (a stream on the border would flood the log). Allocates only when it logs.
     *
     * @return whether the window is out of domain
     */
    private boolean judgeDomain(WorkItem it) {
        EngineStream s = it.stream;
        boolean out = domainGuard.outOfDomain(it.farFraction); // NaN (not judged) is never out
        it.outOfDomain = out;
        if (out) {
            s.outOfDomain++;
        }
        if (out != s.inDrift && !Double.isNaN(it.farFraction)) {
            s.inDrift = out;
            if (out && s.outOfDomain == 1) {
                log.warn("{}: the window of the candle opened at {} is out of model {} v{}'s training domain ({}); {}",
                        s.key, it.candle.openTime(), it.modelId, it.modelVersion, farDescription(it),
                        driftPolicy == DriftPolicy.SUPPRESS ? "no signal is emitted while it stays out (drift policy "
                                + "SUPPRESS)" : "signals are still emitted (drift policy WARN)");
            } else if (log.isDebugEnabled()) {
                log.debug("{}: window {} model {} v{}'s training domain at the candle opened at {} ({})", s.key,
                        out ? "left" : "is back in", it.modelId, it.modelVersion, it.candle.openTime(),
                        farDescription(it));
            }
        }
        return out;
    }

    private String farDescription(WorkItem it) {
        // built by concatenation, not String.format: in a burst, every out-of-domain evaluation has this reason,
        // and a Formatter per candle doubled the burst's allocation
        long tenths = Math.round(1000 * it.farFraction);
        return (tenths / 10) + "." + (tenths % 10) + "% of its values beyond " + trim(domainGuard.zLimit())
                + " sd of the training data; the guard allows " + trim(100 * domainGuard.maxFraction()) + "%";
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private String driftReason(WorkItem it) {
        return "out of the model's training domain: " + farDescription(it)
                + (driftPolicy == DriftPolicy.SUPPRESS ? "; not emitted (drift policy SUPPRESS)" : " (drift policy WARN)");
    }

    private void predictionFailed(WorkItem it, SignalException error) {
        fail(it, Evaluation.Status.FAILED, error);
    }

    private void fail(WorkItem it, Evaluation.Status status, SignalException error) {
        EngineStream s = it.stream;
        if (status == Evaluation.Status.FAILED) {
            s.lastFailed = true;
        }
        it.status = status;
        it.error = error;
        it.untilReady = s.candlesUntilReady(imputation, warmupBars, policyBars);
    }

    /** Builds the evaluation of a processed item; runs under the stream's lock, so reasons see current state. */
    private Evaluation evaluationOf(WorkItem it) {
        EngineStream s = it.stream;
        String reason = switch (it.status) {
            case SIGNAL, HOLD -> it.outOfDomain ? driftReason(it) : "";
            case COOLDOWN -> it.action + " within " + cooldown + " of the " + it.action + " at "
                    + s.lastEmitted(it.action) + (it.outOfDomain ? "; " + driftReason(it) : "");
            case OUT_OF_DOMAIN -> driftReason(it);
            case NOT_READY -> "needs " + it.untilReady + " more candle" + (it.untilReady == 1 ? "" : "s")
                    + " before the first prediction";
            case UNDEFINED_FEATURES -> s.undefinedDescription();
            case DUPLICATE -> "candle opened at " + it.candle.openTime() + " was already processed";
            case REJECTED, FAILED -> it.error.getMessage();
        };
        return new Evaluation(s.key, it.candle, it.status, Optional.ofNullable(it.signal()), it.untilReady, reason,
                Optional.ofNullable(it.error));
    }

    static void checkCompatible(FeatureSet featureSet, Model model) {
        ModelSpec spec = model.spec();
        String engineShape = featureSet.id() + " [" + spec.sequenceLength() + ", " + featureSet.featureCount() + "]";
        if (!spec.featureSetId().equals(featureSet.id())) {
            throw new ModelMismatchException("model " + spec.modelId() + " v" + spec.version() + " expects "
                    + spec.shapeDescription() + " but the engine is configured with " + engineShape);
        }
        if (!spec.columns().equals(featureSet.columns())) {
            throw new ModelMismatchException("model " + spec.modelId() + " v" + spec.version() + " and the engine both "
                    + "name feature set " + featureSet.id() + " but their columns differ: model " + spec.columns()
                    + ", engine " + featureSet.columns());
        }
    }

    /**
     * Builds a {@link SignalEngine}. Required: {@link #featureSet} and {@link #model} (which must match).
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private FeatureSet featureSet;
        private Model model;
        private SignalPolicy policy = ThresholdPolicy.defaults();
        private Cooldown cooldown = Cooldown.of(Duration.ofMinutes(60));
        private DomainGuard domainGuard = DomainGuard.DEFAULT;
        private DriftPolicy driftPolicy = DriftPolicy.SUPPRESS;
        private Imputation imputation = Imputation.NONE;
        private int historyCapacity = 2;
        private int maxBatchSize = 64;
        private int parallelism = 1;
        private boolean allowIntervalMismatch;
        private final List<SignalListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /** The feature set; must be the one the model was trained on. */
        public Builder featureSet(FeatureSet featureSet) {
            this.featureSet = Objects.requireNonNull(featureSet, "featureSet");
            return this;
        }

        /** The model. The engine does not close it. */
        public Builder model(Model model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** The policy; default {@link ThresholdPolicy#defaults()}. */
        public Builder policy(SignalPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Suppresses a BUY (SELL) whose candle opened less than this after the last emitted BUY (SELL) of the same
         * stream; the opposite direction is never suppressed. Candle time, not wall-clock. Default 60 minutes, which
         * suppresses nothing on 1h or longer candles (see {@link Cooldown}; use {@link #cooldownCandles} to count
         * candles); {@code Duration.ZERO} disables it.
         *
         * @throws IllegalArgumentException if negative or too long to count in milliseconds
         */
        public Builder cooldown(Duration cooldown) {
            return cooldown(Cooldown.of(cooldown));
        }

        /**
         * The same-direction cooldown in candles: after an emitted BUY (SELL), the stream's next {@code candles}
         * candles cannot emit a BUY (SELL). {@code 0} disables it.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder cooldownCandles(int candles) {
            return cooldown(Cooldown.ofCandles(candles));
        }

        /** The same-direction cooldown, in time or in candles; default {@code Cooldown.of(Duration.ofMinutes(60))}. */
        public Builder cooldown(Cooldown cooldown) {
            this.cooldown = Objects.requireNonNull(cooldown, "cooldown");
            return this;
        }

        /**
         * The rule that decides whether a predicted window lies out of the model's training domain; default
         * {@link DomainGuard#DEFAULT} (more than 25 % of the window beyond 4 training standard deviations);
         * {@link DomainGuard#disabled()} turns it off.
         */
        public Builder domainGuard(DomainGuard domainGuard) {
            this.domainGuard = Objects.requireNonNull(domainGuard, "domainGuard");
            return this;
        }

        /**
         * What happens to a prediction on an out-of-domain window: {@link DriftPolicy#SUPPRESS} (default: status
         * {@code OUT_OF_DOMAIN}, nothing emitted) or {@link DriftPolicy#WARN} (emitted, and counted).
         */
        public Builder onDrift(DriftPolicy driftPolicy) {
            this.driftPolicy = Objects.requireNonNull(driftPolicy, "driftPolicy");
            return this;
        }

        /** Handling of undefined feature values; default {@link Imputation#NONE}. */
        public Builder imputation(Imputation imputation) {
            this.imputation = Objects.requireNonNull(imputation, "imputation");
            return this;
        }

        /** Minimum number of recent candles kept per stream for the policy; the policy's own need is added. */
        public Builder historyCapacity(int candles) {
            if (candles < 1) {
                throw new IllegalArgumentException("historyCapacity must be >= 1 but was " + candles);
            }
            this.historyCapacity = candles;
            return this;
        }

        /** Largest number of windows in one model call; default 64 (the best per-window cost measured, see BurstBenchmark). */
        public Builder maxBatchSize(int maxBatchSize) {
            if (maxBatchSize < 1) {
                throw new IllegalArgumentException("maxBatchSize must be >= 1 but was " + maxBatchSize);
            }
            this.maxBatchSize = maxBatchSize;
            return this;
        }

        /**
         * Threads used to predict one batch of streams (the calling thread included); default 1. With more than 1
         * the engine owns a pool of {@code parallelism - 1} threads, stopped by {@link SignalEngine#close()}.
         */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1 || parallelism > 256) {
                throw new IllegalArgumentException("parallelism must be in [1, 256] but was " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /**
         * Whether a model may serve candles of another interval than the one its training information names (a 1h
         * model on 1m candles). Default false: such candles are rejected with a {@link ModelMismatchException} naming
         * both intervals. Models without training information serve any interval.
         */
        public Builder allowIntervalMismatch(boolean allow) {
            this.allowIntervalMismatch = allow;
            return this;
        }

        /** Adds a listener. */
        public Builder listener(SignalListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @throws IllegalStateException if the feature set or model is missing
         * @throws ModelMismatchException if the model was trained on another feature set
         */
        public SignalEngine build() {
            if (featureSet == null) {
                throw new IllegalStateException("featureSet is required");
            }
            if (model == null) {
                throw new IllegalStateException("model is required");
            }
            checkCompatible(featureSet, model);
            return new SignalEngine(this);
        }
    }
}
