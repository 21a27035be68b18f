package dev.candlesignal.engine;

import dev.candlesignal.Evaluation;
import static dev.candlesignal.engine.EngineFixtures.BTC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.model.Scaler;
import dev.candlesignal.policy.SignalPolicy;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.TestFeatureSet;
import dev.candlesignal.testkit.TestModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineImputationTest {

    @Test
    void seedCompatibleImputationForwardFillsThenZeroesWithinTheWindow() {
        TestFeatureSet fs = TestFeatureSet.withPeriod(4);
        Scaler scaler = new Scaler(new double[] {0.5, 0.25, 1}, new double[] {2, 4, 8}, 0);
        EngineFixtures.CapturingModel model = new EngineFixtures.CapturingModel(TestModel.linear(fs, 5, "1", scaler, 1));
        SignalEngine engine = SignalEngine.builder().featureSet(fs).model(model).imputation(Imputation.FORWARD_FILL_THEN_ZERO)
                .policy(ThresholdPolicy.builder().atrPeriod(1).build()).build();
        assertThat(engine.candlesToReady()).as("ready once the window is full").isEqualTo(5);
        List<Candle> candles = Candles.randomWalk(31, 6);
        for (int i = 0; i < 4; i++) {
            assertThat(engine.onCandle(BTC, candles.get(i)).status()).isEqualTo(Evaluation.Status.NOT_READY);
        }
        assertThat(engine.onCandle(BTC, candles.get(4)).probability()).isPresent();
        double[][] raw = fs.compute(candles.subList(0, 5));
        float[] w = model.windows.get(0);
        // column 0 (return_1) is NaN in row 0 only, with nothing before it: 0, then scaled as 0 -> (0 - 0.5) / 2
        assertThat(w[0]).isEqualTo((float) ((0 - 0.5) / 2));
        // column 1 (sma_ratio_4) is NaN in rows 0..2: zero-filled (nothing to forward-fill from)
        for (int r = 0; r < 3; r++) {
            assertThat(w[r * 3 + 1]).isEqualTo((float) ((0 - 0.25) / 4));
        }
        assertThat(w[3 * 3 + 1]).isEqualTo((float) ((raw[3][1] - 0.25) / 4));
        assertThat(w[4 * 3 + 2]).isEqualTo((float) ((raw[4][2] - 1) / 8));
    }

    @Test
    void forwardFillUsesTheLastDefinedValueOfTheColumn() {
        TestFeatureSet plain = TestFeatureSet.withPeriod(2);
        dev.candlesignal.feature.FeatureSet fs = EngineFixtures.undefinedFirstColumnWhenMarked(plain);
        EngineFixtures.CapturingModel model = new EngineFixtures.CapturingModel(TestModel.linear(plain, 4, "1"));
        SignalEngine engine = SignalEngine.builder().featureSet(fs).model(model).imputation(Imputation.FORWARD_FILL_THEN_ZERO)
                .policy(ThresholdPolicy.builder().atrPeriod(1).build()).build();
        List<Candle> candles = new java.util.ArrayList<>(Candles.randomWalk(32, 8));
        // candle 6's return is undefined (prices are > 0, so the feature set is scripted to say so)
        candles.set(6, candles.get(6).toBuilder().trades(EngineFixtures.MARK).build());
        candles.forEach(c -> engine.onCandle(BTC, c));
        double[][] raw = fs.compute(candles);
        float[] last = model.windows.get(model.windows.size() - 2); // window ending at candle 6
        assertThat(Double.isNaN(raw[6][0])).isTrue();
        assertThat(last[3 * 3]).as("NaN at candle 6 carries candle 5's value").isEqualTo((float) raw[5][0]);
    }
}
