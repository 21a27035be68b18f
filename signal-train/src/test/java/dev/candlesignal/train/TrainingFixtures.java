package dev.candlesignal.train;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.feature.Feature;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.train.export.Architecture;
import dev.candlesignal.training.TrainingJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small, fast training set-ups for tests. */
final class TrainingFixtures {
    static final StreamKey BTC = StreamKey.of("BTCUSDT", Interval.HOUR_1);

    /** Two columns from klines alone: the last return and the candle's range. */
    static final FeatureSet SMALL = FeatureSet.builder()
            .name("small")
            .add(Feature.of("ret_1", 2, w -> w.close(0) / w.close(1) - 1))
            .add(Feature.of("range", 1, w -> (w.high(0) - w.low(0)) / w.close(0)))
            .build();

    private TrainingFixtures() {
    }

    /**
     * Candles whose closes zig-zag (up, down, up, ...) with noise in the size of the moves: the next direction is
     * the opposite of the last return's sign, which a model can learn.
     */
    static List<Candle> zigzag(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Candle> out = new ArrayList<>();
        double close = 100;
        Instant open = Candles.START;
        for (int i = 0; i < n; i++) {
            double o = close;
            double move = (0.002 + r.nextDouble() * 0.01) * (i % 2 == 0 ? 1 : -1);
            double c = o * (1 + move);
            out.add(Candles.hourly(open, o, Math.max(o, c) * 1.001, Math.min(o, c) * 0.999, c, 100 + i));
            close = c;
            open = Interval.HOUR_1.next(open);
        }
        return out;
    }

    static TrainingJob job(List<Candle> candles) {
        return TrainingJob.of("test-model", "1", BTC, candles);
    }

    /** A small, quick configuration: windows of 8, batch 16, 3 epochs. */
    static LstmTrainer.Builder quick(Architecture architecture) {
        return LstmTrainer.builder().featureSet(SMALL).architecture(architecture).sequenceLength(8).batchSize(16)
                .epochs(3).patience(3);
    }
}
