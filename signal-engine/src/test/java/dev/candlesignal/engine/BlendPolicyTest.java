package dev.candlesignal.engine;

import dev.candlesignal.Evaluation;
import static dev.candlesignal.engine.EngineFixtures.BTC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.candlesignal.Candle;
import dev.candlesignal.model.Model;
import dev.candlesignal.policy.Decision;
import dev.candlesignal.policy.FeatureWindow;
import dev.candlesignal.policy.MarketContext;
import dev.candlesignal.policy.SignalPolicy;
import dev.candlesignal.engine.ThresholdPolicy;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.TestFeatureSet;
import dev.candlesignal.testkit.TestModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A user's own policy can blend a second model, using the raw feature window the engine exposes. */
class BlendPolicyTest {

    /** Averages the engine's probability with a second model's, then applies the default thresholds. */
    static final class BlendPolicy implements SignalPolicy {
        final Model second;
        final ThresholdPolicy thresholds = ThresholdPolicy.defaults();
        volatile double lastSecond;

        BlendPolicy(Model second) {
            this.second = second;
        }

        @Override
        public Decision decide(MarketContext ctx) {
            FeatureWindow w = ctx.features();
            // the model's input is laid out oldest row first; the window counts candles ago
            int rows = w.rows();
            float[] window = new float[rows * w.columns().size()];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < w.columns().size(); c++) {
                    window[r * w.columns().size() + c] = (float) second.scaler().scale(c, w.ago(rows - 1 - r, c));
                }
            }
            lastSecond = second.predict(window, 0);
            double blended = 0.5 * ctx.probability() + 0.5 * lastSecond;
            return thresholds.decide(new MarketContext() {
                @Override
                public dev.candlesignal.StreamKey stream() {
                    return ctx.stream();
                }

                @Override
                public Candle candle() {
                    return ctx.candle();
                }

                @Override
                public double probability() {
                    return blended;
                }

                @Override
                public dev.candlesignal.policy.CandleHistory history() {
                    return ctx.history();
                }

                @Override
                public FeatureWindow features() {
                    return w;
                }
            });
        }

        @Override
        public int historyBars() {
            return thresholds.historyBars();
        }
    }

    @Test
    void aPolicyCanBlendASecondModelWithoutTouchingTheEngine() {
        TestFeatureSet fs = TestFeatureSet.create();
        TestModel second = TestModel.constant(fs, 4, "b", 0.9);
        BlendPolicy policy = new BlendPolicy(second);
        SignalEngine engine = SignalEngine.builder().featureSet(fs).model(TestModel.constant(fs, 4, "a", 0.5))
                .policy(policy).build();
        List<Candle> candles = Candles.randomWalk(51, 20);
        Evaluation last = null;
        for (Candle c : candles) {
            last = engine.onCandle(BTC, c);
        }
        assertThat(policy.lastSecond).isCloseTo(0.9, within(1e-6));
        assertThat(last.signal().orElseThrow().confidence()).isCloseTo(0.7, within(1e-6));
        assertThat(last.signal().get().action()).isEqualTo(dev.candlesignal.Action.BUY);
        assertThat(second.windowsPredicted()).isEqualTo(20 - 14);
    }
}
