package dev.candlesignal.train.internal;

import dev.candlesignal.Candle;
import dev.candlesignal.Gap;
import dev.candlesignal.StreamKey;
import java.util.List;

/**
 * One stream's candles, their feature rows (computed by one calculator from the first candle, as the engine
 * computes them for a stream it serves) and the gap-free runs: {@link #run(int)} counts the consecutive candles
 * without a gap ({@link Gap#between}, the one gap rule) that end at a row.
 *
 * <p>Effectively immutable after {@link #scale}; confined to one training.
 */
public final class StreamSeries {
    private final StreamKey stream;
    private final List<Candle> candles;
    private final double[][] features;
    private final int[] run;
    private final int featureCount;
    private float[] scaled;

    StreamSeries(StreamKey stream, List<Candle> candles, double[][] features, int featureCount) {
        this.stream = stream;
        this.candles = candles;
        this.features = features;
        this.featureCount = featureCount;
        this.run = new int[candles.size()];
        for (int i = 0; i < run.length; i++) {
            boolean gap = i > 0 && Gap.missingBetween(stream.interval(), candles.get(i - 1).openTime(),
                    candles.get(i).openTime()) > 0;
            run[i] = i == 0 || gap ? 1 : run[i - 1] + 1;
        }
    }

    public StreamKey stream() {
        return stream;
    }

    public List<Candle> candles() {
        return candles;
    }

    public int size() {
        return candles.size();
    }

    /** The feature row of candle {@code i} (not copied). */
    double[] features(int i) {
        return features[i];
    }

    /** Consecutive gap-free candles ending at candle {@code i}, itself included. */
    public int run(int i) {
        return run[i];
    }

    /** Whether candles {@code from .. to} (inclusive) follow each other without a gap. */
    boolean contiguous(int from, int to) {
        return from >= 0 && to < run.length && run[to] >= to - from + 1;
    }

    /** Scales every row with the training scaler, as the engine scales a served row (double in, float out). */
    void scale(dev.candlesignal.model.Scaler scaler) {
        scaled = new float[features.length * featureCount];
        for (int i = 0; i < features.length; i++) {
            scaler.scale(features[i], 0, scaled, i * featureCount);
        }
    }

    /** Copies the scaled window of {@code length} rows ending at row {@code end} into {@code dst} at {@code offset}. */
    void copyWindow(int end, int length, float[] dst, int offset) {
        System.arraycopy(scaled, (end - length + 1) * featureCount, dst, offset, length * featureCount);
    }
}
