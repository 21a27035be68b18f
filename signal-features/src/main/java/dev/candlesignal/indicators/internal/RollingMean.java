package dev.candlesignal.indicators.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Streaming {@code Series.rolling(window, min_periods).mean()}, a faithful port of pandas'
 * {@code pandas/_libs/window/aggregations.pyx} {@code roll_mean} (pandas 1.4 to 3.x, checked against the 1.5.3
 * source): Kahan-compensated running sum with separate compensations for adds and removes, the count of
 * negative-signed values for the sign clamp, and the run of consecutive equal values that returns that value
 * exactly (GH#42064). Infinite inputs count as missing, as pandas' {@code _prep_values} turns them into NaN.
 *
 * <p>Each update costs O(1) and allocates nothing; the state is the window's values in a primitive ring.
 *
 * <p>Not thread-safe.
 */
public final class RollingMean {
    private final int window;
    private final int minPeriods;
    private final double[] ring;
    private int next;
    private long count;

    private long nobs;
    private long negatives;
    private double sum;
    private double compensationAdd;
    private double compensationRemove;
    private long sameRun;
    private double previous = Double.NaN;

    /** {@code rolling(window).mean()}: NaN until the window holds {@code window} non-missing values. */
    public RollingMean(int window) {
        this(window, window);
    }

    /** {@code rolling(window, min_periods=minPeriods).mean()}. */
    public RollingMean(int window, int minPeriods) {
        if (window < 1 || minPeriods < 0 || minPeriods > window) {
            throw new IllegalArgumentException("window " + window + ", min_periods " + minPeriods);
        }
        this.window = window;
        this.minPeriods = minPeriods;
        this.ring = new double[window];
    }

    /** Adds the next value and returns the mean of the window ending with it. */
    public double update(double value) {
        double val = Double.isInfinite(value) ? Double.NaN : value;
        if (window == 1) {
            // pandas re-initialises the state when a window does not overlap the previous one
            reset();
        } else if (count >= window) {
            remove(ring[next]);
        }
        ring[next] = val;
        next = next + 1 == window ? 0 : next + 1;
        count++;
        add(val);
        return result();
    }

    private void reset() {
        nobs = 0;
        negatives = 0;
        sum = 0;
        compensationAdd = 0;
        compensationRemove = 0;
        sameRun = 0;
        previous = Double.NaN;
    }

    private void add(double val) {
        if (val == val) {
            nobs++;
            double y = val - compensationAdd;
            double t = sum + y;
            compensationAdd = t - sum - y;
            sum = t;
            if (Signs.signbit(val)) {
                negatives++;
            }
            if (val == previous) {
                sameRun++;
            } else {
                sameRun = 1;
            }
            previous = val;
        }
    }

    private void remove(double val) {
        if (val == val) {
            nobs--;
            double y = -val - compensationRemove;
            double t = sum + y;
            compensationRemove = t - sum - y;
            sum = t;
            if (Signs.signbit(val)) {
                negatives--;
            }
        }
    }

    private double result() {
        if (nobs >= minPeriods && nobs > 0) {
            double result = sum / (double) nobs;
            if (sameRun >= nobs) {
                result = previous;
            } else if (negatives == 0 && result < 0) {
                result = 0;
            } else if (negatives == nobs && result > 0) {
                result = 0;
            }
            return result;
        }
        return Double.NaN;
    }

    /** Writes the state for {@link #readState}: the window's values and pandas' running sums, bit for bit. */
    public void writeState(DataOutput out) throws IOException {
        StateIo.writeRing(out, ring);
        out.writeInt(next);
        out.writeLong(count);
        out.writeLong(nobs);
        out.writeLong(negatives);
        StateIo.writeDouble(out, sum);
        StateIo.writeDouble(out, compensationAdd);
        StateIo.writeDouble(out, compensationRemove);
        out.writeLong(sameRun);
        StateIo.writeDouble(out, previous);
    }

    /** Restores a state written by {@link #writeState} of a mean over the same window. */
    public void readState(DataInput in) throws IOException {
        StateIo.readRing(in, ring, "rolling mean");
        next = StateIo.readIndex(in, 0, window, "rolling mean");
        count = StateIo.readCount(in, "rolling mean");
        nobs = StateIo.readCount(in, "rolling mean");
        negatives = StateIo.readCount(in, "rolling mean");
        sum = StateIo.readDouble(in);
        compensationAdd = StateIo.readDouble(in);
        compensationRemove = StateIo.readDouble(in);
        sameRun = StateIo.readCount(in, "rolling mean");
        previous = StateIo.readDouble(in);
    }
}
