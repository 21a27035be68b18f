package dev.candlesignal.feature;

import dev.candlesignal.Candle;
import dev.candlesignal.FeatureConfigurationException;
import dev.candlesignal.FeatureValueException;
import dev.candlesignal.SignalException;
import dev.candlesignal.StateSnapshotException;
import dev.candlesignal.io.CandleCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/** {@link Feature#of}: a function over the last {@code window} candles. Immutable and thread-safe. */
final class WindowFeature implements Feature {
    private final String name;
    private final int window;
    private final ToDoubleFunction<CandleWindow> function;

    WindowFeature(String name, int window, ToDoubleFunction<CandleWindow> function) {
        this.name = ColumnNames.check(name);
        if (window < 1) {
            throw new FeatureConfigurationException("feature '" + name + "': window must be >= 1 but was " + window);
        }
        this.window = window;
        this.function = Objects.requireNonNull(function, "function");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String definition() {
        return "window(" + window + ")";
    }

    @Override
    public int warmupBars() {
        return window;
    }

    @Override
    public Calculator newCalculator() {
        return new WindowCalculator();
    }

    @Override
    public String toString() {
        return "Feature[" + name + ", " + definition() + "]";
    }

    private final class WindowCalculator implements Calculator {
        private final CandleRing ring = new CandleRing(window);

        @Override
        public double update(Candle candle) {
            Objects.requireNonNull(candle, "candle");
            Candle evicted = ring.push(candle);
            if (ring.size() < window) {
                return Double.NaN;
            }
            try {
                return function.applyAsDouble(ring);
            } catch (RuntimeException e) {
                // leave the calculator as it was before this candle, as FeatureCalculator promises
                ring.undo(evicted);
                if (e instanceof SignalException) {
                    throw e;
                }
                FeatureValueException failure = new FeatureValueException(name, "feature '" + name
                        + "' failed on the candle opened at " + candle.openTime() + ": " + e);
                failure.initCause(e);
                throw failure;
            }
        }

        /** The window's size, then its candles oldest first ({@link CandleCodec}). */
        @Override
        public void writeState(DataOutput out) throws IOException {
            out.writeInt(ring.size());
            for (int k = ring.size() - 1; k >= 0; k--) {
                CandleCodec.write(ring.ago(k), out);
            }
        }

        @Override
        public void readState(DataInput in) throws IOException {
            int size = in.readInt();
            if (size < 0 || size > window) {
                throw new StateSnapshotException("feature '" + name + "': snapshot holds " + size
                        + " candles but the window is " + window);
            }
            for (int i = 0; i < size; i++) {
                ring.push(CandleCodec.read(in));
            }
        }
    }
}
