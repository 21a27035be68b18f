package dev.candlesignal.engine;

import dev.candlesignal.Evaluation;
import static dev.candlesignal.engine.EngineFixtures.BTC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Candle;
import dev.candlesignal.model.Scaler;
import dev.candlesignal.policy.SignalPolicy;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.RecordingListener;
import dev.candlesignal.testkit.TestFeatureSet;
import dev.candlesignal.testkit.TestModel;
import dev.candlesignal.testkit.Generators;
import dev.candlesignal.testkit.Property;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replay batches predictions across time but must be indistinguishable from feeding candles one by one. */
class EngineReplayTest {
    final TestFeatureSet fs = TestFeatureSet.create();

    SignalEngine engine(TestModel model, RecordingListener listener, int maxBatch, int parallelism) {
        return SignalEngine.builder().featureSet(fs).model(model).listener(listener).maxBatchSize(maxBatch)
                .parallelism(parallelism).cooldown(Duration.ofHours(2))
                .policy(ThresholdPolicy.builder().atrPeriod(3).build()).build();
    }

    record Case(List<Candle> candles, int maxBatch, int parallelism) {
    }

    @Test
    void replayEqualsCandleByCandle() {
        Property.forAll(Generators.combine(Candles.series(1, 150), Generators.integers(1, 40),
                        Generators.integers(1, 3), Case::new)).tries(60)
                .check(c -> replayEqualsCandleByCandle(c.candles(), c.maxBatch(), c.parallelism()));
    }

    private void replayEqualsCandleByCandle(List<Candle> candles, int maxBatch, int parallelism) {
        RecordingListener one = new RecordingListener();
        SignalEngine sequential = engine(TestModel.linear(fs, 5, "1", Scaler.identity(3), 30), one, 256, 1);
        List<Evaluation> expected = new ArrayList<>();
        for (Candle c : candles) {
            expected.add(sequential.onCandles(List.of(new StreamCandle(BTC, c))).get(0));
        }
        RecordingListener two = new RecordingListener();
        TestModel model = TestModel.linear(fs, 5, "1", Scaler.identity(3), 30);
        try (SignalEngine replaying = engine(model, two, maxBatch, parallelism)) {
            List<Evaluation> got = replaying.replay(BTC, candles);
            assertThat(got).isEqualTo(expected);
            assertThat(two.evaluations()).isEqualTo(one.evaluations());
            assertThat(two.signals()).isEqualTo(one.signals());
            assertThat(two.gaps()).isEqualTo(one.gaps());
            assertThat(replaying.status(BTC)).isEqualTo(sequential.status(BTC));
            long predictions = expected.stream().filter(e -> e.probability().isPresent()).count();
            assertThat(model.windowsPredicted()).as("each window predicted once").isEqualTo(predictions);
        }
    }

    @Test
    void predictionsAreBatched() {
        TestModel model = TestModel.linear(fs, 5, "1");
        SignalEngine engine = engine(model, new RecordingListener(), 100, 1);
        List<Evaluation> got = engine.replay(BTC, Candles.randomWalk(3, 1000));
        long predicted = got.stream().filter(e -> e.probability().isPresent()).count();
        assertThat(predicted).isEqualTo(1000 - 6);
        assertThat(model.calls()).as("994 windows in batches of 100").isEqualTo(10);
    }

    @Test
    void aStreamWithStateCannotBeReplayed() {
        SignalEngine engine = engine(TestModel.linear(fs, 5, "1"), new RecordingListener(), 100, 1);
        List<Candle> candles = Candles.randomWalk(4, 20);
        engine.onCandle(BTC, candles.get(0));
        assertThatThrownBy(() -> engine.replay(BTC, candles)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already has state");
    }

    @Test
    void aModelFailureDuringTheBatchedPassIsRetriedCandleByCandleAndReported() {
        TestModel model = TestModel.linear(fs, 5, "1");
        model.failWith(new IllegalStateException("gpu fell off"));
        RecordingListener listener = new RecordingListener();
        SignalEngine engine = engine(model, listener, 100, 1);
        List<Evaluation> got = engine.replay(BTC, Candles.randomWalk(5, 30));
        assertThat(got).filteredOn(e -> e.status() == Evaluation.Status.FAILED).hasSize(30 - 6);
        assertThat(listener.failures()).hasSize(30 - 6);
    }
}
