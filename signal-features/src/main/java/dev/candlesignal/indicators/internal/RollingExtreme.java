package dev.candlesignal.indicators.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Streaming {@code Series.rolling(window).min()} or {@code .max()} with pandas' semantics: NaN unless the
 * window holds {@code window} non-missing values (infinities count as missing), otherwise the extreme value
 * itself, the newest of equal values as pandas' deque keeps it.
 *
 * <p>O(window) per update by a scan of a primitive ring (windows here are 14 candles), no allocation.
 *
 * <p>Not thread-safe.
 */
public final class RollingExtreme {
    private final boolean max;
    private final double[] ring;
    private int next;
    private long count;
    private int missing;

    private RollingExtreme(int window, boolean max) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1 but was " + window);
        }
        this.ring = new double[window];
        this.max = max;
    }

    /** {@code rolling(window).min()}. */
    public static RollingExtreme min(int window) {
        return new RollingExtreme(window, false);
    }

    /** {@code rolling(window).max()}. */
    public static RollingExtreme max(int window) {
        return new RollingExtreme(window, true);
    }

    /** Adds the next value and returns the extreme of the window ending with it. */
    public double update(double value) {
        double val = Double.isInfinite(value) ? Double.NaN : value;
        int window = ring.length;
        if (count >= window && ring[next] != ring[next]) {
            missing--;
        }
        ring[next] = val;
        next = next + 1 == window ? 0 : next + 1;
        count++;
        if (val != val) {
            missing++;
        }
        if (count < window || missing > 0) {
            return Double.NaN;
        }
        // oldest to newest, keeping the newest of equal values (pandas pops equal values from its deque)
        double best = ring[next];
        for (int k = 1; k < window; k++) {
            int slot = next + k;
            double v = ring[slot >= window ? slot - window : slot];
            if (max ? v >= best : v <= best) {
                best = v;
            }
        }
        return best;
    }

    /** Writes the state for {@link #readState}. */
    public void writeState(DataOutput out) throws IOException {
        StateIo.writeRing(out, ring);
        out.writeInt(next);
        out.writeLong(count);
        out.writeInt(missing);
    }

    /** Restores a state written by {@link #writeState} of an extreme over the same window. */
    public void readState(DataInput in) throws IOException {
        StateIo.readRing(in, ring, "rolling extreme");
        next = StateIo.readIndex(in, 0, ring.length, "rolling extreme");
        count = StateIo.readCount(in, "rolling extreme");
        missing = StateIo.readIndex(in, 0, ring.length + 1, "rolling extreme");
    }
}
