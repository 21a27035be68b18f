package dev.candlesignal.engine;

import dev.candlesignal.Evaluation;
import static dev.candlesignal.engine.EngineFixtures.BTC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.policy.SignalPolicy;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.Generators;
import dev.candlesignal.testkit.Property;
import dev.candlesignal.testkit.TestFeatureSet;
import dev.candlesignal.testkit.TestModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineReadinessTest {

    @Test
    void readyAfterWarmupPlusSequenceLengthMinusOne() {
        TestFeatureSet fs = TestFeatureSet.withPeriod(5);
        TestModel model = TestModel.linear(fs, 4, "1");
        SignalEngine engine = SignalEngine.builder().featureSet(fs).model(model)
                .policy(ThresholdPolicy.builder().atrPeriod(2).build()).build();
        assertThat(engine.candlesToReady()).isEqualTo(5 + 4 - 1);
        List<Candle> candles = Candles.randomWalk(1, 12);
        for (int i = 0; i < 7; i++) {
            Evaluation e = engine.onCandle(BTC, candles.get(i));
            assertThat(e.status()).isEqualTo(Evaluation.Status.NOT_READY);
            assertThat(e.candlesUntilReady()).isEqualTo(7 - i);
            assertThat(e.signal()).isEmpty();
            assertThat(e.reason()).contains("needs " + (7 - i) + " more candle");
        }
        assertThat(model.windowsPredicted()).isZero();
        assertThat(engine.status(BTC).orElseThrow().ready()).isFalse();
        Evaluation first = engine.onCandle(BTC, candles.get(7));
        assertThat(first.status()).isIn(Evaluation.Status.HOLD, Evaluation.Status.SIGNAL);
        assertThat(first.candlesUntilReady()).isZero();
        assertThat(first.probability()).isPresent();
        assertThat(model.windowsPredicted()).isEqualTo(1);
        assertThat(engine.status(BTC).orElseThrow().ready()).isTrue();
        assertThat(engine.status(BTC).orElseThrow().candles()).isEqualTo(8);
    }

    @Test
    void thePolicysHistoryNeedCanBeTheLongerOne() {
        TestFeatureSet fs = TestFeatureSet.create();
        SignalEngine engine = SignalEngine.builder().featureSet(fs).model(TestModel.linear(fs, 4, "1")).build();
        assertThat(engine.candlesToReady()).as("ATR14 needs 15 candles").isEqualTo(15);
        List<Candle> candles = Candles.randomWalk(2, 16);
        for (int i = 0; i < 14; i++) {
            assertThat(engine.onCandle(BTC, candles.get(i)).status()).isEqualTo(Evaluation.Status.NOT_READY);
        }
        assertThat(engine.onCandle(BTC, candles.get(14)).signal()).isPresent();
    }

    @Test
    void aStreamThatWasRemovedStartsOver() {
        TestFeatureSet fs = TestFeatureSet.create();
        SignalEngine engine = SignalEngine.builder().featureSet(fs).model(TestModel.linear(fs, 2, "1"))
                .policy(ThresholdPolicy.builder().atrPeriod(1).build()).build();
        List<Candle> candles = Candles.randomWalk(3, 10);
        for (int i = 0; i < 6; i++) {
            engine.onCandle(BTC, candles.get(i));
        }
        assertThat(engine.streams()).containsExactly(BTC);
        assertThat(engine.removeStream(BTC)).isTrue();
        assertThat(engine.status(BTC)).isEmpty();
        assertThat(engine.onCandle(BTC, candles.get(6)).status()).isEqualTo(Evaluation.Status.NOT_READY);
    }

    record Case(List<Candle> candles, int period, int sequenceLength) {
    }

    @Test
    void noSignalBeforeReady() {
        Property.forAll(Generators.combine(Candles.series(1, 60), Generators.integers(2, 8), Generators.integers(1, 12),
                Case::new)).tries(80).check(c -> noSignalBeforeReady(c.candles(), c.period(), c.sequenceLength()));
    }

    private static void noSignalBeforeReady(List<Candle> candles, int period, int sequenceLength) {
        TestFeatureSet fs = TestFeatureSet.withPeriod(period);
        SignalEngine engine = SignalEngine.builder().featureSet(fs).model(TestModel.linear(fs, sequenceLength, "1"))
                .policy(ThresholdPolicy.builder().atrPeriod(1).build()).cooldown(java.time.Duration.ZERO).build();
        int ready = engine.candlesToReady();
        for (int i = 0; i < candles.size(); i++) {
            Evaluation e = engine.onCandle(BTC, candles.get(i));
            if (i + 1 < ready) {
                assertThat(e.status()).isEqualTo(Evaluation.Status.NOT_READY);
                assertThat(e.signal()).isEmpty();
                assertThat(e.candlesUntilReady()).isEqualTo(ready - 1 - i);
            } else if (e.signal().isPresent()) {
                assertThat(e.candlesUntilReady()).isZero();
            }
        }
    }
}
