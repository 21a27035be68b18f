package dev.candlesignal.indicators;

import dev.candlesignal.Candle;
import dev.candlesignal.indicators.internal.SeedColumns;
import java.util.List;

/**
 * {@link Standard14} column at a time (see {@link Standard28Batch}). Every candle is validated before anything
 * is computed, so a candle without the order book the source needs fails the whole call.
 *
 * <p>Stateless and thread-safe.
 */
final class Standard14Batch {
    private Standard14Batch() {
    }

    static double[][] compute(List<Candle> candles, ImbalanceSource source, String setId) {
        int n = candles.size();
        double[][] cols = new double[14][];
        for (int k = 0; k < 5; k++) {
            cols[k] = new double[n];
        }
        cols[13] = new double[n];
        for (int i = 0; i < n; i++) {
            Candle candle = candles.get(i);
            source.validate(candle, setId);
            cols[0][i] = candle.open();
            cols[1][i] = candle.high();
            cols[2][i] = candle.low();
            cols[3][i] = candle.close();
            cols[4][i] = candle.volume();
        }
        for (int i = 0; i < n; i++) {
            cols[13][i] = source.imbalance(candles.get(i));
        }
        double[] c = cols[3];
        cols[5] = SeedColumns.rsi14(c);
        double[][] macd = SeedColumns.macd(c);
        System.arraycopy(macd, 0, cols, 6, 3);
        double[][] bands = SeedColumns.bollinger(c);
        System.arraycopy(bands, 0, cols, 9, 4);
        return Standard28Batch.transpose(cols, n);
    }
}
