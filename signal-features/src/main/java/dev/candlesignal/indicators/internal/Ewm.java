package dev.candlesignal.indicators.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Streaming {@code Series.ewm(span=span, adjust=False).mean()} (min_periods 0, ignore_na False), a faithful
 * port of pandas' {@code ewm} in {@code pandas/_libs/window/aggregations.pyx}: seeded with the first value;
 * then {@code old_wt = 1 - alpha}, {@code y = (old_wt * y + alpha * x) / (old_wt + alpha)}, where the division
 * by {@code old_wt + alpha} (not always exactly 1 in floating point) and the skip when {@code y == x} (constant
 * series stay exact) are pandas'. {@code alpha = 1 / (1 + (span - 1) / 2)}, computed as pandas does.
 *
 * <p>The value depends on every input since the first one the calculator saw: the first value's weight after
 * {@code k} more inputs is {@code (1 - alpha)^k}.
 *
 * <p>O(1) per update, no allocation. Not thread-safe.
 */
public final class Ewm {
    private final double oldWtFactor;
    private final double newWt;
    private boolean started;
    private double weighted;
    private double oldWt;

    /** {@code ewm(span=span, adjust=False).mean()}. */
    public Ewm(double span) {
        if (!(span >= 1)) {
            throw new IllegalArgumentException("span must be >= 1 but was " + span);
        }
        double com = (span - 1) / 2;
        double alpha = 1. / (1. + com);
        this.oldWtFactor = 1. - alpha;
        this.newWt = alpha;
    }

    /** Adds the next value and returns the moving average including it. */
    public double update(double value) {
        double cur = Double.isInfinite(value) ? Double.NaN : value;
        if (!started) {
            started = true;
            weighted = cur;
            oldWt = 1.;
            return weighted;
        }
        boolean observation = cur == cur;
        if (weighted == weighted) {
            // ignore_na=False: a missing value still ages the old weight
            oldWt *= oldWtFactor;
            if (observation) {
                if (weighted != cur) {
                    weighted = oldWt * weighted + newWt * cur;
                    weighted /= (oldWt + newWt);
                }
                oldWt = 1.;
            }
        } else if (observation) {
            weighted = cur;
        }
        return weighted;
    }

    /** Writes the state for {@link #readState}. */
    public void writeState(DataOutput out) throws IOException {
        out.writeBoolean(started);
        StateIo.writeDouble(out, weighted);
        StateIo.writeDouble(out, oldWt);
    }

    /** Restores a state written by {@link #writeState} of an average with the same span. */
    public void readState(DataInput in) throws IOException {
        started = in.readBoolean();
        weighted = StateIo.readDouble(in);
        oldWt = StateIo.readDouble(in);
    }
}
