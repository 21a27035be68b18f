package dev.candlesignal.journal;

import dev.candlesignal.Candle;
import dev.candlesignal.Evaluation;
import dev.candlesignal.EvaluationListener;
import dev.candlesignal.Failure;
import dev.candlesignal.Signal;
import dev.candlesignal.SignalListener;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.engine.ThresholdPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Journals every BUY and SELL a {@link SignalEngine} emits and resolves it from the candles that follow, by the
 * {@link OutcomeRule}; counts HOLDs and scores every probability against the next candle's direction. Attach it in
 * one line:
 *
 * <pre>{@code
 * OutcomeTracker tracker = OutcomeTracker.attach(engine, SqliteJournal.open(Path.of("signals.db")));
 * }</pre>
 *
 * <h2>How it works</h2>
 * It listens to the engine's evaluations (and to failures that carry a candle: a candle whose prediction failed
 * still moves the market, and so does an {@code OUT_OF_DOMAIN} one, whose withheld decision is neither counted nor
 * scored). Per stream it keeps, in memory, the signals still open and the last candle seen; each new
 * candle resolves the open signals of its stream (O(open signals of that stream), never a database query) and
 * becomes one {@link CandleUpdate}, queued for a single writer thread that appends batches to the journal in
 * transactions. The engine never waits on the disk: putting an update in the queue is a lock and a link, never a
 * wake-up of the writer (it polls).
 *
 * <h2>When the queue is full</h2>
 * The engine thread waits for room for at most {@link Builder#maxBlock} (default 5 s), counted in
 * {@link TrackerHealth#blockedOffers()} and {@link TrackerHealth#blockedTime()}. If there is still no room, the
 * journal is stopped (see Failures) rather than the update skipped: a skipped update would leave a hole that a restart
 * could not see, while a stopped journal is an exact prefix of the candles, which a restart with the same candles
 * completes. Nothing is ever dropped without being counted in {@link TrackerHealth#dropped()}.
 *
 * <h2>Restarts</h2>
 * At attach it loads the journal's state: each stream's last candle (cursor), the pending signals and the tallies.
 * Candles up to a stream's cursor are ignored (they are in the journal already), so replaying or backfilling the same
 * candles after a crash gives exactly the entries and outcomes of an uninterrupted run: pending signals resume from
 * the candle after the last one the journal saw. A killed process loses at most the updates still queued, and the
 * journal is always a prefix of every stream's updates (each batch is one transaction).
 *
 * <h2>Failures</h2>
 * If the journal fails (full disk, read-only file, the writer falling behind), the tracker logs it once, tells
 * {@link OutcomeListener#onJournalFailure}, stops writing (keeping the journal an exact prefix) and counts every
 * later update as dropped in {@link #health()}; the engine keeps emitting signals and outcomes keep being resolved in
 * memory. A candle whose prediction failed is used for resolution only if the engine does not retry it: the tracker
 * holds it back until the stream's next candle (or {@link #close()}).
 *
 * <h2>Threading and ownership</h2>
 * Thread-safe; the engine calls it from its own threads, never concurrently for one stream. It owns its writer
 * thread: {@link #close()} detaches from the engine, writes what is queued and stops the thread. It never closes the
 * engine or the journal it was given.
 */
public final class OutcomeTracker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutcomeTracker.class);

    private final SignalEngine engine;
    private final SignalJournal journal;
    private final OutcomeRule rule;
    private final int window;
    private final Duration closeTimeout;
    private final String featureSetId;
    private final String policy;
    private final List<OutcomeListener> listeners;
    private final ConcurrentHashMap<StreamKey, TrackedStream> streams = new ConcurrentHashMap<>();
    private final JournalWriter writer;
    private final AtomicLong recordedSignals = new AtomicLong();
    private final AtomicLong resolvedSignals = new AtomicLong();
    private final AtomicLong rejectedSignals = new AtomicLong();
    private final AtomicLong openSignals = new AtomicLong();
    private final SignalListener engineListener = new EngineListener();
    private volatile boolean closed;

    private OutcomeTracker(Builder b, SignalEngine engine) {
        this.engine = engine;
        this.journal = b.journal;
        this.rule = b.rule;
        this.window = b.window;
        this.closeTimeout = b.closeTimeout;
        this.listeners = new CopyOnWriteArrayList<>(b.listeners);
        this.featureSetId = engine.featureSet().id();
        this.policy = engine.policy() + ", cooldown " + engine.cooldown();
        this.writer = new JournalWriter(journal, b.queueCapacity, b.maxBatch, b.maxBlock, this::journalFailed);
    }

    /**
     * Attaches a tracker with the default rule and settings to {@code engine}, writing to {@code journal}.
     *
     * @throws JournalException if the journal cannot be read or was resolved with another rule
     */
    public static OutcomeTracker attach(SignalEngine engine, SignalJournal journal) {
        return builder().journal(journal).attach(engine);
    }

    /** A builder; the journal is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The rule outcomes are resolved by. */
    public OutcomeRule rule() {
        return rule;
    }

    /** The journal written to. */
    public SignalJournal journal() {
        return journal;
    }

    /** Adds a listener for outcomes resolved from now on. */
    public void addListener(OutcomeListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Counters and state of the tracker and its writer. */
    public TrackerHealth health() {
        TrackerHealth.State state = writer.failure().isPresent() ? TrackerHealth.State.FAILED
                : closed ? TrackerHealth.State.CLOSED : TrackerHealth.State.RUNNING;
        return new TrackerHealth(state, writer.submitted(), writer.written(), writer.queued(), writer.dropped(),
                writer.blockedOffers(), writer.blockedTime(), recordedSignals.get(), resolvedSignals.get(),
                rejectedSignals.get(), openSignals.get(),
                writer.failure());
    }

    /**
     * The tally of one stream under one model version as counted so far: what the journal held at attach plus every
     * candle since (HOLDs, suppressed signals, and the quality of the probabilities against the next candle's
     * direction), without waiting for the writer. What a retraining policy reads between two writes of the journal.
     *
     * @return empty if the tracker has counted nothing for that stream and version
     */
    public Optional<PredictionTally> tally(StreamKey stream, String modelId, String modelVersion) {
        TrackedStream s = streams.get(Objects.requireNonNull(stream, "stream"));
        if (s == null) {
            return Optional.empty();
        }
        synchronized (s) {
            Tally t = s.tallies.get(tallyKey(modelId, modelVersion));
            return t == null || s.lastOpen == null ? Optional.empty() : Optional.of(t.snapshot(stream, s.lastOpen));
        }
    }

    /**
     * Waits until every candle update produced so far is written (or counted as dropped).
     *
     * @return false if the timeout passed first
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        return writer.flush(timeout);
    }

    /**
     * Detaches from the engine, applies candles held back after a failed prediction, writes what is queued (waiting
     * at most the builder's close timeout) and stops the writer thread. Idempotent. Does not close the journal.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        engine.removeListener(engineListener);
        for (TrackedStream s : streams.values()) {
            List<SignalRecord> resolved = new ArrayList<>();
            synchronized (s) {
                if (s.heldBack != null) {
                    Candle c = s.heldBack;
                    s.heldBack = null;
                    apply(s, c, null, null, resolved);
                }
            }
            notifyOutcomes(resolved);
        }
        closed = true;
        writer.close(closeTimeout);
    }

    // ------------------------------------------------------------------------------------------------ processing

    private void start() {
        journal.bindRule(rule);
        JournalState state = journal.load();
        for (StreamCursor c : state.cursors()) {
            TrackedStream s = stream(c.stream());
            s.lastOpen = c.lastOpenTime();
            s.lastClose = c.lastClose();
            s.lastDirection = c.lastDirection();
            s.pending = c.pending().orElse(null);
        }
        for (JournalEntry e : state.pending()) {
            stream(e.stream()).open.add(new OpenSignal(e, e.levels()));
            openSignals.incrementAndGet();
        }
        for (PredictionTally t : state.tallies()) {
            stream(t.stream()).tallies.put(tallyKey(t.modelId(), t.modelVersion()), new Tally(t));
        }
        writer.start();
        engine.addListener(engineListener);
        log.info("outcome tracker attached to {}: {} streams, {} pending signals; {}", journal.name(),
                state.cursors().size(), state.pending().size(), rule);
    }

    private TrackedStream stream(StreamKey key) {
        TrackedStream s = streams.get(key);
        return s != null ? s : streams.computeIfAbsent(key, TrackedStream::new);
    }

    /** One candle of a stream, with the engine's decision on it when the model was consulted. */
    private void onCandle(StreamKey key, Candle candle, Signal signal, Evaluation.Status status) {
        if (closed) {
            return;
        }
        if (candle.openTime().getNano() % 1_000_000 != 0) {
            rejectedSignals.incrementAndGet();
            log.warn("{}: candle opened at {} is not on a whole millisecond; the journal cannot store it, ignored",
                    key, candle.openTime());
            return;
        }
        TrackedStream s = stream(key);
        List<SignalRecord> resolved = new ArrayList<>(0);
        synchronized (s) {
            Candle held = s.heldBack;
            if (held != null) {
                s.heldBack = null;
                if (!held.openTime().equals(candle.openTime())) {
                    // the failed candle was not retried: it still counts as market data
                    apply(s, held, null, null, resolved);
                }
            }
            if (s.lastOpen == null || candle.openTime().isAfter(s.lastOpen)) {
                apply(s, candle, signal, status, resolved);
            }
        }
        notifyOutcomes(resolved);
    }

    /** A candle the engine accepted but could not predict (or rejected): held back in case the engine retries it. */
    private void onFailedCandle(StreamKey key, Candle candle) {
        if (closed) {
            return;
        }
        TrackedStream s = stream(key);
        List<SignalRecord> resolved = new ArrayList<>(0);
        synchronized (s) {
            if (s.lastOpen != null && !candle.openTime().isAfter(s.lastOpen)) {
                return;
            }
            Candle held = s.heldBack;
            if (held != null && held.openTime().isBefore(candle.openTime())) {
                apply(s, held, null, null, resolved);
            }
            s.heldBack = candle;
        }
        notifyOutcomes(resolved);
    }

    /** Applies one new candle to its stream: scores, resolves, records, queues. Runs under the stream's lock. */
    private void apply(TrackedStream s, Candle candle, Signal signal, Evaluation.Status status,
            List<SignalRecord> resolvedOut) {
        Instant open = candle.openTime();
        boolean contiguous = s.lastOpen != null && s.key.interval().slotsBetween(s.lastOpen, open) == 1;
        StreamCursor.Direction direction = !contiguous ? StreamCursor.Direction.UNKNOWN
                : candle.close() > s.lastClose ? StreamCursor.Direction.UP : StreamCursor.Direction.NOT_UP;
        // the tallies this candle changes, in this order (no list per candle: at most these two)
        Tally scored = null;
        Tally decided = null;

        // 1. the probability predicted on the previous candle, against this candle's direction
        if (s.pending != null && contiguous && s.lastDirection != StreamCursor.Direction.UNKNOWN) {
            Tally t = s.tally(s.pending.modelId(), s.pending.modelVersion(), window, open);
            t.score(s.pending.probability(), direction == StreamCursor.Direction.UP,
                    s.lastDirection == StreamCursor.Direction.UP);
            scored = t;
        }

        // 2. the open signals of this stream: O(open signals)
        List<CandleUpdate.ResolvedSignal> resolutions = List.of();
        if (!s.open.isEmpty()) {
            for (Iterator<OpenSignal> it = s.open.iterator(); it.hasNext(); ) {
                OpenSignal o = it.next();
                Optional<Resolution> r = rule.step(o.levels(), s.lastOpen, s.lastClose, candle);
                if (r.isPresent()) {
                    it.remove();
                    openSignals.decrementAndGet();
                    resolvedSignals.incrementAndGet();
                    if (resolutions.isEmpty()) {
                        resolutions = new ArrayList<>(2); // most candles resolve nothing: no list for them
                    }
                    resolutions.add(new CandleUpdate.ResolvedSignal(o.entry().key(), r.get()));
                    resolvedOut.add(new SignalRecord(o.entry(), r));
                }
            }
        }

        // 3. the decision on this candle
        JournalEntry entry = null;
        StreamCursor.PendingPrediction pending = null;
        if (signal != null) {
            String modelId = modelId(signal);
            Tally t = s.tally(modelId, signal.modelVersion(), window, open);
            switch (status) {
                case SIGNAL -> t.signals++;
                case HOLD -> t.holds++;
                case COOLDOWN -> t.suppressed++;
                default -> throw new IllegalStateException("a signal with status " + status);
            }
            decided = t;
            pending = new StreamCursor.PendingPrediction(signal.probability(), modelId, signal.modelVersion());
            if (status == Evaluation.Status.SIGNAL) {
                entry = entry(signal, candle, modelId);
                if (entry != null) {
                    s.open.add(new OpenSignal(entry, entry.levels()));
                    openSignals.incrementAndGet();
                    recordedSignals.incrementAndGet();
                }
            }
        }

        // 4. the stream moves on, and the journal learns all of it as one update
        s.lastOpen = open;
        s.lastClose = candle.close();
        s.lastDirection = direction;
        s.pending = pending;
        // immutable lists, which CandleUpdate keeps as they are instead of copying
        List<PredictionTally> snapshots;
        if (scored == null) {
            snapshots = decided == null ? List.of() : List.of(decided.snapshot(s.key, open));
        } else if (decided == null || decided == scored) {
            snapshots = List.of(scored.snapshot(s.key, open));
        } else {
            snapshots = List.of(scored.snapshot(s.key, open), decided.snapshot(s.key, open));
        }
        writer.submit(new CandleUpdate(new StreamCursor(s.key, open, s.lastClose, direction,
                Optional.ofNullable(pending)), Optional.ofNullable(entry), resolutions, snapshots));
    }

    private JournalEntry entry(Signal signal, Candle candle, String modelId) {
        try {
            return new JournalEntry(signal.stream(), signal.candleTime(), candle.closeTime(), signal.action(),
                    signal.strength(), signal.probability(), signal.confidence(), signal.entryPrice(),
                    signal.stopLoss(), signal.takeProfit(), atr(signal), modelId, signal.modelVersion(), featureSetId,
                    policy);
        } catch (IllegalArgumentException e) {
            rejectedSignals.incrementAndGet();
            log.warn("{}: the {} at {} cannot be journaled: {}", signal.stream(), signal.action(), signal.candleTime(),
                    e.getMessage());
            return null;
        }
    }

    /** The ATR the levels came from, known when the policy is a {@link ThresholdPolicy}: |target - entry| / k. */
    private OptionalDouble atr(Signal signal) {
        if (engine.policy() instanceof ThresholdPolicy p) {
            return OptionalDouble.of(Math.abs(signal.takeProfit() - signal.entryPrice()) / p.targetAtrMultiple());
        }
        return OptionalDouble.empty();
    }

    /** The id of the model that produced the signal. */
    private static String modelId(Signal signal) {
        return signal.modelId();
    }

    private void notifyOutcomes(List<SignalRecord> resolved) {
        for (SignalRecord r : resolved) {
            for (OutcomeListener l : listeners) {
                try {
                    l.onOutcome(r);
                } catch (RuntimeException e) {
                    log.warn("outcome listener {} threw on {}; ignored", l, r.entry().key(), e);
                }
            }
        }
    }

    private void journalFailed(JournalException error) {
        for (OutcomeListener l : listeners) {
            try {
                l.onJournalFailure(error);
            } catch (RuntimeException e) {
                log.warn("outcome listener {} threw in onJournalFailure; ignored", l, e);
            }
        }
    }

    private static String tallyKey(String modelId, String modelVersion) {
        return modelId + '\u0000' + modelVersion;
    }

    /** What the tracker listens to on the engine. */
    private final class EngineListener implements EvaluationListener {
        @Override
        public void onEvaluation(Evaluation e) {
            switch (e.status()) {
                case DUPLICATE -> {
                }
                // the engine withheld the decision on a window its model was not trained for: the candle still
                // moves the market (resolves signals, moves the cursor), but nothing was decided to count or score
                case OUT_OF_DOMAIN -> onCandle(e.stream(), e.candle(), null, null);
                default -> onCandle(e.stream(), e.candle(), e.signal().orElse(null), e.status());
            }
        }

        @Override
        public void onFailure(Failure failure) {
            if (failure.stream().isPresent() && failure.candle().isPresent()) {
                onFailedCandle(failure.stream().get(), failure.candle().get());
            }
        }

        @Override
        public String toString() {
            return "OutcomeTracker(" + journal.name() + ")";
        }
    }

    /** A signal still open, with its levels (computed once). */
    private record OpenSignal(JournalEntry entry, TradeLevels levels) {
    }

    /** Per-stream state. Not thread-safe: guarded by its own monitor. */
    private static final class TrackedStream {
        final StreamKey key;
        final List<OpenSignal> open = new ArrayList<>();
        final Map<String, Tally> tallies = new HashMap<>(4);
        Instant lastOpen;
        double lastClose;
        StreamCursor.Direction lastDirection = StreamCursor.Direction.UNKNOWN;
        StreamCursor.PendingPrediction pending;
        /** A candle whose prediction failed, held back until the engine retries it or moves on. */
        Candle heldBack;
        /** The tally used last (one of {@link #tallies}). */
        Tally last;

        TrackedStream(StreamKey key) {
            this.key = key;
        }

        Tally tally(String modelId, String modelVersion, int window, Instant asOf) {
            // nearly every candle asks for the tally the previous one used: no map key built for it
            Tally t = last;
            if (t != null && t.modelId.equals(modelId) && t.modelVersion.equals(modelVersion)) {
                return t;
            }
            String k = tallyKey(modelId, modelVersion);
            t = tallies.get(k);
            if (t == null) {
                t = new Tally(PredictionTally.empty(key, modelId, modelVersion, asOf, window));
                tallies.put(k, t);
            }
            last = t;
            return t;
        }
    }

    /** A tally being counted. Not thread-safe: used under its stream's lock. */
    private static final class Tally {
        final String modelId;
        final String modelVersion;
        long signals;
        long holds;
        long suppressed;
        ProbabilityStats predictions;
        RecentPredictions recent;

        Tally(PredictionTally t) {
            modelId = t.modelId();
            modelVersion = t.modelVersion();
            signals = t.signals();
            holds = t.holds();
            suppressed = t.suppressed();
            predictions = t.predictions();
            recent = t.recent();
        }

        void score(double probability, boolean up, boolean previousUp) {
            predictions = predictions.plus(probability, up, previousUp);
            recent = recent.with(probability, up, previousUp);
        }

        PredictionTally snapshot(StreamKey stream, Instant asOf) {
            return new PredictionTally(stream, modelId, modelVersion, asOf, signals, holds, suppressed, predictions,
                    recent);
        }
    }

    /**
     * Builds and attaches an {@link OutcomeTracker}.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private SignalJournal journal;
        private OutcomeRule rule = OutcomeRule.defaults();
        private int window = JournalStatistics.DEFAULT_WINDOW;
        private int queueCapacity = 65_536;
        private int maxBatch = 4_096;
        private Duration maxBlock = Duration.ofSeconds(5);
        private Duration closeTimeout = Duration.ofSeconds(30);
        private final List<OutcomeListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /** The journal to write (required). The tracker does not close it. */
        public Builder journal(SignalJournal journal) {
            this.journal = Objects.requireNonNull(journal, "journal");
            return this;
        }

        /** The outcome rule; default {@link OutcomeRule#defaults()}. A journal keeps the rule it was first used with. */
        public Builder rule(OutcomeRule rule) {
            this.rule = Objects.requireNonNull(rule, "rule");
            return this;
        }

        /** How many recent predictions each tally keeps for "the last N" statistics; default 100. */
        public Builder window(int window) {
            if (window < 1 || window > 100_000) {
                throw new IllegalArgumentException("window must be in [1, 100000] but was " + window);
            }
            this.window = window;
            return this;
        }

        /** Capacity of the queue in front of the writer, in candle updates; default 65,536. */
        public Builder queueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be >= 1 but was " + capacity);
            }
            this.queueCapacity = capacity;
            return this;
        }

        /** Most candle updates written in one transaction; default 4,096. */
        public Builder maxBatch(int maxBatch) {
            if (maxBatch < 1) {
                throw new IllegalArgumentException("maxBatch must be >= 1 but was " + maxBatch);
            }
            this.maxBatch = maxBatch;
            return this;
        }

        /**
         * How long an engine thread may wait for room in a full queue before the journal is stopped (see
         * {@link OutcomeTracker}); default 5 s.
         */
        public Builder maxBlock(Duration maxBlock) {
            Objects.requireNonNull(maxBlock, "maxBlock");
            if (maxBlock.isNegative() || maxBlock.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("maxBlock must be in [0, 10 min] but was " + maxBlock);
            }
            this.maxBlock = maxBlock;
            return this;
        }

        /** How long {@link OutcomeTracker#close()} waits for the writer to finish; default 30 s. */
        public Builder closeTimeout(Duration closeTimeout) {
            Objects.requireNonNull(closeTimeout, "closeTimeout");
            if (closeTimeout.isNegative() || closeTimeout.isZero()) {
                throw new IllegalArgumentException("closeTimeout must be > 0 but was " + closeTimeout);
            }
            this.closeTimeout = closeTimeout;
            return this;
        }

        /** Adds a listener for resolved outcomes. */
        public Builder listener(OutcomeListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Loads the journal's state, starts the writer and attaches to {@code engine}.
         *
         * @throws IllegalStateException if the journal is missing
         * @throws JournalException if the journal cannot be read or was resolved with another rule
         */
        public OutcomeTracker attach(SignalEngine engine) {
            Objects.requireNonNull(engine, "engine");
            if (journal == null) {
                throw new IllegalStateException("journal is required");
            }
            OutcomeTracker t = new OutcomeTracker(this, engine);
            t.start();
            return t;
        }
    }
}
