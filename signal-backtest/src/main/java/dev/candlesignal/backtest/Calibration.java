package dev.candlesignal.backtest;

import java.util.List;

/**
 * How well the predicted P(up) matched what happened: the scored predictions of the range (those whose next
 * candle exists without a gap, as the journal scores them) sorted by probability and cut into ten groups of
 * (nearly) equal size, the deciles; for each, the mean predicted probability and the share of next candles that
 * closed higher. A calibrated model has the two equal.
 *
 * <p>Immutable.
 */
public record Calibration(List<Bin> bins) {
    public Calibration {
        bins = List.copyOf(bins);
    }

    /**
     * One decile.
     *
     * @param decile 1..10
     * @param count predictions in it
     * @param minProbability its lowest probability
     * @param maxProbability its highest probability
     * @param meanProbability mean predicted P(up)
     * @param upFrequency share whose next candle closed higher
     */
    public record Bin(int decile, int count, double minProbability, double maxProbability, double meanProbability,
            double upFrequency) {
    }
}
