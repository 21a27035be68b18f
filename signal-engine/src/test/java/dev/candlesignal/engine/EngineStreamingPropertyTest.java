package dev.candlesignal.engine;

import dev.candlesignal.Evaluation;
import static dev.candlesignal.engine.EngineFixtures.BTC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.model.Scaler;
import dev.candlesignal.policy.SignalPolicy;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.Generators;
import dev.candlesignal.testkit.Property;
import dev.candlesignal.testkit.TestFeatureSet;
import dev.candlesignal.testkit.TestModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's incremental windows equal the batch computation of features and scaling over the whole history. */
class EngineStreamingPropertyTest {

    record Case(List<Candle> candles, int period, int sequenceLength) {
    }

    @Test
    void everyWindowEqualsTheBatchFeaturesOfItsCandles() {
        Property.forAll(Generators.combine(Candles.series(1, 80), Generators.integers(2, 6), Generators.integers(1, 10),
                Case::new)).tries(80)
                .check(c -> everyWindowEqualsTheBatchFeaturesOfItsCandles(c.candles(), c.period(), c.sequenceLength()));
    }

    private static void everyWindowEqualsTheBatchFeaturesOfItsCandles(List<Candle> candles, int period,
            int sequenceLength) {
        TestFeatureSet fs = TestFeatureSet.withPeriod(period);
        Scaler scaler = new Scaler(new double[] {0.001, -0.003, 4}, new double[] {0.02, 0.05, 2}, 1e-8);
        EngineFixtures.CapturingModel model = new EngineFixtures.CapturingModel(
                TestModel.linear(fs, sequenceLength, "1", scaler, 0.5));
        SignalEngine engine = SignalEngine.builder().featureSet(fs).model(model)
                .policy(ThresholdPolicy.builder().atrPeriod(1).build()).build();
        double[][] batch = fs.compute(candles);
        int captured = 0;
        for (int i = 0; i < candles.size(); i++) {
            Evaluation e = engine.onCandle(BTC, candles.get(i));
            if (e.probability().isEmpty()) {
                continue;
            }
            float[] window = model.windows.get(captured++);
            for (int r = 0; r < sequenceLength; r++) {
                for (int c = 0; c < 3; c++) {
                    double raw = batch[i - sequenceLength + 1 + r][c];
                    float expected = (float) ((raw - scaler.means()[c]) / (scaler.stds()[c] + 1e-8));
                    assertThat(window[r * 3 + c]).as("candle %d row %d col %d", i, r, c).isEqualTo(expected);
                }
            }
        }
        assertThat(model.windows).hasSize(captured);
        if (candles.size() >= engine.candlesToReady()) {
            assertThat(captured).isPositive();
        }
    }
}
