package dev.candlesignal.indicators.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Streaming Bollinger bands of the reference bot (seed-spec 2.1 rows 6-7): middle {@code M} = 20-candle mean of
 * the close, {@code SD} = 20-candle sample standard deviation, upper {@code M + SD * 2}, lower {@code M - SD * 2},
 * width {@code (U - L) / (M + 1e-10)}, position {@code (c - L) / (U - L + 1e-10)}.
 *
 * <p>Not thread-safe.
 */
public final class Bollinger {
    private final RollingMean mean = new RollingMean(20);
    private final RollingStd std = new RollingStd(20);
    private double close;
    private double middle;
    private double upper;
    private double lower;

    /** Adds a close. */
    public void update(double close) {
        this.close = close;
        middle = mean.update(close);
        double sd = std.update(close);
        upper = middle + (sd * 2);
        lower = middle - (sd * 2);
    }

    public double middle() {
        return middle;
    }

    public double upper() {
        return upper;
    }

    public double lower() {
        return lower;
    }

    public double width() {
        return (upper - lower) / (middle + 1e-10);
    }

    public double position() {
        return (close - lower) / (upper - lower + 1e-10);
    }

    /** Writes the state for {@link #readState}. */
    public void writeState(DataOutput out) throws IOException {
        mean.writeState(out);
        std.writeState(out);
        StateIo.writeDouble(out, close);
        StateIo.writeDouble(out, middle);
        StateIo.writeDouble(out, upper);
        StateIo.writeDouble(out, lower);
    }

    /** Restores a state written by {@link #writeState}. */
    public void readState(DataInput in) throws IOException {
        mean.readState(in);
        std.readState(in);
        close = StateIo.readDouble(in);
        middle = StateIo.readDouble(in);
        upper = StateIo.readDouble(in);
        lower = StateIo.readDouble(in);
    }
}
