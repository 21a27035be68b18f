package dev.candlesignal.indicators.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Streaming simple-mean (Cutler) RSI 14 of the reference bot (seed-spec 2.1 row 10), in the seed's evaluation
 * order: {@code d = c - c_prev}; gain {@code d} if {@code d > 0} else 0; loss {@code -(d if d < 0 else 0)}, so a
 * non-negative {@code d} gives a loss of -0.0 (the negation is applied after the selection, as in the seed, and
 * pandas' mean counts -0.0 as negative in its sign clamp); {@code rs = G / (L + 1e-10)};
 * {@code rsi = 100 - 100 / (1 + rs + 1e-10)}. The first candle's gain and loss are 0 (NaN compares false).
 *
 * <p>Not thread-safe.
 */
public final class Rsi {
    private final RollingMean gains = new RollingMean(14);
    private final RollingMean losses = new RollingMean(14);

    /** Adds a close given the previous close (NaN for the first candle) and returns the RSI. */
    public double update(double close, double previousClose) {
        double delta = close - previousClose;
        double gain = delta > 0 ? delta : 0.0;
        double loss = -(delta < 0 ? delta : 0.0);
        double g = gains.update(gain);
        double l = losses.update(loss);
        double rs = g / (l + 1e-10);
        return 100 - (100 / (1 + rs + 1e-10));
    }

    /** Writes the state for {@link #readState}. */
    public void writeState(DataOutput out) throws IOException {
        gains.writeState(out);
        losses.writeState(out);
    }

    /** Restores a state written by {@link #writeState}. */
    public void readState(DataInput in) throws IOException {
        gains.readState(in);
        losses.readState(in);
    }
}
