package dev.candlesignal.testkit;

import dev.candlesignal.Candle;
import dev.candlesignal.StateSnapshotException;
import dev.candlesignal.feature.FeatureCalculator;
import dev.candlesignal.feature.FeatureSet;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * A small deterministic feature set for tests: three columns with a warm-up of {@code period} candles.
 * <ol>
 *   <li>{@code return_1}: close / previous close - 1 (NaN on the first candle, and where the previous close is 0);</li>
 *   <li>{@code sma_ratio_N}: close / SMA(close, N) - 1 (NaN for the first N - 1 candles, and when the SMA is 0);</li>
 *   <li>{@code log_volume}: ln(1 + volume).</li>
 * </ol>
 * Its batch form is computed independently of the streaming form, so "streaming equals batch" checks the engine's
 * use of calculators, not one implementation against itself.
 *
 * <p>Immutable and thread-safe.
 */
public final class TestFeatureSet implements FeatureSet {
    private final int period;
    private final List<String> columns;

    private TestFeatureSet(int period) {
        if (period < 2) {
            throw new IllegalArgumentException("period must be >= 2 but was " + period);
        }
        this.period = period;
        this.columns = List.of("return_1", "sma_ratio_" + period, "log_volume");
    }

    /** The set with an SMA period (and warm-up) of 3 candles. */
    public static TestFeatureSet create() {
        return new TestFeatureSet(3);
    }

    /** The set with the given SMA period, which is also its warm-up. */
    public static TestFeatureSet withPeriod(int period) {
        return new TestFeatureSet(period);
    }

    @Override
    public String id() {
        return "test3@" + period;
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public int warmupBars() {
        return period;
    }

    @Override
    public FeatureCalculator newCalculator() {
        return new Calculator(period);
    }

    @Override
    public double[][] compute(List<Candle> candles) {
        int n = candles.size();
        double[][] rows = new double[n][3];
        for (int i = 0; i < n; i++) {
            double close = candles.get(i).close();
            rows[i][0] = i == 0 ? Double.NaN : ratio(close, candles.get(i - 1).close());
            if (i + 1 < period) {
                rows[i][1] = Double.NaN;
            } else {
                double sum = 0;
                for (int k = i - period + 1; k <= i; k++) {
                    sum += candles.get(k).close();
                }
                rows[i][1] = ratio(close, sum / period);
            }
            rows[i][2] = Math.log1p(candles.get(i).volume());
        }
        return rows;
    }

    private static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : a / b - 1;
    }

    private static final class Calculator implements FeatureCalculator {
        private final int period;
        private final double[] closes;
        private long count;

        Calculator(int period) {
            this.period = period;
            this.closes = new double[period];
        }

        @Override
        public int featureCount() {
            return 3;
        }

        @Override
        public void update(Candle candle, double[] row, int offset) {
            double close = candle.close();
            double previous = count == 0 ? Double.NaN : closes[(int) ((count - 1) % period)];
            closes[(int) (count % period)] = close;
            count++;
            row[offset] = count == 1 ? Double.NaN : ratio(close, previous);
            if (count < period) {
                row[offset + 1] = Double.NaN;
            } else {
                // summed oldest to newest, like the batch form, so both round identically
                double sum = 0;
                for (long k = count - period; k < count; k++) {
                    sum += closes[(int) (k % period)];
                }
                row[offset + 1] = ratio(close, sum / period);
            }
            row[offset + 2] = Math.log1p(candle.volume());
        }

        @Override
        public long count() {
            return count;
        }

        /** The period, the count and the ring of closes (raw bits), so that streams can be snapshotted. */
        @Override
        public void writeState(DataOutput out) throws IOException {
            out.writeInt(period);
            out.writeLong(count);
            for (double close : closes) {
                out.writeLong(Double.doubleToRawLongBits(close));
            }
        }

        @Override
        public void readState(DataInput in) throws IOException {
            int p = in.readInt();
            if (p != period) {
                throw new StateSnapshotException("test feature set: snapshot of period " + p + ", expected " + period);
            }
            count = in.readLong();
            for (int i = 0; i < period; i++) {
                closes[i] = Double.longBitsToDouble(in.readLong());
            }
        }
    }
}
