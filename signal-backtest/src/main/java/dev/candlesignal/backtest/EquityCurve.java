package dev.candlesignal.backtest;

import java.time.Instant;
import java.util.Arrays;

/**
 * The value of the whole account over a backtest, starting at 1.0: a first point at the start of the range (the
 * first candle's open time) with 1.0, then one point per candle time of the range (the union over the streams), at
 * the candle's end, with the account's value at that close: cash plus every open position at what it would fetch
 * if closed there (the outcome rule's pnl, net of both sides' costs). A stream without a candle at some time
 * (a gap, or a stream that starts later) counts with its last value.
 *
 * <p>Immutable (arrays are copied in and out).
 */
public final class EquityCurve {
    private final long[] times;
    private final double[] values;

    /**
     * @param times epoch milliseconds, strictly increasing
     * @param values the account's value at each time, the first 1.0
     */
    public EquityCurve(long[] times, double[] values) {
        if (times.length != values.length || times.length < 2) {
            throw new IllegalArgumentException("an equity curve needs the same number (>= 2) of times and values, not "
                    + times.length + " and " + values.length);
        }
        for (int i = 1; i < times.length; i++) {
            if (times[i] <= times[i - 1]) {
                throw new IllegalArgumentException("times must increase, but " + Instant.ofEpochMilli(times[i])
                        + " follows " + Instant.ofEpochMilli(times[i - 1]));
            }
        }
        this.times = times.clone();
        this.values = values.clone();
    }

    public int size() {
        return times.length;
    }

    public Instant time(int i) {
        return Instant.ofEpochMilli(times[i]);
    }

    public long timeMillis(int i) {
        return times[i];
    }

    public double value(int i) {
        return values[i];
    }

    /** The last value: 1.0 plus the total return. */
    public double last() {
        return values[values.length - 1];
    }

    public long[] timesMillis() {
        return times.clone();
    }

    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EquityCurve e && Arrays.equals(times, e.times) && Arrays.equals(values, e.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(times) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "EquityCurve[" + size() + " points, " + time(0) + " .. " + time(size() - 1) + ", last " + last() + "]";
    }
}
