package dev.candlesignal.testkit;

import dev.candlesignal.Candle;
import dev.candlesignal.feature.FeatureCalculator;
import dev.candlesignal.feature.FeatureSet;
import java.util.List;

/**
 * The test-only 14-column feature set ({@code fixture14}) the 14-feature model fixtures ({@link ModelFixtures#LSTM14},
 * {@link ModelFixtures#LSTM14_X3}) declare, so an engine can run them end to end on candles. Simple, scale-free
 * candle statistics; not meant for trading:
 * <ol start="0">
 *   <li>{@code ret_1}, {@code ret_2}, {@code ret_3}, {@code ret_5}, {@code ret_8}, {@code ret_13}:
 *       {@code close / close[t - k] - 1};</li>
 *   <li value="6">{@code range_pct} {@code (high - low) / close}, {@code body_pct} {@code (close - open) / close},
 *       {@code upper_wick_pct} {@code (high - max(open, close)) / close}, {@code lower_wick_pct}
 *       {@code (min(open, close) - low) / close};</li>
 *   <li value="10">{@code log_volume} {@code ln(1 + volume)}, {@code volume_change}
 *       {@code ln((1 + volume) / (1 + volume[t - 1]))};</li>
 *   <li value="12">{@code sma_ratio_5}, {@code sma_ratio_10}: {@code close / SMA(close, n) - 1}.</li>
 * </ol>
 * NaN until defined (row 13 is the first complete one, so {@link #warmupBars()} is 14) and where a divisor is 0.
 * The column names and id must equal those in {@code tools/models/make_fixtures.py}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Fixture14FeatureSet implements FeatureSet {
    /** The id the 14-feature fixture manifests name. */
    public static final String ID = "fixture14";

    private static final int[] LAGS = {1, 2, 3, 5, 8, 13};
    private static final int HISTORY = 13;
    private static final List<String> COLUMNS = List.of("ret_1", "ret_2", "ret_3", "ret_5", "ret_8", "ret_13",
            "range_pct", "body_pct", "upper_wick_pct", "lower_wick_pct", "log_volume", "volume_change",
            "sma_ratio_5", "sma_ratio_10");

    private static final Fixture14FeatureSet INSTANCE = new Fixture14FeatureSet();

    private Fixture14FeatureSet() {
    }

    /** The feature set. */
    public static Fixture14FeatureSet create() {
        return INSTANCE;
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
        return HISTORY + 1;
    }

    @Override
    public FeatureCalculator newCalculator() {
        return new Calculator();
    }

    private static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : a / b - 1;
    }

    /** Not thread-safe: one per stream. */
    private static final class Calculator implements FeatureCalculator {
        // closes[(count - 1 - k) % size] is the close k candles before the newest
        private final double[] closes = new double[HISTORY + 1];
        private double previousVolume = Double.NaN;
        private long count;

        @Override
        public int featureCount() {
            return COLUMNS.size();
        }

        @Override
        public void update(Candle candle, double[] row, int offset) {
            double o = candle.open();
            double h = candle.high();
            double l = candle.low();
            double c = candle.close();
            double v = candle.volume();
            closes[(int) (count % closes.length)] = c;
            count++;
            for (int i = 0; i < LAGS.length; i++) {
                row[offset + i] = count > LAGS[i] ? ratio(c, back(LAGS[i])) : Double.NaN;
            }
            row[offset + 6] = c == 0 ? Double.NaN : (h - l) / c;
            row[offset + 7] = c == 0 ? Double.NaN : (c - o) / c;
            row[offset + 8] = c == 0 ? Double.NaN : (h - Math.max(o, c)) / c;
            row[offset + 9] = c == 0 ? Double.NaN : (Math.min(o, c) - l) / c;
            row[offset + 10] = Math.log1p(v);
            row[offset + 11] = Math.log1p(v) - Math.log1p(previousVolume);
            row[offset + 12] = smaRatio(c, 5);
            row[offset + 13] = smaRatio(c, 10);
            previousVolume = v;
        }

        private double back(int k) {
            return closes[(int) ((count - 1 - k) % closes.length)];
        }

        private double smaRatio(double c, int n) {
            if (count < n) {
                return Double.NaN;
            }
            double sum = 0;
            for (int k = n - 1; k >= 0; k--) {
                sum += back(k);
            }
            return ratio(c, sum / n);
        }

        @Override
        public long count() {
            return count;
        }
    }
}
