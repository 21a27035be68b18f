package dev.candlesignal.indicators.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The last {@code capacity} values of a series in a primitive ring, for {@code shift(k)} with
 * {@code k < capacity}: {@link #get(int) get(k)} is the value {@code k} steps back, NaN before the series has
 * that many values.
 *
 * <p>Not thread-safe.
 */
public final class LagRing {
    private final double[] ring;
    private int newest = -1;
    private long count;

    public LagRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1 but was " + capacity);
        }
        this.ring = new double[capacity];
    }

    /** Appends a value. */
    public void push(double value) {
        newest = newest + 1 == ring.length ? 0 : newest + 1;
        ring[newest] = value;
        count++;
    }

    /** The value {@code k} steps back (0 is the newest), NaN if there is none yet. */
    public double get(int k) {
        if (k < 0 || k >= ring.length) {
            throw new IndexOutOfBoundsException("lag " + k + " outside [0, " + ring.length + ")");
        }
        if (k >= count) {
            return Double.NaN;
        }
        int slot = newest - k;
        return ring[slot < 0 ? slot + ring.length : slot];
    }

    /** Writes the state for {@link #readState}. */
    public void writeState(DataOutput out) throws IOException {
        StateIo.writeRing(out, ring);
        out.writeInt(newest);
        out.writeLong(count);
    }

    /** Restores a state written by {@link #writeState} of a ring of the same capacity. */
    public void readState(DataInput in) throws IOException {
        StateIo.readRing(in, ring, "lag ring");
        newest = StateIo.readIndex(in, -1, ring.length, "lag ring");
        count = StateIo.readCount(in, "lag ring");
    }
}
