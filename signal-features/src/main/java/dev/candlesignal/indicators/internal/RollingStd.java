package dev.candlesignal.indicators.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Streaming {@code Series.rolling(window).std(ddof)}, a faithful port of pandas' {@code roll_var}
 * ({@code pandas/_libs/window/aggregations.pyx}, pandas 1.4 to 3.x, checked against the 1.5.3 source) followed
 * by pandas' {@code zsqrt}: Welford's online mean and sum of squared deviations with Kahan-compensated means
 * (separate compensations for adds and removes), variance 0 for a single observation or a run of equal values
 * covering the window (GH#42064), and a negative variance (rounding) giving a standard deviation of 0. The
 * observation count is a double, as in pandas, so divisions round identically. Infinite inputs count as missing.
 *
 * <p>A two-pass or sum-of-squares implementation differs from pandas by up to ~7e-9 relative on Bollinger
 * position over BTC prices (seed-spec 2.2 item 8); this port is bit-exact with pandas.
 *
 * <p>O(1) per update, no allocation. Not thread-safe.
 */
public final class RollingStd {
    private final int window;
    private final int minPeriods;
    private final int ddof;
    private final double[] ring;
    private int next;
    private long count;

    private double nobs;
    private double mean;
    private double ssqdm;
    private double compensationAdd;
    private double compensationRemove;
    private long sameRun;
    private double previous = Double.NaN;

    /** {@code rolling(window).std()}: sample standard deviation (ddof = 1), min_periods = window. */
    public RollingStd(int window) {
        this(window, window, 1);
    }

    /** {@code rolling(window, min_periods=minPeriods).std(ddof=ddof)}. */
    public RollingStd(int window, int minPeriods, int ddof) {
        if (window < 1 || minPeriods < 0 || minPeriods > window || ddof < 0) {
            throw new IllegalArgumentException("window " + window + ", min_periods " + minPeriods + ", ddof " + ddof);
        }
        this.window = window;
        this.minPeriods = Math.max(minPeriods, 1);
        this.ddof = ddof;
        this.ring = new double[window];
    }

    /** Adds the next value and returns the standard deviation of the window ending with it. */
    public double update(double value) {
        return zsqrt(updateVariance(value));
    }

    /** Adds the next value and returns the variance of the window ending with it. */
    public double updateVariance(double value) {
        double val = Double.isInfinite(value) ? Double.NaN : value;
        if (window == 1) {
            reset();
        } else if (count >= window) {
            remove(ring[next]);
        }
        ring[next] = val;
        next = next + 1 == window ? 0 : next + 1;
        count++;
        add(val);
        return variance();
    }

    /** pandas' {@code zsqrt}: the square root, 0 for a negative variance, NaN stays NaN. */
    public static double zsqrt(double variance) {
        return variance < 0 ? 0 : Math.sqrt(variance);
    }

    private void reset() {
        nobs = 0;
        mean = 0;
        ssqdm = 0;
        compensationAdd = 0;
        compensationRemove = 0;
        sameRun = 0;
        previous = Double.NaN;
    }

    private void add(double val) {
        if (val != val) {
            return;
        }
        nobs = nobs + 1;
        if (val == previous) {
            sameRun++;
        } else {
            sameRun = 1;
        }
        previous = val;
        double prevMean = mean - compensationAdd;
        double y = val - compensationAdd;
        double t = y - mean;
        compensationAdd = t + mean - y;
        double delta = t;
        if (nobs != 0) {
            mean = mean + delta / nobs;
        } else {
            mean = 0;
        }
        ssqdm = ssqdm + (val - prevMean) * (val - mean);
    }

    private void remove(double val) {
        if (val == val) {
            nobs = nobs - 1;
            if (nobs != 0) {
                double prevMean = mean - compensationRemove;
                double y = val - compensationRemove;
                double t = y - mean;
                compensationRemove = t + mean - y;
                double delta = t;
                mean = mean - delta / nobs;
                ssqdm = ssqdm - (val - prevMean) * (val - mean);
            } else {
                mean = 0;
                ssqdm = 0;
            }
        }
    }

    private double variance() {
        if (nobs >= minPeriods && nobs > ddof) {
            if (nobs == 1 || sameRun >= nobs) {
                return 0;
            }
            return ssqdm / (nobs - (double) ddof);
        }
        return Double.NaN;
    }

    /** Writes the state for {@link #readState}: the window's values and Welford's running values, bit for bit. */
    public void writeState(DataOutput out) throws IOException {
        StateIo.writeRing(out, ring);
        out.writeInt(next);
        out.writeLong(count);
        StateIo.writeDouble(out, nobs);
        StateIo.writeDouble(out, mean);
        StateIo.writeDouble(out, ssqdm);
        StateIo.writeDouble(out, compensationAdd);
        StateIo.writeDouble(out, compensationRemove);
        out.writeLong(sameRun);
        StateIo.writeDouble(out, previous);
    }

    /** Restores a state written by {@link #writeState} of a deviation over the same window. */
    public void readState(DataInput in) throws IOException {
        StateIo.readRing(in, ring, "rolling std");
        next = StateIo.readIndex(in, 0, window, "rolling std");
        count = StateIo.readCount(in, "rolling std");
        nobs = StateIo.readDouble(in);
        mean = StateIo.readDouble(in);
        ssqdm = StateIo.readDouble(in);
        compensationAdd = StateIo.readDouble(in);
        compensationRemove = StateIo.readDouble(in);
        sameRun = StateIo.readCount(in, "rolling std");
        previous = StateIo.readDouble(in);
    }
}
