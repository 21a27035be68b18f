package dev.candlesignal.indicators.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Streaming MACD of the reference bot: EMA12 - EMA26 of the close, signal EMA9 of the MACD, histogram MACD -
 * signal, every EMA {@code ewm(span, adjust=False)} seeded with its first input (seed-spec 2.1 rows 13-15).
 * After {@link #update}, read {@link #macd()}, {@link #signal()} and {@link #histogram()}.
 *
 * <p>Not thread-safe.
 */
public final class Macd {
    private final Ewm fast = new Ewm(12);
    private final Ewm slow = new Ewm(26);
    private final Ewm signalEma = new Ewm(9);
    private double macd;
    private double signal;

    /** Adds a close. */
    public void update(double close) {
        macd = fast.update(close) - slow.update(close);
        signal = signalEma.update(macd);
    }

    public double macd() {
        return macd;
    }

    public double signal() {
        return signal;
    }

    public double histogram() {
        return macd - signal;
    }

    /** Writes the state for {@link #readState}. */
    public void writeState(DataOutput out) throws IOException {
        fast.writeState(out);
        slow.writeState(out);
        signalEma.writeState(out);
        StateIo.writeDouble(out, macd);
        StateIo.writeDouble(out, signal);
    }

    /** Restores a state written by {@link #writeState}. */
    public void readState(DataInput in) throws IOException {
        fast.readState(in);
        slow.readState(in);
        signalEma.readState(in);
        macd = StateIo.readDouble(in);
        signal = StateIo.readDouble(in);
    }
}
