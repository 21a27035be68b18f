package dev.candlesignal.journal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The last {@link #capacity()} scored predictions of one stream and model version, oldest first: what "the last N"
 * probability statistics are computed from. Stored as bytes (9 per prediction: the probability as an IEEE double,
 * then a flag byte) so that a journal keeps one small value per stream and model instead of a row per prediction.
 *
 * <p>Immutable: {@link #with} returns a new instance.
 */
public final class RecentPredictions {
    private static final int ITEM = 9;
    private static final int UP = 1;
    private static final int PREVIOUS_UP = 2;

    private final int capacity;
    private final byte[] items;

    private RecentPredictions(int capacity, byte[] items) {
        this.capacity = capacity;
        this.items = items;
    }

    /** None yet, keeping at most {@code capacity}. */
    public static RecentPredictions empty(int capacity) {
        checkCapacity(capacity);
        return new RecentPredictions(capacity, new byte[0]);
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
        RecentPredictions r = new RecentPredictions(capacity, bytes.clone());
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

    /** This window with one more scored prediction; the oldest falls out when full. */
    public RecentPredictions with(double probability, boolean up, boolean previousUp) {
        int size = size();
        byte[] next;
        if (size < capacity) {
            next = Arrays.copyOf(items, items.length + ITEM);
        } else {
            next = new byte[items.length];
            System.arraycopy(items, ITEM, next, 0, items.length - ITEM);
        }
        ByteBuffer.wrap(next, next.length - ITEM, ITEM).putDouble(probability)
                .put((byte) ((up ? UP : 0) | (previousUp ? PREVIOUS_UP : 0)));
        return new RecentPredictions(capacity, next);
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return items.length / ITEM;
    }

    /** Probability of the {@code i}-th prediction, oldest first. */
    public double probability(int i) {
        return ByteBuffer.wrap(items, i * ITEM, 8).getDouble();
    }

    /** Whether the candle after the {@code i}-th prediction closed higher. */
    public boolean up(int i) {
        return (items[i * ITEM + 8] & UP) != 0;
    }

    /** Whether the candle the {@code i}-th prediction was made on closed higher than the one before it. */
    public boolean previousUp(int i) {
        return (items[i * ITEM + 8] & PREVIOUS_UP) != 0;
    }

    /** The encoded form (a copy). */
    public byte[] toBytes() {
        return items.clone();
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
        return o instanceof RecentPredictions r && capacity == r.capacity && Arrays.equals(items, r.items);
    }

    @Override
    public int hashCode() {
        return 31 * capacity + Arrays.hashCode(items);
    }

    @Override
    public String toString() {
        return "RecentPredictions[" + size() + "/" + capacity + "]";
    }
}
