package dev.candlesignal.policy;

import dev.candlesignal.Candle;

/**
 * Average true range as the reference bot computes {@code atr_14}: the simple mean (not Wilder's smoothing) of
 * the last {@code period} true ranges, {@code TR = max(high - low, |high - prevClose|, |low - prevClose|)}. A
 * stream's very first candle has no previous close and uses {@code high - low}, as pandas does.
 *
 * <p>Stateless and thread-safe.
 */
public final class AverageTrueRange {
    private AverageTrueRange() {
    }

    /**
     * ATR of the newest candle in {@code history} over {@code period} candles. Needs {@code period + 1} candles
     * (each true range needs the previous close); with exactly {@code period} candles, the oldest is taken as
     * the stream's first candle.
     *
     * @throws IllegalArgumentException if the history holds fewer than {@code period} candles
     */
    public static double of(CandleHistory history, int period) {
        if (history.size() < period) {
            throw new IllegalArgumentException("ATR" + period + " needs " + (period + 1) + " candles but the history has "
                    + history.size());
        }
        double sum = 0;
        for (int k = 0; k < period; k++) {
            Candle c = history.ago(k);
            if (k + 1 < history.size()) {
                sum += trueRange(c, history.ago(k + 1).close());
            } else {
                sum += c.high() - c.low();
            }
        }
        return sum / period;
    }

    /** {@code max(high - low, |high - previousClose|, |low - previousClose|)}. */
    public static double trueRange(Candle candle, double previousClose) {
        double hl = candle.high() - candle.low();
        double hc = Math.abs(candle.high() - previousClose);
        double lc = Math.abs(candle.low() - previousClose);
        return Math.max(hl, Math.max(hc, lc));
    }
}
