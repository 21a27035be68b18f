package dev.candlesignal.engine;

import dev.candlesignal.Evaluation;
import static dev.candlesignal.engine.EngineFixtures.BTC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Candle;
import dev.candlesignal.CandleSequenceException;
import dev.candlesignal.Gap;
import dev.candlesignal.InferenceException;
import dev.candlesignal.Interval;
import dev.candlesignal.SignalException;
import dev.candlesignal.policy.SignalPolicy;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.RecordingListener;
import dev.candlesignal.testkit.TestFeatureSet;
import dev.candlesignal.testkit.TestModel;
import dev.candlesignal.testkit.Generators;
import dev.candlesignal.testkit.Property;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EngineSequenceTest {
    final TestFeatureSet fs = TestFeatureSet.create();
    final RecordingListener listener = new RecordingListener();

    SignalEngine engine(TestModel model) {
        return SignalEngine.builder().featureSet(fs).model(model).listener(listener).cooldown(Duration.ZERO)
                .policy(ThresholdPolicy.builder().atrPeriod(2).build()).build();
    }

    /** Probabilities of every predicted evaluation, in order (NaN where none). */
    static List<Double> probabilities(List<Evaluation> evaluations) {
        return evaluations.stream().map(e -> e.probability().orElse(Double.NaN)).toList();
    }

    @Test
    void anExactDuplicateIsIgnored() {
        TestModel model = TestModel.linear(fs, 3, "1");
        SignalEngine engine = engine(model);
        List<Candle> candles = Candles.randomWalk(5, 8);
        candles.forEach(c -> engine.onCandle(BTC, c));
        long predicted = model.windowsPredicted();
        Evaluation again = engine.onCandle(BTC, candles.get(7));
        assertThat(again.status()).isEqualTo(Evaluation.Status.DUPLICATE);
        assertThat(again.reason()).contains("already processed");
        assertThat(model.windowsPredicted()).isEqualTo(predicted);
        assertThat(engine.status(BTC).orElseThrow().candles()).isEqualTo(8);
        // a duplicate with an order book attached is still the same kline
        Candle withBook = candles.get(7).withOrderBook(new dev.candlesignal.OrderBookSnapshot(Instant.EPOCH,
                new double[] {1}, new double[] {1}));
        assertThat(engine.onCandle(BTC, withBook).status()).isEqualTo(Evaluation.Status.DUPLICATE);
    }

    @Test
    void anOlderCandleIsRejectedAndLeavesTheStreamUntouched() {
        List<Candle> candles = Candles.randomWalk(6, 12);
        SignalEngine clean = engine(TestModel.linear(fs, 3, "1"));
        List<Evaluation> expected = candles.stream().map(c -> clean.onCandle(BTC, c)).toList();

        SignalEngine engine = engine(TestModel.linear(fs, 3, "1"));
        List<Evaluation> got = new ArrayList<>();
        for (int i = 0; i < candles.size(); i++) {
            got.add(engine.onCandle(BTC, candles.get(i)));
            if (i == 8) {
                assertThatThrownBy(() -> engine.onCandle(BTC, candles.get(4)))
                        .isInstanceOf(CandleSequenceException.class)
                        .hasMessageContaining("is older than the last processed candle")
                        .extracting(e -> ((CandleSequenceException) e).kind())
                        .isEqualTo(CandleSequenceException.Kind.OUT_OF_ORDER);
            }
        }
        assertThat(probabilities(got)).isEqualTo(probabilities(expected));
        assertThat(listener.failures()).hasSize(1);
        assertThat(listener.failures().get(0).candle()).contains(candles.get(4));
    }

    @Test
    void aConflictingRevisionIsRejectedAndLeavesTheStreamUntouched() {
        List<Candle> candles = Candles.randomWalk(7, 10);
        SignalEngine engine = engine(TestModel.linear(fs, 3, "1"));
        for (int i = 0; i < 6; i++) {
            engine.onCandle(BTC, candles.get(i));
        }
        Candle revised = candles.get(5).toBuilder().volume(candles.get(5).volume() + 1).build();
        assertThatThrownBy(() -> engine.onCandle(BTC, revised)).isInstanceOf(CandleSequenceException.class)
                .hasMessageContaining("was already processed with different values")
                .extracting(e -> ((CandleSequenceException) e).kind())
                .isEqualTo(CandleSequenceException.Kind.CONFLICTING_REVISION);
        SignalEngine clean = engine(TestModel.linear(fs, 3, "1"));
        for (int i = 0; i < 6; i++) {
            clean.onCandle(BTC, candles.get(i));
        }
        for (int i = 6; i < 10; i++) {
            assertThat(engine.onCandle(BTC, candles.get(i)).probability())
                    .isEqualTo(clean.onCandle(BTC, candles.get(i)).probability());
        }
    }

    @Test
    void aGapIsReportedAndProcessingContinues() {
        List<Candle> walk = Candles.randomWalk(8, 12);
        List<Candle> candles = new ArrayList<>(walk.subList(0, 6));
        Duration shift = Duration.ofHours(3);
        for (Candle c : walk.subList(6, 12)) {
            candles.add(c.toBuilder().openTime(c.openTime().plus(shift)).closeTime(c.closeTime().plus(shift)).build());
        }
        SignalEngine engine = engine(TestModel.linear(fs, 3, "1"));
        List<Evaluation> got = candles.stream().map(c -> engine.onCandle(BTC, c)).toList();
        assertThat(listener.gaps()).containsExactly(new Gap(BTC, candles.get(5).openTime(), candles.get(6).openTime(), 3));
        assertThat(engine.status(BTC).orElseThrow().gaps()).isEqualTo(1);
        assertThat(got.get(11).probability()).isPresent();
    }

    @Test
    void undefinedFeaturesAfterWarmupGiveNoPredictionUntilTheWindowIsCleanAgain() {
        List<Candle> candles = new ArrayList<>(Candles.randomWalk(9, 20));
        // candle 11's return is undefined (prices are > 0, so the feature set is scripted to say so)
        candles.set(11, candles.get(11).toBuilder().trades(EngineFixtures.MARK).build());
        SignalEngine engine = SignalEngine.builder().featureSet(EngineFixtures.undefinedFirstColumnWhenMarked(fs))
                .model(TestModel.linear(fs, 3, "1")).listener(listener).cooldown(Duration.ZERO)
                .policy(ThresholdPolicy.builder().atrPeriod(2).build()).build();
        List<Evaluation> got = candles.stream().map(c -> engine.onCandle(BTC, c)).toList();
        assertThat(got.get(10).status()).isIn(Evaluation.Status.HOLD, Evaluation.Status.SIGNAL);
        for (int i = 11; i <= 13; i++) {
            assertThat(got.get(i).status()).as("candle %d", i).isEqualTo(Evaluation.Status.UNDEFINED_FEATURES);
            assertThat(got.get(i).reason()).contains("feature 'return_1' is NaN");
        }
        assertThat(got.get(14).probability()).isPresent();
    }

    @Test
    void aFailedPredictionIsReportedAndRetriedWhenTheCandleComesAgain() {
        TestModel model = TestModel.linear(fs, 3, "1");
        SignalEngine engine = engine(model);
        List<Candle> candles = Candles.randomWalk(10, 8);
        for (int i = 0; i < 7; i++) {
            engine.onCandle(BTC, candles.get(i));
        }
        model.failWith(new IllegalStateException("native crash"));
        assertThatThrownBy(() -> engine.onCandle(BTC, candles.get(7))).isInstanceOf(InferenceException.class)
                .hasMessageContaining("model test-model v1 failed").hasMessageContaining("native crash");
        assertThat(listener.failures()).hasSize(1);
        model.failWith(null);
        Evaluation retried = engine.onCandle(BTC, candles.get(7));
        assertThat(retried.probability()).isPresent();
        assertThat(engine.onCandle(BTC, candles.get(7)).status()).isEqualTo(Evaluation.Status.DUPLICATE);
        assertThat(engine.status(BTC).orElseThrow().candles()).isEqualTo(8);
    }

    @Test
    void aModelAnsweringSomethingElseThanAProbabilityFails() {
        SignalEngine engine = engine(TestModel.constant(fs, 3, "1", Double.NaN));
        List<Candle> candles = Candles.randomWalk(11, 8);
        for (int i = 0; i < 4; i++) {
            engine.onCandle(BTC, candles.get(i));
        }
        assertThatThrownBy(() -> engine.onCandle(BTC, candles.get(4))).isInstanceOf(InferenceException.class)
                .hasMessageContaining("returned NaN").hasMessageContaining("which is not a probability");
    }

    @Test
    void aFailingPolicyIsReportedNotTurnedIntoHold() {
        SignalEngine engine = SignalEngine.builder().featureSet(fs).model(TestModel.linear(fs, 3, "1"))
                .policy(ctx -> {
                    throw new ArithmeticException("bad rule");
                }).build();
        List<Candle> candles = Candles.randomWalk(12, 8);
        for (int i = 0; i < 4; i++) {
            engine.onCandle(BTC, candles.get(i));
        }
        assertThatThrownBy(() -> engine.onCandle(BTC, candles.get(4))).isInstanceOf(SignalException.class)
                .hasMessageContaining("bad rule");
        List<Evaluation> batch = engine.onCandles(List.of(new StreamCandle(BTC, candles.get(5))));
        assertThat(batch.get(0).status()).isEqualTo(Evaluation.Status.FAILED);
        assertThat(batch.get(0).error()).isPresent();
    }

    @Test
    void aThrowingListenerDoesNotStopTheEngineOrOtherListeners() {
        RecordingListener second = new RecordingListener();
        SignalEngine engine = SignalEngine.builder().featureSet(fs).model(TestModel.constant(fs, 3, "1", 0.9))
                .policy(ThresholdPolicy.builder().atrPeriod(2).build())
                .listener(signal -> {
                    throw new IllegalStateException("listener bug");
                }).listener(second).build();
        Candles.randomWalk(13, 8).forEach(c -> engine.onCandle(BTC, c));
        assertThat(second.signals()).isNotEmpty();
        assertThat(second.evaluations()).hasSize(8);
    }

    @Test
    void aClosedEngineRefusesCandles() {
        SignalEngine engine = engine(TestModel.linear(fs, 3, "1"));
        engine.close();
        engine.close();
        assertThatThrownBy(() -> engine.onCandle(BTC, Candles.randomWalk(1, 1).get(0)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    record Deliveries(List<Candle> candles, long seed) {
    }

    @Test
    void duplicateDeliveryIsIdempotent() {
        Property.forAll(Generators.combine(Candles.series(1, 40), Generators.longs(), Deliveries::new)).tries(60)
                .check(d -> duplicateDeliveryIsIdempotent(d.candles(), d.seed()));
    }

    private void duplicateDeliveryIsIdempotent(List<Candle> candles, long seed) {
        SignalEngine once = engine(TestModel.linear(fs, 3, "1"));
        List<Double> expected = probabilities(candles.stream().map(c -> once.onCandle(BTC, c)).toList());
        SignalEngine repeated = engine(TestModel.linear(fs, 3, "1"));
        Random random = new Random(seed);
        List<Evaluation> got = new ArrayList<>();
        for (Candle c : candles) {
            got.add(repeated.onCandle(BTC, c));
            for (int k = random.nextInt(3); k > 0; k--) {
                assertThat(repeated.onCandle(BTC, c).status()).isEqualTo(Evaluation.Status.DUPLICATE);
            }
        }
        assertThat(probabilities(got)).isEqualTo(expected);
    }

    @Test
    void monthlyGapsCountCalendarMonths() {
        Interval month = Interval.MONTH_1;
        Instant jan = Instant.parse("2020-01-01T00:00:00Z");
        Instant apr = Instant.parse("2020-04-01T00:00:00Z");
        SignalEngine engine = engine(TestModel.linear(fs, 3, "1"));
        dev.candlesignal.StreamKey key = dev.candlesignal.StreamKey.of("BTCUSDT", month);
        engine.onCandle(key, Candles.candle(jan, month, 1, 2, 1, 2, 5, 1));
        engine.onCandle(key, Candles.candle(apr, month, 2, 3, 2, 3, 5, 1));
        assertThat(listener.gaps()).containsExactly(new Gap(key, jan, apr, 2));
    }
}
