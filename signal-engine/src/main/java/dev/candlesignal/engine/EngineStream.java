package dev.candlesignal.engine;

import dev.candlesignal.Action;
import dev.candlesignal.Candle;
import dev.candlesignal.CandleSequenceException;
import dev.candlesignal.Gap;
import dev.candlesignal.StateSnapshotException;
import dev.candlesignal.StreamKey;
import dev.candlesignal.feature.FeatureCalculator;
import dev.candlesignal.io.CandleCodec;
import dev.candlesignal.model.Scaler;
import dev.candlesignal.policy.CandleHistory;
import dev.candlesignal.policy.FeatureWindow;
import dev.candlesignal.policy.MarketContext;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-stream state of a {@link SignalEngine}: the feature calculator, a ring of the last {@code sequenceLength}
 * raw feature rows, the same rows scaled for the model, a bounded candle history, the cooldown state and the domain
 * guard's counter.
 *
 * <p>The scaled rows live in a mirrored ring of {@code 2 * sequenceLength} rows: row {@code s} is written at
 * positions {@code s} and {@code s + sequenceLength}, so the latest window is always one contiguous slice
 * starting at {@code (newest + 1) * featureCount} and is handed to the model without copying.
 *
 * <p>Not thread-safe: every access holds {@link #lock}.
 */
final class EngineStream {
    final StreamKey key;
    final int id;
    final ReentrantLock lock = new ReentrantLock();

    private final FeatureCalculator calculator;
    private final List<String> columns;
    private final int features;
    private final int sequenceLength;
    private final double[] raw;
    final float[] scaled;
    private final double[] row;
    private final Candle[] history;
    private int historySize;
    private int historyNewest = -1;

    /** Ring slot of the newest row, -1 before the first candle. */
    private int newest = -1;
    long count;
    /** Consecutive newest rows that are fully finite, capped at the sequence length. */
    private int validRun;
    long gaps;
    Candle last;
    /** Whether the last accepted candle's prediction or policy failed; a redelivery retries it. */
    boolean lastFailed;
    /** Model generation whose scaler produced {@link #scaled}; -1 when nothing is scaled yet. */
    private long scaledGeneration = -1;
    /** Rows stored (at most the sequence length). */
    private int storedRows;
    /** Newest rows not scaled yet (at most the sequence length). */
    private int pendingScale;
    /** Open times of the last emitted BUY and SELL; null before the first. */
    private Instant lastBuyOpen;
    private Instant lastSellOpen;
    /** Predictions whose window the domain guard found out of the training domain. */
    long outOfDomain;
    /** Whether the last predicted window was out of domain (logged on changes). */
    boolean inDrift;
    /** First non-finite column of the newest row, -1 if the row is finite. */
    int undefinedColumn = -1;
    /** Whether the model of the last prepared prediction was not trained on this stream's symbol. */
    boolean foreignSymbol;
    /** Predictions served although the model was not trained on this stream's symbol. */
    long foreignSymbolPredictions;

    final Context context = new Context();
    /** Scratch item of the single-candle path; used under {@link #lock}. */
    final WorkItem scratch = new WorkItem();
    private float[] imputed;

    EngineStream(StreamKey key, int id, FeatureCalculator calculator, List<String> columns, int sequenceLength,
            int historyCapacity) {
        this.key = key;
        this.id = id;
        this.calculator = calculator;
        this.columns = columns;
        this.features = columns.size();
        this.sequenceLength = sequenceLength;
        this.raw = new double[sequenceLength * features];
        this.scaled = new float[2 * sequenceLength * features];
        this.row = new double[features];
        this.history = new Candle[historyCapacity];
    }

    /** How a candle relates to what the stream has seen. */
    enum Admission { NEW, DUPLICATE, RETRY }

    /**
     * Classifies a candle without changing state.
     *
     * @throws CandleSequenceException for an older candle or a conflicting revision of the last one
     */
    Admission admit(Candle candle) {
        if (last == null) {
            return Admission.NEW;
        }
        int cmp = candle.openTime().compareTo(last.openTime());
        if (cmp > 0) {
            return Admission.NEW;
        }
        if (cmp == 0) {
            if (candle.sameKline(last)) {
                return lastFailed ? Admission.RETRY : Admission.DUPLICATE;
            }
            throw new CandleSequenceException(CandleSequenceException.Kind.CONFLICTING_REVISION, key, last.openTime(),
                    candle.openTime(), key + ": candle opened at " + candle.openTime()
                            + " was already processed with different values (processed " + last + ", now " + candle
                            + "); a closed candle cannot be revised");
        }
        throw new CandleSequenceException(CandleSequenceException.Kind.OUT_OF_ORDER, key, last.openTime(),
                candle.openTime(), key + ": candle opened at " + candle.openTime()
                        + " is older than the last processed candle, opened at " + last.openTime());
    }

    /** The gap this candle leaves after the last one, if any ({@link Gap#between}: the one gap rule). */
    Optional<Gap> gapBefore(Candle candle) {
        return last == null ? Optional.empty() : Gap.between(key, last.openTime(), candle.openTime());
    }

    /**
     * Computes the candle's features and commits them with the candle. The calculator throws before changing its
     * state if it cannot use the candle, in which case nothing here changes either.
     */
    void accept(Candle candle) {
        calculator.update(candle, row, 0);
        newest = (newest + 1) % sequenceLength;
        System.arraycopy(row, 0, raw, newest * features, features);
        undefinedColumn = -1;
        for (int c = 0; c < features; c++) {
            if (!Double.isFinite(row[c])) {
                undefinedColumn = c;
                break;
            }
        }
        validRun = undefinedColumn >= 0 ? 0 : Math.min(validRun + 1, sequenceLength);
        historyNewest = (historyNewest + 1) % history.length;
        history[historyNewest] = candle;
        historySize = Math.min(historySize + 1, history.length);
        count++;
        last = candle;
        lastFailed = false;
        storedRows = Math.min(storedRows + 1, sequenceLength);
        pendingScale = Math.min(pendingScale + 1, sequenceLength);
    }

    /** Candles still needed before the window can be predicted. */
    int candlesUntilReady(Imputation imputation, int warmupBars, int historyBars) {
        long needHistory = Math.max(0, historyBars - count);
        long needWindow;
        if (imputation == Imputation.FORWARD_FILL_THEN_ZERO) {
            needWindow = Math.max(0, sequenceLength - count);
        } else if (count < warmupBars) {
            needWindow = (warmupBars - count) + sequenceLength - 1;
        } else {
            needWindow = sequenceLength - validRun;
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(needHistory, needWindow));
    }

    /** Whether the newest window is complete but holds undefined values (only without imputation). */
    boolean windowUndefined(int warmupBars) {
        return count >= warmupBars + sequenceLength - 1 && validRun < sequenceLength;
    }

    /** Name of the first undefined column in the window, for messages. */
    String undefinedDescription() {
        for (int r = 0; r < sequenceLength; r++) {
            int slot = (newest + 1 + r) % sequenceLength;
            for (int c = 0; c < features; c++) {
                double v = raw[slot * features + c];
                if (!Double.isFinite(v)) {
                    return "feature '" + columns.get(c) + "' is " + v + " in window row " + r + " of " + sequenceLength
                            + " (candle " + (sequenceLength - 1 - r) + " back)";
                }
            }
        }
        return "window holds undefined values";
    }

    /**
     * Makes {@link #scaled} consistent with {@code scaler}: rescales every stored row after a model swap (so new
     * weights never meet the old scaler), else only the rows added since the last call. Allocation-free.
     */
    void scale(Scaler scaler, long generation) {
        int rows = generation != scaledGeneration ? storedRows : pendingScale;
        for (int r = 0; r < rows; r++) {
            scaleSlot(scaler, (newest - r + sequenceLength) % sequenceLength);
        }
        scaledGeneration = generation;
        pendingScale = 0;
    }

    private void scaleSlot(Scaler scaler, int slot) {
        int base = slot * features;
        scaler.scale(raw, base, scaled, base);
        System.arraycopy(scaled, base, scaled, base + sequenceLength * features, features);
    }

    /** Offset of the newest window in {@link #scaled}. */
    int windowOffset() {
        return (newest + 1) * features;
    }

    /**
     * The newest window with the reference bot's imputation (forward-fill raw values, then 0, scale, non-finite
     * to 0), in a buffer owned by this stream.
     */
    float[] imputedWindow(Scaler scaler) {
        if (imputed == null) {
            imputed = new float[sequenceLength * features];
        }
        int rows = (int) Math.min(count, sequenceLength);
        int firstRow = sequenceLength - rows;
        for (int c = 0; c < features; c++) {
            double carry = Double.NaN;
            for (int r = 0; r < sequenceLength; r++) {
                float value;
                if (r < firstRow) {
                    value = 0f;
                } else {
                    int slot = (newest + 1 + r) % sequenceLength;
                    double v = raw[slot * features + c];
                    if (Double.isNaN(v)) {
                        v = carry;
                    } else {
                        carry = v;
                    }
                    if (Double.isNaN(v)) {
                        v = 0;
                    }
                    double z = scaler.scale(c, v);
                    value = Double.isFinite(z) ? (float) z : 0f;
                    if (!Float.isFinite(value)) {
                        value = 0f;
                    }
                }
                imputed[r * features + c] = value;
            }
        }
        return imputed;
    }

    /**
     * Applies the same-direction cooldown and records an emitted signal.
     *
     * @return true if the signal may be emitted
     */
    boolean passCooldown(Action action, Instant open, Cooldown cooldown) {
        if (action == Action.HOLD) {
            return true;
        }
        Instant lastSame = action == Action.BUY ? lastBuyOpen : lastSellOpen;
        if (lastSame != null && cooldown.suppresses(key.interval(), lastSame, open)) {
            return false;
        }
        if (action == Action.BUY) {
            lastBuyOpen = open;
        } else {
            lastSellOpen = open;
        }
        return true;
    }

    /** Open time of the last emitted signal in this direction, or null. */
    Instant lastEmitted(Action action) {
        return action == Action.BUY ? lastBuyOpen : lastSellOpen;
    }

    // ------------------------------------------------------------------------------------ snapshot and restore
    // The layout is documented in StreamSnapshots, which writes the header around it. The scaled ring is not
    // written: restore marks it stale, and the next prediction rescales every stored row with the current model's
    // scaler, which gives the very floats the stream held (scaling is a pure function of the raw row).

    private static final int LAST_FAILED = 1;
    private static final int IN_DRIFT = 2;
    private static final int FOREIGN_SYMBOL = 4;

    /** Writes this stream's state (see StreamSnapshots for the layout). */
    void writeState(DataOutput out) throws IOException {
        out.writeLong(count);
        out.writeLong(gaps);
        out.writeInt(newest);
        out.writeInt(validRun);
        out.writeInt(storedRows);
        out.writeInt(undefinedColumn);
        out.writeByte((lastFailed ? LAST_FAILED : 0) | (inDrift ? IN_DRIFT : 0) | (foreignSymbol ? FOREIGN_SYMBOL : 0));
        out.writeLong(outOfDomain);
        out.writeLong(foreignSymbolPredictions);
        writeOptionalInstant(lastBuyOpen, out);
        writeOptionalInstant(lastSellOpen, out);
        out.writeInt(historySize);
        for (int k = historySize - 1; k >= 0; k--) {
            CandleCodec.write(context.ago(k), out); // oldest first
        }
        for (int i = 0; i < storedRows * features; i++) {
            out.writeLong(Double.doubleToRawLongBits(raw[i]));
        }
        calculator.writeState(out);
    }

    /**
     * Replaces the state of this fresh stream with one written by {@link #writeState} for the same feature set and
     * sequence length (the caller checked both). A history longer than this stream keeps keeps its newest candles.
     */
    void readState(DataInput in) throws IOException {
        long restoredCount = in.readLong();
        long restoredGaps = in.readLong();
        int restoredNewest = in.readInt();
        int restoredValidRun = in.readInt();
        int restoredRows = in.readInt();
        int restoredUndefined = in.readInt();
        int flags = in.readByte();
        long restoredOutOfDomain = in.readLong();
        long restoredForeign = in.readLong();
        Instant buy = readOptionalInstant(in);
        Instant sell = readOptionalInstant(in);
        check(restoredCount >= 0 && restoredGaps >= 0 && restoredOutOfDomain >= 0 && restoredForeign >= 0,
                "negative counter");
        check(restoredRows == (int) Math.min(restoredCount, sequenceLength), "stored rows " + restoredRows
                + " do not fit " + restoredCount + " candles and a window of " + sequenceLength);
        check(restoredCount == 0 ? restoredNewest == -1 : restoredNewest >= 0 && restoredNewest < sequenceLength,
                "window position " + restoredNewest);
        check(restoredValidRun >= 0 && restoredValidRun <= restoredRows, "valid run " + restoredValidRun);
        check(restoredUndefined >= -1 && restoredUndefined < features, "undefined column " + restoredUndefined);
        check((flags & ~(LAST_FAILED | IN_DRIFT | FOREIGN_SYMBOL)) == 0, "flags " + flags);
        int candles = in.readInt();
        check(candles >= 0 && candles <= restoredCount && (restoredCount == 0 || candles > 0),
                "history of " + candles + " candles for " + restoredCount + " accepted");
        Candle previous = null;
        for (int i = 0; i < candles; i++) {
            Candle c = CandleCodec.read(in);
            check(previous == null || c.openTime().isAfter(previous.openTime()), "history out of order at " + c.openTime());
            previous = c;
            historyNewest = (historyNewest + 1) % history.length;
            history[historyNewest] = c;
            historySize = Math.min(historySize + 1, history.length);
        }
        for (int i = 0; i < restoredRows * features; i++) {
            raw[i] = Double.longBitsToDouble(in.readLong());
        }
        calculator.readState(in);
        check(calculator.count() == restoredCount, "the feature calculator saw " + calculator.count()
                + " candles, the stream " + restoredCount);
        count = restoredCount;
        gaps = restoredGaps;
        newest = restoredNewest;
        validRun = restoredValidRun;
        storedRows = restoredRows;
        pendingScale = restoredRows;
        scaledGeneration = -1; // rescale every stored row on the next prediction
        undefinedColumn = restoredUndefined;
        lastFailed = (flags & LAST_FAILED) != 0;
        inDrift = (flags & IN_DRIFT) != 0;
        foreignSymbol = (flags & FOREIGN_SYMBOL) != 0;
        outOfDomain = restoredOutOfDomain;
        foreignSymbolPredictions = restoredForeign;
        lastBuyOpen = buy;
        lastSellOpen = sell;
        last = previous;
    }

    private void check(boolean ok, String what) {
        if (!ok) {
            throw new StateSnapshotException(key + ": the snapshot is not consistent (" + what + ")");
        }
    }

    private static void writeOptionalInstant(Instant t, DataOutput out) throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            CandleCodec.writeInstant(t, out);
        }
    }

    private static Instant readOptionalInstant(DataInput in) throws IOException {
        return in.readBoolean() ? CandleCodec.readInstant(in) : null;
    }

    /** The reused {@link MarketContext} of this stream; valid during one policy call. */
    final class Context implements MarketContext, CandleHistory, FeatureWindow {
        Candle candle;
        double probability;

        @Override
        public StreamKey stream() {
            return key;
        }

        @Override
        public Candle candle() {
            return candle;
        }

        @Override
        public double probability() {
            return probability;
        }

        @Override
        public CandleHistory history() {
            return this;
        }

        @Override
        public FeatureWindow features() {
            return this;
        }

        @Override
        public int size() {
            return historySize;
        }

        @Override
        public Candle ago(int k) {
            if (k < 0 || k >= historySize) {
                throw new IndexOutOfBoundsException("history has " + historySize + " candles, asked for " + k + " back");
            }
            return history[(historyNewest - k + history.length) % history.length];
        }

        @Override
        public int rows() {
            return sequenceLength;
        }

        @Override
        public List<String> columns() {
            return columns;
        }

        @Override
        public double ago(int k, int column) {
            if (k < 0 || k >= sequenceLength || column < 0 || column >= features) {
                throw new IndexOutOfBoundsException("window is " + sequenceLength + " rows x " + features
                        + " columns, asked for column " + column + " of the row " + k + " candles ago");
            }
            return raw[((newest - k + sequenceLength) % sequenceLength) * features + column];
        }
    }
}
