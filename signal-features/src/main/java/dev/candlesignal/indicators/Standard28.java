package dev.candlesignal.indicators;

import dev.candlesignal.Candle;
import dev.candlesignal.StateSnapshotException;
import dev.candlesignal.feature.FeatureCalculator;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.indicators.internal.Bollinger;
import dev.candlesignal.indicators.internal.LagRing;
import dev.candlesignal.indicators.internal.Macd;
import dev.candlesignal.indicators.internal.RollingExtreme;
import dev.candlesignal.indicators.internal.RollingMean;
import dev.candlesignal.indicators.internal.RollingStd;
import dev.candlesignal.indicators.internal.Rsi;
import dev.candlesignal.indicators.internal.StateIo;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * The reference bot's 28 features (seed-spec 2.1), streaming; {@link #compute} is the independent
 * column-at-a-time form in {@link Standard28Batch}. See {@link FeatureSets#standard28()}.
 *
 * <p>Immutable and thread-safe.
 */
final class Standard28 implements FeatureSet {
    static final String ID = "standard28";
    static final List<String> COLUMNS = List.of(
            "returns", "log_returns",
            "price_sma_7_ratio", "price_sma_21_ratio", "price_sma_50_ratio",
            "atr_14", "bb_width", "bb_position",
            "volatility_14", "volatility_30",
            "rsi_14", "stoch_k", "stoch_d",
            "macd", "macd_signal", "macd_hist",
            "roc_10", "roc_20", "williams_r",
            "volume_ratio",
            "adx", "plus_di", "minus_di",
            "trend_7", "trend_14",
            "candle_body_ratio", "higher_high", "lower_low");
    static final int WARMUP = 50;
    /** {@code np.sqrt(252)}, the seed's annualisation of hourly volatility (sic). */
    static final double SQRT_252 = Math.sqrt(252);

    static final Standard28 INSTANCE = new Standard28();

    private Standard28() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public int warmupBars() {
        return WARMUP;
    }

    @Override
    public FeatureCalculator newCalculator() {
        return new Calculator();
    }

    @Override
    public double[][] compute(List<Candle> candles) {
        return Standard28Batch.compute(candles);
    }

    @Override
    public String toString() {
        return "FeatureSet[" + ID + "]";
    }

    /**
     * Per-stream state: rolling windows over primitive rings (at most 50 values), three EMA values and the last
     * 21 closes: about 4.7 KB (see StreamFootprintTest). Not thread-safe.
     */
    static final class Calculator implements FeatureCalculator {
        private final LagRing closes = new LagRing(21);
        private final RollingMean sma7 = new RollingMean(7);
        private final RollingMean sma21 = new RollingMean(21);
        private final RollingMean sma50 = new RollingMean(50);
        private final RollingMean atr = new RollingMean(14);
        private final Bollinger bands = new Bollinger();
        private final RollingStd volatility14 = new RollingStd(14);
        private final RollingStd volatility30 = new RollingStd(30);
        private final Rsi rsi = new Rsi();
        private final RollingExtreme lowest14 = RollingExtreme.min(14);
        private final RollingExtreme highest14 = RollingExtreme.max(14);
        private final RollingMean stochD = new RollingMean(3);
        private final Macd macd = new Macd();
        private final RollingMean volumeMean = new RollingMean(14);
        private final RollingMean plusDmMean = new RollingMean(14);
        private final RollingMean minusDmMean = new RollingMean(14);
        private final RollingMean adxMean = new RollingMean(14);
        private double previousHigh = Double.NaN;
        private double previousLow = Double.NaN;
        private long count;

        @Override
        public int featureCount() {
            return 28;
        }

        @Override
        public void update(Candle candle, double[] row, int offset) {
            Objects.requireNonNull(candle, "candle");
            double o = candle.open();
            double h = candle.high();
            double l = candle.low();
            double c = candle.close();
            double v = candle.volume();
            closes.push(c);
            double pc = closes.get(1);

            double returns = c / pc - 1;
            row[offset] = returns;
            row[offset + 1] = StrictMath.log(c / pc);
            row[offset + 2] = c / sma7.update(c);
            row[offset + 3] = c / sma21.update(c);
            row[offset + 4] = c / sma50.update(c);

            double tr = nanMax(h - l, Math.abs(h - pc), Math.abs(l - pc));
            double atr14 = atr.update(tr);
            row[offset + 5] = atr14;

            bands.update(c);
            row[offset + 6] = bands.width();
            row[offset + 7] = bands.position();

            row[offset + 8] = volatility14.update(returns) * SQRT_252;
            row[offset + 9] = volatility30.update(returns) * SQRT_252;

            row[offset + 10] = rsi.update(c, pc);

            double low14 = lowest14.update(l);
            double high14 = highest14.update(h);
            double stochK = 100 * (c - low14) / (high14 - low14 + 1e-10);
            row[offset + 11] = stochK;
            row[offset + 12] = stochD.update(stochK);

            macd.update(c);
            row[offset + 13] = macd.macd();
            row[offset + 14] = macd.signal();
            row[offset + 15] = macd.histogram();

            row[offset + 16] = (c / closes.get(10) - 1) * 100;
            row[offset + 17] = (c / closes.get(20) - 1) * 100;
            row[offset + 18] = -100 * (high14 - c) / (high14 - low14 + 1e-10);

            row[offset + 19] = v / (volumeMean.update(v) + 1e-10);

            // sequential rule: -DM is compared with the already filtered +DM, so a tie up == dn > 0 goes to -DM
            double up = h - previousHigh;
            double dn = -(l - previousLow);
            double plusDm = plusDm(up, dn);
            double minusDm = minusDm(dn, plusDm);
            double plusDi = 100 * (plusDmMean.update(plusDm) / atr14);
            double minusDi = 100 * (minusDmMean.update(minusDm) / atr14);
            double dx = 100 * Math.abs(plusDi - minusDi) / (plusDi + minusDi);
            row[offset + 20] = adxMean.update(dx);
            row[offset + 21] = plusDi;
            row[offset + 22] = minusDi;

            double c7 = closes.get(7);
            double c14 = closes.get(14);
            row[offset + 23] = (c - c7) / c7;
            row[offset + 24] = (c - c14) / c14;

            row[offset + 25] = Math.abs(c - o) / (h - l + 0.0001);
            row[offset + 26] = h > previousHigh ? 1 : 0;
            row[offset + 27] = l < previousLow ? 1 : 0;

            previousHigh = h;
            previousLow = l;
            count++;
        }

        @Override
        public long count() {
            return count;
        }

        /**
         * Format 1: every rolling window, EMA and ring in declaration order, the previous high and low and the count
         * (about 2.9 KB).
         */
        @Override
        public void writeState(DataOutput out) throws IOException {
            out.writeByte(STATE_FORMAT);
            closes.writeState(out);
            sma7.writeState(out);
            sma21.writeState(out);
            sma50.writeState(out);
            atr.writeState(out);
            bands.writeState(out);
            volatility14.writeState(out);
            volatility30.writeState(out);
            rsi.writeState(out);
            lowest14.writeState(out);
            highest14.writeState(out);
            stochD.writeState(out);
            macd.writeState(out);
            volumeMean.writeState(out);
            plusDmMean.writeState(out);
            minusDmMean.writeState(out);
            adxMean.writeState(out);
            StateIo.writeDouble(out, previousHigh);
            StateIo.writeDouble(out, previousLow);
            out.writeLong(count);
        }

        @Override
        public void readState(DataInput in) throws IOException {
            int format = in.readByte();
            if (format != STATE_FORMAT) {
                throw new StateSnapshotException(ID + ": calculator snapshot format " + format + ", expected "
                        + STATE_FORMAT);
            }
            closes.readState(in);
            sma7.readState(in);
            sma21.readState(in);
            sma50.readState(in);
            atr.readState(in);
            bands.readState(in);
            volatility14.readState(in);
            volatility30.readState(in);
            rsi.readState(in);
            lowest14.readState(in);
            highest14.readState(in);
            stochD.readState(in);
            macd.readState(in);
            volumeMean.readState(in);
            plusDmMean.readState(in);
            minusDmMean.readState(in);
            adxMean.readState(in);
            previousHigh = StateIo.readDouble(in);
            previousLow = StateIo.readDouble(in);
            count = StateIo.readCount(in, ID);
        }
    }

    /** Version of the calculator's snapshot layout; a change of layout is a new number. */
    static final int STATE_FORMAT = 1;

    /** +DM: {@code up} if {@code up > dn and up > 0}, else 0 (NaN compares false). */
    static double plusDm(double up, double dn) {
        return up > dn && up > 0 ? up : 0.0;
    }

    /** -DM: {@code dn} if {@code dn} beats the already filtered +DM and is positive, else 0. */
    static double minusDm(double dn, double plusDm) {
        return dn > plusDm && dn > 0 ? dn : 0.0;
    }

    /** {@code concat([...], axis=1).max(axis=1)}: the largest non-NaN value, NaN if all are NaN. */
    static double nanMax(double a, double b, double c) {
        double max = Double.NaN;
        if (a == a && (max != max || a > max)) {
            max = a;
        }
        if (b == b && (max != max || b > max)) {
            max = b;
        }
        if (c == c && (max != max || c > max)) {
            max = c;
        }
        return max;
    }
}
