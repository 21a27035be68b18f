package dev.candlesignal.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.model.LabelSpec;
import dev.candlesignal.model.ModelSpec;
import dev.candlesignal.model.Scaler;
import dev.candlesignal.testkit.TestFeatureSet;
import dev.candlesignal.testkit.TestModel;
import dev.candlesignal.training.HeldOutScores;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The held-out comparison on twelve zigzag candles worked out by hand. With the test feature set (warm-up 3) and
 * windows of 2, the first defined window ends at candle 3; from candle 5 on and with the label one candle later, the
 * scored windows end at candles 5..10. The zigzag goes up at even candles, so the label of window k ("candle k + 1
 * closes higher") is true for odd k: 5, 7, 9 up, 6, 8, 10 down; and the previous direction is always wrong.
 */
class HeldOutTest {
    private static final StreamKey BTC = StreamKey.of("BTCUSDT", Interval.HOUR_1);
    private static final TestFeatureSet FEATURES = TestFeatureSet.create();
    private static final LabelSpec NEXT_UP = LabelSpec.nextCandleUp();
    private final List<Candle> candles = Zigzag.candles(12);
    private final Instant from = candles.get(5).openTime();

    @Test
    void bothModelsAreScoredOnTheSameWindowsBesideTheBaselines() {
        TestModel champion = TestModel.constant(FEATURES, 2, "1", 0.8);
        TestModel challenger = TestModel.constant(FEATURES, 2, "2", 0.3);
        HeldOutScores s = HeldOut.score(FEATURES, champion, challenger, NEXT_UP, Map.of(BTC, candles), from, 0.5)
                .orElseThrow();
        assertThat(s.windows()).isEqualTo(6);
        assertThat(s.from()).isEqualTo(from);
        assertThat(s.to()).as("after the label of the last window, candle 11").isEqualTo(Zigzag.START.plus(
                Duration.ofHours(12)));
        // champion: -ln 0.8 on the three ups, -ln 0.2 on the three downs
        assertThat(s.championLogLoss()).isCloseTo((-Math.log(0.8f) - Math.log(1 - 0.8f)) / 2, within(1e-9));
        // challenger: -ln 0.3 on the ups, -ln 0.7 on the downs
        assertThat(s.challengerLogLoss()).isCloseTo((-Math.log(0.3f) - Math.log(1 - 0.3f)) / 2, within(1e-9));
        assertThat(s.baselineLogLoss()).isCloseTo(Math.log(2), within(1e-12));
        assertThat(s.championHitRate()).as("always up: right on the three ups").isEqualTo(0.5);
        assertThat(s.challengerHitRate()).isEqualTo(0.5);
        assertThat(s.previousDirectionHitRate()).isEqualTo(0.0);
        assertThat(s.improvement()).isCloseTo(s.championLogLoss() - s.challengerLogLoss(), within(1e-15));
    }

    @Test
    void eachModelReadsTheWindowsThroughItsOwnScaler() {
        // p = 0.5 - 0.4 sign(scaled return): with its own scaler (mean 0) the champion is right every time; the
        // challenger's scaler centres the returns on +1, so every scaled return is negative and it always says "up"
        ModelSpec own = new ModelSpec("m", "1", FEATURES.id(), FEATURES.columns(), 2, Scaler.identity(3));
        ModelSpec shifted = new ModelSpec("m", "2", FEATURES.id(), FEATURES.columns(), 2,
                new Scaler(new double[] {1, 0, 0}, new double[] {1, 1, 1}, 0));
        TestModel champion = TestModel.ofNewestFirstFeature(own, x -> 0.5 - 0.4 * Math.signum(x));
        TestModel challenger = TestModel.ofNewestFirstFeature(shifted, x -> 0.5 - 0.4 * Math.signum(x));
        HeldOutScores s = HeldOut.score(FEATURES, champion, challenger, NEXT_UP, Map.of(BTC, candles), from, 0.5)
                .orElseThrow();
        assertThat(s.championHitRate()).isEqualTo(1.0);
        assertThat(s.challengerHitRate()).isEqualTo(0.5);
    }

    @Test
    void noScoredWindowSpansAGap() {
        List<Candle> gapped = new ArrayList<>(candles);
        gapped.remove(8);
        TestModel m = TestModel.constant(FEATURES, 2, "1", 0.8);
        HeldOutScores s = HeldOut.score(FEATURES, m, m, NEXT_UP, Map.of(BTC, gapped), from, 0.5).orElseThrow();
        // k = 7 (its label is the missing candle) and k = 9 (its window starts at it) go; 5, 6 and 10 stay
        assertThat(s.windows()).isEqualTo(3);
        assertThat(HeldOut.score(FEATURES, m, m, NEXT_UP, Map.of(BTC, candles), candles.get(11).openTime(), 0.5))
                .as("nothing after the last label").isEmpty();
    }

    @Test
    void theBaseRateIsTheShareOfUpLabelsInTheTrainingCandles() {
        // labels of candles 0..10: up at odd k (5 of 11)
        assertThat(HeldOut.baseRate(Map.of(BTC, candles), NEXT_UP)).isEqualTo(5.0 / 11);
        List<Candle> gapped = new ArrayList<>(candles);
        gapped.remove(8); // the pairs (7, 8) and (8, 9) go: 4 ups of 9
        assertThat(HeldOut.baseRate(Map.of(BTC, gapped), NEXT_UP)).isEqualTo(4.0 / 9);
        assertThat(HeldOut.baseRate(Map.of(BTC, List.of()), NEXT_UP)).isEqualTo(0.5);
    }
}
