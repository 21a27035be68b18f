package dev.candlesignal.journal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The last {@link #capacity()} scored predictions of one stream and model version, oldest first: what "the last N"
 * probability statistics are computed from. Encoded as bytes (9 per prediction: the probability as a big-endian
 * IEEE double, then a flag byte) so that a journal keeps one small value per stream and model instead of a row per
 * prediction.
 *
 * <p>Immutable: {@link #with} returns a new instance. It is called once per scored candle on the engine's thread,
 * so it must not copy the whole window each time: instances share an append-only byte log and each sees its own
 * range of it. {@code with} writes past the end of that range only when nobody has written there yet (otherwise it
 * copies), so the bytes an instance covers never change once it exists. When the log is full the last
 * {@code capacity} items move to a new log: about one copy per {@code 3 x capacity} predictions.
 *
 * <p>Thread-safe: instances may be read on any thread (the journal's writer) while the engine's thread derives
 * new ones.
 */
public final class RecentPredictions {
    private static final int ITEM = 9;
    private static final int UP = 1;
    private static final int PREVIOUS_UP = 2;
    /** Log length in items, as a multiple of the capacity: room for 3 x capacity appends before a copy. */
    private static final int LOG_CAPACITIES = 4;
    private static final VarHandle DOUBLE =
            MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);

    /** Append-only storage shared by the instances derived from one another. */
    private static final class Log {
        final byte[] bytes;
        /** Bytes written so far: only the instance whose range ends here may append in place. */
        final AtomicInteger fill;

        Log(byte[] bytes, int fill) {
            this.bytes = bytes;
            this.fill = new AtomicInteger(fill);
        }
    }

    private final int capacity;
    private final Log log;
    private final int start;
    private final int end;

    private RecentPredictions(int capacity, Log log, int start, int end) {
        this.capacity = capacity;
        this.log = log;
        this.start = start;
        this.end = end;
    }

    /** None yet, keeping at most {@code capacity}. */
    public static RecentPredictions empty(int capacity) {
        checkCapacity(capacity);
        return new RecentPredictions(capacity, new Log(new byte[logLength(capacity)], 0), 0, 0);
    }

    /**
     * Decodes {@link #toBytes()}.
     *
     * @throws IllegalArgumentException if the bytes are not whole items or hold more than {@code capacity}
     */
    public static RecentPredictions fromBytes(int capacity, byte[] bytes) {
        checkCapacity(capacity);
        if (bytes.length % ITEM != 0 || bytes.length / ITEM > capacity) {
            throw new IllegalArgumentException("recent predictions: " + bytes.length + " bytes are not at most "
                    + capacity + " items of " + ITEM + " bytes");
        }
        byte[] storage = Arrays.copyOf(bytes, logLength(capacity));
        RecentPredictions r = new RecentPredictions(capacity, new Log(storage, bytes.length), 0, bytes.length);
        for (int i = 0; i < r.size(); i++) {
            double p = r.probability(i);
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("recent predictions: item " + i + " has probability " + p);
            }
        }
        return r;
    }

    private static void checkCapacity(int capacity) {
        if (capacity < 1 || capacity > 100_000) {
            throw new IllegalArgumentException("capacity must be in [1, 100000] but was " + capacity);
        }
    }

    private static int logLength(int capacity) {
        return capacity * ITEM * LOG_CAPACITIES;
    }

    /** This window with one more scored prediction; the oldest falls out when full. */
    public RecentPredictions with(double probability, boolean up, boolean previousUp) {
        byte flags = (byte) ((up ? UP : 0) | (previousUp ? PREVIOUS_UP : 0));
        int nextStart = size() < capacity ? start : start + ITEM;
        if (end + ITEM <= log.bytes.length && log.fill.compareAndSet(end, end + ITEM)) {
            write(log.bytes, end, probability, flags);
            return new RecentPredictions(capacity, log, nextStart, end + ITEM);
        }
        // the log is full, or another instance already appended after this one: start a new log
        int kept = end - nextStart;
        byte[] storage = new byte[logLength(capacity)];
        System.arraycopy(log.bytes, nextStart, storage, 0, kept);
        write(storage, kept, probability, flags);
        return new RecentPredictions(capacity, new Log(storage, kept + ITEM), 0, kept + ITEM);
    }

    private static void write(byte[] bytes, int offset, double probability, byte flags) {
        DOUBLE.set(bytes, offset, probability);
        bytes[offset + 8] = flags;
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return (end - start) / ITEM;
    }

    /** Probability of the {@code i}-th prediction, oldest first. */
    public double probability(int i) {
        return (double) DOUBLE.get(log.bytes, offset(i));
    }

    /** Whether the candle after the {@code i}-th prediction closed higher. */
    public boolean up(int i) {
        return (log.bytes[offset(i) + 8] & UP) != 0;
    }

    /** Whether the candle the {@code i}-th prediction was made on closed higher than the one before it. */
    public boolean previousUp(int i) {
        return (log.bytes[offset(i) + 8] & PREVIOUS_UP) != 0;
    }

    private int offset(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("prediction " + i + " of " + size());
        }
        return start + i * ITEM;
    }

    /** The encoded form (a copy). */
    public byte[] toBytes() {
        return Arrays.copyOfRange(log.bytes, start, end);
    }

    /** The statistics of the last {@code n} (or all, when fewer). */
    public ProbabilityStats stats(int n) {
        ProbabilityStats.Accumulator a = new ProbabilityStats.Accumulator();
        for (int i = Math.max(0, size() - n); i < size(); i++) {
            a.add(probability(i), up(i), previousUp(i));
        }
        return a.stats();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecentPredictions r && capacity == r.capacity
                && Arrays.equals(log.bytes, start, end, r.log.bytes, r.start, r.end);
    }

    @Override
    public int hashCode() {
        int h = 31 * capacity;
        for (int i = start; i < end; i++) {
            h = 31 * h + log.bytes[i];
        }
        return h;
    }

    @Override
    public String toString() {
        return "RecentPredictions[" + size() + "/" + capacity + "]";
    }
}
