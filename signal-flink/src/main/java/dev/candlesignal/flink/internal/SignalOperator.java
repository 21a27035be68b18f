package dev.candlesignal.flink.internal;

import dev.candlesignal.Candle;
import dev.candlesignal.Evaluation;
import dev.candlesignal.ModelLoadException;
import dev.candlesignal.ModelMismatchException;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.engine.StreamCandle;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.flink.ModelReference;
import dev.candlesignal.flink.ModelUpdate;
import dev.candlesignal.flink.SignalOperatorSpec;
import dev.candlesignal.model.Model;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * The engine's per-stream logic as a keyed Flink operator: input 1 is the candles keyed by stream
 * ({@code StreamKey.toString()}), the optional input 2 the broadcast {@link ModelUpdate}s. Each parallel instance
 * runs one {@link SignalEngine} with one model (loaded in {@link #open()}, so one per slot) over the keys Flink
 * assigns to it, and emits the engine's {@link Evaluation}s (those {@link SignalOperatorSpec#emits}), timestamped with
 * the candle's open time.
 *
 * <h2>State</h2>
 * Each key's engine stream lives in Flink keyed state as a {@link StreamState} (the engine's snapshot, written by
 * {@link StreamStateSerializer}). The engine keeps the live copy; the keys it changed since the last checkpoint are
 * written to keyed state when the checkpoint is taken ({@link #snapshotState}, which Flink calls before it snapshots
 * the keyed backend), not on every candle. On restore, rescaled or not, {@link #open()} reads every key of this
 * instance's key groups back into the engine. The model updates seen so far are union operator state, so every
 * instance restores the same timeline.
 *
 * <h2>Batching</h2>
 * Candles that may be processed go to a batch, predicted with one {@code SignalEngine.onCandles} call (several keys'
 * windows in one model call) when it holds {@code maxBatchSize} candles, when {@code maxBatchWait} of processing time
 * has passed since it was started (a processing-time timer), before a checkpoint barrier
 * ({@link #prepareSnapshotPreBarrier}), before a watermark is forwarded, and at the end of the input.
 *
 * <h2>Model updates</h2>
 * The model that scores a candle is the last update whose {@code effectiveFrom} is at or before the candle's open
 * time (the operator's initial model before the first). So that every instance knows every update that applies to a
 * candle before it scores it, a candle waits ("is held") until the update input's watermark has reached its open time;
 * with no update input nothing waits. An idle update input (watermark status IDLE) releases everything: an update
 * that then arrives after candles it should have scored is applied from the next candle on, logged and counted in the
 * {@code lateModelUpdates} metric. The engine switches with {@code swapModel} (same feature set and window; every
 * window rescaled with the new scaler); an update whose model breaks those rules is refused (logged, and ignored the
 * same way on every instance); a bundle that cannot be loaded fails the task, so Flink restarts it from the last
 * checkpoint. Models no longer current are closed and loaded again if a late key still needs them.
 *
 * <p>Not thread-safe: Flink calls it from the task's mailbox thread only.
 */
public final class SignalOperator extends AbstractStreamOperator<Evaluation>
        implements OneInputStreamOperator<StreamCandle, Evaluation>,
        TwoInputStreamOperator<StreamCandle, ModelUpdate, Evaluation>, BoundedOneInput, BoundedMultiInput,
        ProcessingTimeCallback {
    private static final long serialVersionUID = 1L;

    /** Keyed state: the engine's snapshot of each stream. */
    public static final String STREAM_STATE = "candlesignal-stream";
    /** Keyed state: candles waiting for the update input's watermark. */
    public static final String HELD_STATE = "candlesignal-held";
    /** Union operator state: the model updates seen. */
    public static final String UPDATES_STATE = "candlesignal-model-updates";

    private final SignalOperatorSpec spec;
    private final boolean withUpdates;

    private transient ValueState<StreamState> streamState;
    private transient ListState<Candle> heldState;
    private transient ListState<ModelUpdate> updatesState;
    private transient boolean restored;
    private transient List<ModelUpdate> restoredUpdates;

    private transient SignalEngine engine;
    /** The model timeline by effective time; the initial model at {@link Instant#MIN}. */
    private transient TreeMap<Instant, Version> timeline;
    private transient Version active;
    private transient Instant latestProcessed;

    private transient Map<String, StreamKey> keys;
    private transient Set<String> dirty;
    private transient List<StreamCandle> batch;
    private transient boolean timerSet;

    private transient long updatesWatermark;
    private transient boolean updatesIdle;
    private transient ArrayDeque<StreamCandle> held;
    private transient Map<String, Integer> heldPerKey;
    private transient Set<String> heldDirty;

    private transient StreamRecord<Evaluation> reuse;
    private transient Counter candlesIn;
    private transient Counter signalsOut;
    private transient Counter lateModelUpdates;

    /**
     * @param spec what to run
     * @param withUpdates whether the operator has the model-update input (two-input use)
     */
    public SignalOperator(SignalOperatorSpec spec, boolean withUpdates) {
        this.spec = spec;
        this.withUpdates = withUpdates;
    }

    /** One entry of the model timeline: the update and, while loaded, its model. */
    private static final class Version {
        final ModelReference reference;
        final Instant effectiveFrom;
        Model model;

        Version(ModelReference reference, Instant effectiveFrom, Model model) {
            this.reference = reference;
            this.effectiveFrom = effectiveFrom;
            this.model = model;
        }
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        streamState = getPartitionedState(new ValueStateDescriptor<>(STREAM_STATE, StreamStateSerializer.INSTANCE));
        restored = context.isRestored();
        restoredUpdates = new ArrayList<>();
        if (withUpdates) {
            heldState = getPartitionedState(new ListStateDescriptor<>(HELD_STATE,
                    Serializers.CandleSerializer.INSTANCE));
            updatesState = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>(UPDATES_STATE,
                    Serializers.ModelUpdateSerializer.INSTANCE));
            for (ModelUpdate u : updatesState.get()) {
                restoredUpdates.add(u); // every instance's copy: the same updates, deduplicated by the timeline
            }
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        keys = new HashMap<>();
        dirty = new LinkedHashSet<>();
        batch = new ArrayList<>(spec.maxBatchSize());
        held = new ArrayDeque<>();
        heldPerKey = new HashMap<>();
        heldDirty = new LinkedHashSet<>();
        reuse = new StreamRecord<>(null);
        updatesWatermark = withUpdates ? Long.MIN_VALUE : Long.MAX_VALUE;
        candlesIn = getMetricGroup().counter("candles");
        signalsOut = getMetricGroup().counter("signals");
        lateModelUpdates = getMetricGroup().counter("lateModelUpdates");
        getMetricGroup().gauge("streams", () -> keys.size());
        getMetricGroup().gauge("heldCandles", () -> held.size());

        Model initial = spec.resolver().load(spec.model());
        FeatureSet featureSet = spec.featureSets().create(initial.featureSetId());
        SignalEngine.Builder builder = SignalEngine.builder().featureSet(featureSet).model(initial)
                .maxBatchSize(spec.maxBatchSize());
        spec.engine().customize(builder);
        engine = builder.featureSet(featureSet).model(initial).build();
        engine.checkSnapshotSupport();
        timeline = new TreeMap<>();
        active = new Version(spec.model(), Instant.MIN, initial);
        timeline.put(Instant.MIN, active);
        latestProcessed = Instant.MIN;
        for (ModelUpdate u : restoredUpdates) {
            addUpdate(u, false);
        }
        if (restored) {
            restoreStreams();
        }
    }

    /** Reads every key of this instance's key groups back into the engine, and the held candles. */
    private void restoreStreams() throws Exception {
        List<String> stored;
        try (var all = getKeyedStateBackend().<VoidNamespace>getKeys(STREAM_STATE, VoidNamespace.INSTANCE)) {
            stored = all.map(k -> (String) k).toList();
        }
        for (String key : stored) {
            setCurrentKey(key);
            StreamState state = streamState.value();
            if (state != null) {
                engine.restore(keyOf(key), state.snapshot());
            }
        }
        if (withUpdates) {
            List<String> holding;
            try (var all = getKeyedStateBackend().<VoidNamespace>getKeys(HELD_STATE, VoidNamespace.INSTANCE)) {
                holding = all.map(k -> (String) k).toList();
            }
            for (String key : holding) {
                setCurrentKey(key);
                StreamKey stream = keyOf(key);
                for (Candle c : heldState.get()) {
                    held.add(new StreamCandle(stream, c));
                    heldPerKey.merge(key, 1, Integer::sum);
                }
            }
        }
    }

    private StreamKey keyOf(String key) {
        StreamKey known = keys.get(key);
        if (known != null) {
            return known;
        }
        StreamKey parsed = StreamKeys.parse(key);
        keys.put(key, parsed);
        return parsed;
    }

    @Override
    public void finish() throws Exception {
        releaseHeld(true);
        flush();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        try {
            if (engine != null) {
                engine.close();
            }
            if (timeline != null) {
                for (Version v : timeline.values()) {
                    if (v.model != null) {
                        v.model.close();
                        v.model = null;
                    }
                }
            }
        } finally {
            super.close();
        }
    }

    // ------------------------------------------------------------------------------------------------- candles

    @Override
    public void processElement(StreamRecord<StreamCandle> element) throws Exception {
        processElement1(element);
    }

    @Override
    public void processElement1(StreamRecord<StreamCandle> element) throws Exception {
        StreamCandle candle = element.getValue();
        String key = (String) getCurrentKey();
        keys.putIfAbsent(key, candle.stream());
        candlesIn.inc();
        if (withUpdates && (heldPerKey.containsKey(key)
                || (!updatesIdle && candle.candle().openTime().toEpochMilli() > updatesWatermark))) {
            held.add(candle);
            heldPerKey.merge(key, 1, Integer::sum);
            heldDirty.add(key);
            return;
        }
        enqueue(candle);
    }

    private void enqueue(StreamCandle candle) throws Exception {
        batch.add(candle);
        long wait = spec.maxBatchWait().toMillis();
        if (batch.size() >= spec.maxBatchSize() || wait == 0) {
            flush();
        } else if (!timerSet) {
            timerSet = true;
            getProcessingTimeService().registerTimer(getProcessingTimeService().getCurrentProcessingTime() + wait, this);
        }
    }

    /** The bounded wait of a partial batch has passed. */
    @Override
    public void onProcessingTime(long time) throws Exception {
        timerSet = false;
        flush();
    }

    /**
     * Predicts the batch: candles grouped by the model their open time falls under, each group in one
     * {@code onCandles} call after the engine was switched to that model. A key's candles are in time order, so its
     * groups come in timeline order and the key's candles are processed in order.
     */
    private void flush() throws Exception {
        if (batch.isEmpty()) {
            return;
        }
        List<StreamCandle> work = new ArrayList<>(batch);
        batch.clear();
        TreeMap<Instant, List<StreamCandle>> groups = new TreeMap<>();
        for (StreamCandle c : work) {
            Instant version = timeline.floorKey(c.candle().openTime());
            groups.computeIfAbsent(version, v -> new ArrayList<>()).add(c);
        }
        for (Map.Entry<Instant, List<StreamCandle>> group : groups.entrySet()) {
            activate(timeline.get(group.getKey()));
            List<StreamCandle> candles = group.getValue();
            List<Evaluation> results = engine.onCandles(candles);
            for (int i = 0; i < results.size(); i++) {
                Evaluation e = results.get(i);
                dirty.add(candles.get(i).stream().toString());
                Instant open = e.candle().openTime();
                if (open.isAfter(latestProcessed)) {
                    latestProcessed = open;
                }
                if (e.status() == Evaluation.Status.SIGNAL) {
                    signalsOut.inc();
                }
                if (spec.emits(e.status())) {
                    output.collect(reuse.replace(e, open.toEpochMilli()));
                }
            }
        }
    }

    /** Makes {@code version}'s model the engine's, loading it again if it was closed. */
    private void activate(Version version) throws ModelLoadException {
        if (version == active) {
            return;
        }
        if (version.model == null) {
            version.model = spec.resolver().load(version.reference);
        }
        engine.swapModel(version.model);
        Version previous = active;
        active = version;
        // keep the newest model loaded (most keys need it next); an older one is loaded again if a late key needs it
        if (previous != timeline.lastEntry().getValue() && previous.model != null) {
            previous.model.close();
            previous.model = null;
        }
    }

    // --------------------------------------------------------------------------------------------- model updates

    @Override
    public void processElement2(StreamRecord<ModelUpdate> element) throws Exception {
        addUpdate(element.getValue(), true);
    }

    private void addUpdate(ModelUpdate update, boolean live) throws Exception {
        Version existing = timeline.get(update.effectiveFrom());
        if (existing != null) {
            if (!existing.reference.equals(update.model())) {
                LOG.error("candlesignal: two model updates take effect at {}: {} (kept) and {} (ignored)",
                        update.effectiveFrom(), existing.reference, update.model());
            }
            return;
        }
        Model model = spec.resolver().load(update.model());
        try {
            checkSwappable(model);
        } catch (ModelMismatchException e) {
            model.close();
            LOG.error("candlesignal: model update {} refused on every instance, the current model stays: {}", update,
                    e.getMessage());
            return;
        }
        if (live && !update.effectiveFrom().isAfter(latestProcessed)) {
            lateModelUpdates.inc();
            LOG.warn("candlesignal: model update {} arrived after candles up to {} were scored; it applies from each "
                    + "stream's next candle on this instance (send updates with watermarks, before their time)",
                    update, latestProcessed);
        }
        timeline.put(update.effectiveFrom(), new Version(update.model(), update.effectiveFrom(), model));
        LOG.info("candlesignal: model {} takes effect at {}", update.model(), update.effectiveFrom());
    }

    /**
     * Applies {@code SignalEngine.swapModel}'s rules (same feature set and window shape) to {@code next} by swapping
     * it in and back, so that the rules live in the engine alone; both swaps are immediate (nothing predicts on this
     * thread meanwhile) and scaling is a pure function, so the detour changes no result.
     */
    private void checkSwappable(Model next) {
        Model current = engine.swapModel(next);
        engine.swapModel(current);
    }

    @Override
    public void processWatermark2(Watermark mark) throws Exception {
        updatesWatermark = Math.max(updatesWatermark, mark.getTimestamp());
        releaseHeld(false);
        super.processWatermark2(mark);
    }

    @Override
    protected void processWatermarkStatus(WatermarkStatus status, int index) throws Exception {
        if (withUpdates && index == 1) {
            updatesIdle = status.isIdle();
            if (updatesIdle) {
                releaseHeld(true);
            }
        }
        super.processWatermarkStatus(status, index);
    }

    /** Moves the held candles the update watermark has passed (all, if {@code all}) to the batch, in order per key. */
    private void releaseHeld(boolean all) throws Exception {
        if (held.isEmpty()) {
            return;
        }
        Set<String> blocked = new java.util.HashSet<>();
        Iterator<StreamCandle> it = held.iterator();
        List<StreamCandle> released = new ArrayList<>();
        while (it.hasNext()) {
            StreamCandle c = it.next();
            String key = c.stream().toString();
            if (!all && (blocked.contains(key) || c.candle().openTime().toEpochMilli() > updatesWatermark)) {
                blocked.add(key);
                continue;
            }
            it.remove();
            heldDirty.add(key);
            if (heldPerKey.merge(key, -1, Integer::sum) == 0) {
                heldPerKey.remove(key);
            }
            released.add(c);
        }
        for (StreamCandle c : released) {
            enqueue(c);
        }
    }

    @Override
    public void endInput() throws Exception {
        flush();
    }

    @Override
    public void endInput(int inputId) throws Exception {
        if (inputId == 2) {
            updatesWatermark = Long.MAX_VALUE; // no update can come any more
            releaseHeld(true);
        }
        flush();
    }

    // ------------------------------------------------------------------------------------------ time and state

    /** Results go out before the watermark that follows them, so downstream event time sees them in time. */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    /** Writes the streams changed since the last checkpoint, the held candles and the timeline to Flink state. */
    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        for (String key : dirty) {
            setCurrentKey(key);
            Optional<byte[]> snapshot = engine.snapshot(keyOf(key));
            if (snapshot.isPresent()) {
                streamState.update(new StreamState(snapshot.get()));
            } else {
                streamState.clear();
            }
        }
        dirty.clear();
        if (withUpdates) {
            for (String key : heldDirty) {
                setCurrentKey(key);
                List<Candle> candles = new ArrayList<>();
                for (StreamCandle c : held) {
                    if (c.stream().toString().equals(key)) {
                        candles.add(c.candle());
                    }
                }
                heldState.update(candles);
            }
            heldDirty.clear();
            List<ModelUpdate> updates = new ArrayList<>();
            for (Version v : timeline.values()) {
                if (v.effectiveFrom != Instant.MIN) {
                    updates.add(new ModelUpdate(v.reference, v.effectiveFrom));
                }
            }
            updatesState.update(updates);
        }
    }
}
