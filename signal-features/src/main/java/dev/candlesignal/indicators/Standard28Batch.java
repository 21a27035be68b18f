package dev.candlesignal.indicators;

import static dev.candlesignal.indicators.internal.PandasColumns.diff;
import static dev.candlesignal.indicators.internal.PandasColumns.pctChange;
import static dev.candlesignal.indicators.internal.PandasColumns.rollingMax;
import static dev.candlesignal.indicators.internal.PandasColumns.rollingMean;
import static dev.candlesignal.indicators.internal.PandasColumns.rollingMin;
import static dev.candlesignal.indicators.internal.PandasColumns.rollingStd;
import static dev.candlesignal.indicators.internal.PandasColumns.shift;

import dev.candlesignal.Candle;
import dev.candlesignal.indicators.internal.SeedColumns;
import java.util.List;

/**
 * {@link Standard28} column at a time, the way the reference bot's pandas code runs: each column is a whole
 * array, built from other arrays in the order of seed-spec 2.1. Independent of the streaming calculator (other
 * code, other loop structure), so that "streaming equals batch" tests something.
 *
 * <p>Stateless and thread-safe.
 */
final class Standard28Batch {
    private Standard28Batch() {
    }

    static double[][] compute(List<Candle> candles) {
        int n = candles.size();
        double[] o = new double[n];
        double[] h = new double[n];
        double[] l = new double[n];
        double[] c = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            Candle candle = candles.get(i);
            o[i] = candle.open();
            h[i] = candle.high();
            l[i] = candle.low();
            c[i] = candle.close();
            v[i] = candle.volume();
        }
        double[][] cols = new double[28][];

        double[] returns = pctChange(c, 1);
        cols[0] = returns;
        double[] c1 = shift(c, 1);
        cols[1] = new double[n];
        for (int i = 0; i < n; i++) {
            cols[1][i] = StrictMath.log(c[i] / c1[i]);
        }
        cols[2] = ratio(c, rollingMean(c, 7));
        cols[3] = ratio(c, rollingMean(c, 21));
        cols[4] = ratio(c, rollingMean(c, 50));

        double[] atr14 = rollingMean(SeedColumns.trueRange(h, l, c), 14);
        cols[5] = atr14;

        double[][] bands = SeedColumns.bollinger(c);
        double[] upper = bands[0];
        double[] lower = bands[2];
        cols[6] = bands[3];
        cols[7] = new double[n];
        for (int i = 0; i < n; i++) {
            cols[7][i] = (c[i] - lower[i]) / (upper[i] - lower[i] + 1e-10);
        }

        cols[8] = scaled(rollingStd(returns, 14), Standard28.SQRT_252);
        cols[9] = scaled(rollingStd(returns, 30), Standard28.SQRT_252);

        cols[10] = SeedColumns.rsi14(c);

        double[] low14 = rollingMin(l, 14);
        double[] high14 = rollingMax(h, 14);
        double[] stochK = new double[n];
        for (int i = 0; i < n; i++) {
            stochK[i] = 100 * (c[i] - low14[i]) / (high14[i] - low14[i] + 1e-10);
        }
        cols[11] = stochK;
        cols[12] = rollingMean(stochK, 3);

        double[][] macd = SeedColumns.macd(c);
        cols[13] = macd[0];
        cols[14] = macd[1];
        cols[15] = macd[2];

        cols[16] = scaled(pctChange(c, 10), 100);
        cols[17] = scaled(pctChange(c, 20), 100);
        cols[18] = new double[n];
        for (int i = 0; i < n; i++) {
            cols[18][i] = -100 * (high14[i] - c[i]) / (high14[i] - low14[i] + 1e-10);
        }

        double[] volumeMean = rollingMean(v, 14);
        cols[19] = new double[n];
        for (int i = 0; i < n; i++) {
            cols[19][i] = v[i] / (volumeMean[i] + 1e-10);
        }

        // sequential +DM/-DM rule: the second where() sees the already filtered +DM
        double[] plusDm = diff(h);
        double[] minusDm = diff(l);
        for (int i = 0; i < n; i++) {
            minusDm[i] = -minusDm[i];
        }
        for (int i = 0; i < n; i++) {
            plusDm[i] = plusDm[i] > minusDm[i] && plusDm[i] > 0 ? plusDm[i] : 0.0;
        }
        for (int i = 0; i < n; i++) {
            minusDm[i] = minusDm[i] > plusDm[i] && minusDm[i] > 0 ? minusDm[i] : 0.0;
        }
        double[] plusMean = rollingMean(plusDm, 14);
        double[] minusMean = rollingMean(minusDm, 14);
        double[] plusDi = new double[n];
        double[] minusDi = new double[n];
        double[] dx = new double[n];
        for (int i = 0; i < n; i++) {
            plusDi[i] = 100 * (plusMean[i] / atr14[i]);
            minusDi[i] = 100 * (minusMean[i] / atr14[i]);
            dx[i] = 100 * Math.abs(plusDi[i] - minusDi[i]) / (plusDi[i] + minusDi[i]);
        }
        cols[20] = rollingMean(dx, 14);
        cols[21] = plusDi;
        cols[22] = minusDi;

        double[] c7 = shift(c, 7);
        double[] c14 = shift(c, 14);
        cols[23] = new double[n];
        cols[24] = new double[n];
        for (int i = 0; i < n; i++) {
            cols[23][i] = (c[i] - c7[i]) / c7[i];
            cols[24][i] = (c[i] - c14[i]) / c14[i];
        }

        double[] h1 = shift(h, 1);
        double[] l1 = shift(l, 1);
        cols[25] = new double[n];
        cols[26] = new double[n];
        cols[27] = new double[n];
        for (int i = 0; i < n; i++) {
            cols[25][i] = Math.abs(c[i] - o[i]) / (h[i] - l[i] + 0.0001);
            cols[26][i] = h[i] > h1[i] ? 1 : 0;
            cols[27][i] = l[i] < l1[i] ? 1 : 0;
        }
        return transpose(cols, n);
    }

    private static double[] ratio(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] / b[i];
        }
        return out;
    }

    private static double[] scaled(double[] a, double factor) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * factor;
        }
        return out;
    }

    static double[][] transpose(double[][] cols, int n) {
        double[][] rows = new double[n][cols.length];
        for (int k = 0; k < cols.length; k++) {
            for (int i = 0; i < n; i++) {
                rows[i][k] = cols[k][i];
            }
        }
        return rows;
    }
}
