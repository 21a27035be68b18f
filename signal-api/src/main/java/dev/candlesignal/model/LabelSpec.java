package dev.candlesignal.model;

/**
 * What a model was trained to predict: label 1 for the window ending at candle {@code t} when
 * {@code close[t + horizon] > close[t] * (1 + threshold)}. The reference bot's intent, with its off-by-one fixed,
 * is horizon 1 and threshold 0.
 *
 * <p>Immutable.
 */
public record LabelSpec(int horizon, double threshold) {
    public LabelSpec {
        if (horizon < 1) {
            throw new IllegalArgumentException("label horizon must be >= 1 candle but was " + horizon);
        }
        if (!Double.isFinite(threshold) || threshold <= -1) {
            throw new IllegalArgumentException("label threshold must be finite and > -1 but was " + threshold);
        }
    }

    /** Next candle closes higher: horizon 1, threshold 0. */
    public static LabelSpec nextCandleUp() {
        return new LabelSpec(1, 0.0);
    }

    /** The label for closes {@code now} and {@code later} ({@code horizon} candles after {@code now}). */
    public boolean label(double now, double later) {
        return later > now * (1 + threshold);
    }
}
