package dev.candlesignal.engine;

import dev.candlesignal.Evaluation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.policy.SignalPolicy;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.RecordingListener;
import dev.candlesignal.testkit.TestFeatureSet;
import dev.candlesignal.testkit.TestModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineBatchTest {
    final TestFeatureSet fs = TestFeatureSet.create();

    SignalEngine engine(TestModel model, int parallelism, int maxBatch) {
        return SignalEngine.builder().featureSet(fs).model(model).parallelism(parallelism).maxBatchSize(maxBatch)
                .policy(ThresholdPolicy.builder().atrPeriod(2).build()).build();
    }

    static List<StreamKey> streams(int n) {
        List<StreamKey> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add(StreamKey.of("SYM" + i, Interval.HOUR_1));
        }
        return keys;
    }

    /** Per stream, its own random walk. */
    static List<List<Candle>> walks(int streams, int candles) {
        List<List<Candle>> out = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            out.add(Candles.randomWalk(100 + s, candles, Interval.HOUR_1, 10 + s));
        }
        return out;
    }

    @Test
    void streamsThatCloseTogetherArePredictedInOneModelCall() {
        List<StreamKey> keys = streams(50);
        List<List<Candle>> walks = walks(50, 8);
        TestModel batched = TestModel.linear(fs, 3, "1");
        SignalEngine engine = engine(batched, 1, 256);
        TestModel single = TestModel.linear(fs, 3, "1");
        SignalEngine reference = engine(single, 1, 256);
        for (int t = 0; t < 8; t++) {
            List<StreamCandle> tick = new ArrayList<>();
            for (int s = 0; s < keys.size(); s++) {
                tick.add(new StreamCandle(keys.get(s), walks.get(s).get(t)));
            }
            long callsBefore = batched.calls();
            List<Evaluation> got = engine.onCandles(tick);
            if (t >= 4) {
                assertThat(batched.calls() - callsBefore).as("model calls at tick %d", t).isEqualTo(1);
            }
            for (int s = 0; s < keys.size(); s++) {
                Evaluation expected = reference.onCandle(keys.get(s), walks.get(s).get(t));
                assertThat(got.get(s).stream()).isEqualTo(keys.get(s));
                assertThat(got.get(s).status()).isEqualTo(expected.status());
                assertThat(got.get(s).probability()).isEqualTo(expected.probability());
            }
        }
    }

    @Test
    void largeBatchesAreSplitAndSpreadOverThreadsWithTheSameResults() {
        List<StreamKey> keys = streams(300);
        List<List<Candle>> walks = walks(300, 6);
        TestModel model = TestModel.linear(fs, 3, "1");
        SignalEngine parallel = engine(model, 2, 64);
        SignalEngine sequential = engine(TestModel.linear(fs, 3, "1"), 1, 256);
        try {
            for (int t = 0; t < 6; t++) {
                List<StreamCandle> tick = new ArrayList<>();
                for (int s = 0; s < keys.size(); s++) {
                    tick.add(new StreamCandle(keys.get(s), walks.get(s).get(t)));
                }
                long before = model.calls();
                List<Evaluation> a = parallel.onCandles(tick);
                List<Evaluation> b = sequential.onCandles(tick);
                if (t >= 4) {
                    assertThat(model.calls() - before).as("two shares of 150 windows, each in batches of at most 64").isEqualTo(6);
                }
                for (int s = 0; s < keys.size(); s++) {
                    assertThat(a.get(s).probability()).isEqualTo(b.get(s).probability());
                }
            }
        } finally {
            parallel.close();
        }
    }

    @Test
    void aStreamMayAppearSeveralTimesInOneBatch() {
        StreamKey key = StreamKey.of("BTCUSDT", Interval.HOUR_1);
        List<Candle> walk = Candles.randomWalk(5, 10);
        SignalEngine engine = engine(TestModel.linear(fs, 3, "1"), 1, 256);
        List<StreamCandle> all = walk.stream().map(c -> new StreamCandle(key, c)).toList();
        List<Evaluation> batched = engine.onCandles(all);
        SignalEngine reference = engine(TestModel.linear(fs, 3, "1"), 1, 256);
        for (int i = 0; i < walk.size(); i++) {
            assertThat(batched.get(i).candle()).isEqualTo(walk.get(i));
            assertThat(batched.get(i).probability()).isEqualTo(reference.onCandle(key, walk.get(i)).probability());
        }
    }

    @Test
    void oneBadCandleInABatchDoesNotSpoilTheOthers() {
        List<StreamKey> keys = streams(3);
        List<List<Candle>> walks = walks(3, 8);
        RecordingListener listener = new RecordingListener();
        SignalEngine engine = SignalEngine.builder().featureSet(fs).model(TestModel.linear(fs, 3, "1"))
                .policy(ThresholdPolicy.builder().atrPeriod(2).build()).listener(listener).build();
        for (int t = 0; t < 6; t++) {
            for (int s = 0; s < 3; s++) {
                engine.onCandle(keys.get(s), walks.get(s).get(t));
            }
        }
        List<Evaluation> got = engine.onCandles(List.of(
                new StreamCandle(keys.get(0), walks.get(0).get(6)),
                new StreamCandle(keys.get(1), walks.get(1).get(2)),
                new StreamCandle(keys.get(2), walks.get(2).get(6))));
        assertThat(got.get(0).probability()).isPresent();
        assertThat(got.get(1).status()).isEqualTo(Evaluation.Status.REJECTED);
        assertThat(got.get(1).error().orElseThrow()).isInstanceOf(dev.candlesignal.CandleSequenceException.class);
        assertThat(got.get(2).probability()).isPresent();
        assertThat(listener.failures()).hasSize(1);
    }
}
