package dev.candlesignal.indicators.internal;

import static dev.candlesignal.indicators.internal.PandasColumns.diff;
import static dev.candlesignal.indicators.internal.PandasColumns.ewmMean;
import static dev.candlesignal.indicators.internal.PandasColumns.rollingMean;
import static dev.candlesignal.indicators.internal.PandasColumns.rollingStd;
import static dev.candlesignal.indicators.internal.PandasColumns.shift;

/**
 * The reference bot's shared indicator columns computed column-at-a-time (the batch side of {@link Rsi},
 * {@link Macd}, {@link Bollinger} and the true range), each line a pandas expression of seed-spec 2.1 in the
 * seed's evaluation order.
 *
 * <p>Stateless and thread-safe.
 */
public final class SeedColumns {
    private SeedColumns() {
    }

    /** RSI 14, simple means: see {@link Rsi}. */
    public static double[] rsi14(double[] close) {
        double[] delta = diff(close);
        int n = close.length;
        double[] gain = new double[n];
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) {
            gain[i] = delta[i] > 0 ? delta[i] : 0.0;            // delta.where(delta > 0, 0)
            loss[i] = -(delta[i] < 0 ? delta[i] : 0.0);         // -delta.where(delta < 0, 0)
        }
        double[] g = rollingMean(gain, 14);
        double[] l = rollingMean(loss, 14);
        double[] rsi = new double[n];
        for (int i = 0; i < n; i++) {
            double rs = g[i] / (l[i] + 1e-10);
            rsi[i] = 100 - (100 / (1 + rs + 1e-10));
        }
        return rsi;
    }

    /** {@code [macd, signal, histogram]}: see {@link Macd}. */
    public static double[][] macd(double[] close) {
        double[] ema12 = ewmMean(close, 12);
        double[] ema26 = ewmMean(close, 26);
        int n = close.length;
        double[] macd = new double[n];
        for (int i = 0; i < n; i++) {
            macd[i] = ema12[i] - ema26[i];
        }
        double[] signal = ewmMean(macd, 9);
        double[] hist = new double[n];
        for (int i = 0; i < n; i++) {
            hist[i] = macd[i] - signal[i];
        }
        return new double[][] {macd, signal, hist};
    }

    /** {@code [upper, middle, lower, width]}: see {@link Bollinger}. */
    public static double[][] bollinger(double[] close) {
        double[] middle = rollingMean(close, 20);
        double[] std = rollingStd(close, 20);
        int n = close.length;
        double[] upper = new double[n];
        double[] lower = new double[n];
        double[] width = new double[n];
        for (int i = 0; i < n; i++) {
            upper[i] = middle[i] + (std[i] * 2);
            lower[i] = middle[i] - (std[i] * 2);
            width[i] = (upper[i] - lower[i]) / (middle[i] + 1e-10);
        }
        return new double[][] {upper, middle, lower, width};
    }

    /**
     * True range: the row maximum, skipping NaN, of {@code h - l}, {@code |h - c.shift(1)|} and
     * {@code |l - c.shift(1)|}, so the first row is {@code h - l}.
     */
    public static double[] trueRange(double[] high, double[] low, double[] close) {
        double[] prevClose = shift(close, 1);
        int n = close.length;
        double[] tr = new double[n];
        for (int i = 0; i < n; i++) {
            double[] row = {high[i] - low[i], Math.abs(high[i] - prevClose[i]), Math.abs(low[i] - prevClose[i])};
            double max = Double.NaN;
            for (double x : row) {
                if (x == x && (max != max || x > max)) {
                    max = x;
                }
            }
            tr[i] = max;
        }
        return tr;
    }
}
