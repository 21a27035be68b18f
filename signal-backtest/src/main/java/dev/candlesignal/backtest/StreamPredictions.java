package dev.candlesignal.backtest;

import dev.candlesignal.Candle;
import dev.candlesignal.StreamKey;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The model's view of one stream's candles, computed once and then traded under any number of policies: for each
 * candle, the P(up) the engine predicted ({@code NaN} where it did not consult the model: warm-up, undefined
 * features, or outside every walk-forward test window), whether the engine's domain guard found the window out of the
 * model's training domain, and which model predicted it.
 *
 * <p>Immutable (the arrays are copied).
 */
public final class StreamPredictions {
    private final StreamKey stream;
    private final List<Candle> candles;
    private final double[] probability;
    private final boolean[] outOfDomain;
    private final int[] model;

    /**
     * @param candles the stream's candles in open-time order (warm-up included)
     * @param probability P(up) per candle, {@code NaN} where the model was not consulted
     * @param outOfDomain per candle, whether the window was out of the model's training domain
     * @param model per candle, the index of the predicting model in {@link Predictions#models()} ({@code -1} where
     *     none predicted)
     */
    public StreamPredictions(StreamKey stream, List<Candle> candles, double[] probability, boolean[] outOfDomain,
            int[] model) {
        this.stream = Objects.requireNonNull(stream, "stream");
        this.candles = List.copyOf(candles);
        int n = this.candles.size();
        if (probability.length != n || outOfDomain.length != n || model.length != n) {
            throw new IllegalArgumentException("per-candle arrays must have " + n + " entries, one per candle, but had "
                    + probability.length + ", " + outOfDomain.length + " and " + model.length);
        }
        for (int i = 0; i < n; i++) {
            double p = probability[i];
            if (!Double.isNaN(p) && !(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("probability of the candle opened at " + this.candles.get(i).openTime()
                        + " must be in [0, 1] or NaN but was " + p);
            }
            if (Double.isNaN(p) != (model[i] < 0)) {
                throw new IllegalArgumentException("candle " + i + ": a probability needs a model index and NaN none");
            }
        }
        this.probability = probability.clone();
        this.outOfDomain = outOfDomain.clone();
        this.model = model.clone();
    }

    public StreamKey stream() {
        return stream;
    }

    /** The candles, warm-up included. */
    public List<Candle> candles() {
        return candles;
    }

    public int size() {
        return candles.size();
    }

    public Candle candle(int i) {
        return candles.get(i);
    }

    /** P(up) of candle {@code i}, or {@code NaN} if the model was not consulted. */
    public double probability(int i) {
        return probability[i];
    }

    /** Whether the model was consulted on candle {@code i}. */
    public boolean predicted(int i) {
        return !Double.isNaN(probability[i]);
    }

    /** Whether candle {@code i}'s window was out of the model's training domain. */
    public boolean outOfDomain(int i) {
        return outOfDomain[i];
    }

    /** Index into {@link Predictions#models()} of the model that predicted candle {@code i}, or -1. */
    public int model(int i) {
        return model[i];
    }

    /** Number of candles the model was consulted on. */
    public int predictedCount() {
        int n = 0;
        for (double p : probability) {
            if (!Double.isNaN(p)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamPredictions s && stream.equals(s.stream) && candles.equals(s.candles)
                && Arrays.equals(probability, s.probability) && Arrays.equals(outOfDomain, s.outOfDomain)
                && Arrays.equals(model, s.model);
    }

    @Override
    public int hashCode() {
        return Objects.hash(stream, candles, Arrays.hashCode(probability));
    }

    @Override
    public String toString() {
        return "StreamPredictions[" + stream + ", " + size() + " candles, " + predictedCount() + " predicted]";
    }
}
