package dev.candlesignal.engine;

import static dev.candlesignal.engine.EngineFixtures.BTC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Candle;
import dev.candlesignal.CandleTimeException;
import dev.candlesignal.Evaluation;
import dev.candlesignal.Interval;
import dev.candlesignal.ModelMismatchException;
import dev.candlesignal.StreamKey;
import dev.candlesignal.model.ModelSpec;
import dev.candlesignal.model.TrainingInfo;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.RecordingListener;
import dev.candlesignal.testkit.TestFeatureSet;
import dev.candlesignal.testkit.TestModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the engine checks when a candle enters a stream: its times against the stream's interval, the model's training
 * interval, and (served, but counted) the model's training symbols.
 */
class EngineCandleChecksTest {
    final TestFeatureSet fs = TestFeatureSet.create();
    final RecordingListener listener = new RecordingListener();
    static final TrainingInfo BTC_1H = new TrainingInfo(List.of("BTCUSDT"), Interval.HOUR_1,
            Instant.parse("2019-07-01T00:00:00Z"), Instant.parse("2020-01-01T00:00:00Z"));

    SignalEngine.Builder builder(TestModel model) {
        return SignalEngine.builder().featureSet(fs).model(model).listener(listener).cooldown(Duration.ZERO)
                .policy(ThresholdPolicy.builder().atrPeriod(2).build());
    }

    TestModel trainedOnBtc1h() {
        ModelSpec spec = TestModel.linear(fs, 3, "1").spec().withTraining(BTC_1H);
        return TestModel.withSpec(spec);
    }

    static Candle moved(Candle c, Duration by) {
        return c.toBuilder().openTime(c.openTime().plus(by)).closeTime(c.closeTime().plus(by)).build();
    }

    /** Feeds {@code bad} after candle {@code at} and checks the stream ends exactly as without it. */
    void assertRejectedAndUntouched(List<Candle> candles, int at, Candle bad, CandleTimeException.Rule rule,
            String... messageParts) {
        SignalEngine clean = builder(TestModel.linear(fs, 3, "1")).build();
        List<Evaluation> expected = candles.stream().map(c -> clean.onCandle(BTC, c)).toList();

        SignalEngine engine = builder(TestModel.linear(fs, 3, "1")).build();
        List<Evaluation> got = new ArrayList<>();
        for (int i = 0; i < candles.size(); i++) {
            got.add(engine.onCandle(BTC, candles.get(i)));
            if (i == at) {
                var before = engine.status(BTC).orElseThrow();
                assertThatThrownBy(() -> engine.onCandle(BTC, bad)).isInstanceOf(CandleTimeException.class)
                        .hasMessageContaining("BTCUSDT@1h: candle opened at " + bad.openTime())
                        .hasMessageContaining("rule " + rule)
                        .hasMessageContaining(String.join("", messageParts))
                        .extracting(e -> ((CandleTimeException) e).rule()).isEqualTo(rule);
                assertThat(engine.status(BTC).orElseThrow()).as("stream untouched").isEqualTo(before);
            }
        }
        assertThat(got).extracting(Evaluation::status).isEqualTo(expected.stream().map(Evaluation::status).toList());
        assertThat(got).extracting(e -> e.probability().orElse(Double.NaN))
                .isEqualTo(expected.stream().map(e -> e.probability().orElse(Double.NaN)).toList());
        assertThat(engine.status(BTC).orElseThrow().gaps()).isZero();
    }

    @Test
    void aCandleOffTheGridIsRejectedAndLeavesTheStreamUntouched() {
        List<Candle> candles = Candles.randomWalk(3, 14);
        Candle shifted = moved(candles.get(9), Duration.ofMinutes(30));
        assertRejectedAndUntouched(candles, 8, shifted, CandleTimeException.Rule.GRID,
                "open time 2020-01-01T09:30:00Z is not on the 1h grid");
    }

    @Test
    void aCandleOfALongerIntervalIsRejected() {
        List<Candle> candles = Candles.randomWalk(4, 12);
        Candle c = candles.get(6);
        Candle fourHours = c.toBuilder().closeTime(c.openTime().plus(Duration.ofHours(4)).minusMillis(1)).build();
        assertRejectedAndUntouched(candles, 5, fourHours, CandleTimeException.Rule.CLOSE_TIME,
                "close time 2020-01-01T09:59:59.999Z is after the end of the 1h candle opened at 2020-01-01T06:00:00Z");
    }

    @Test
    void epochSecondsReadAsMillisecondsAreRejected() {
        List<Candle> candles = Candles.randomWalk(5, 10);
        Candle c = candles.get(5);
        Instant open = Instant.ofEpochMilli(c.openTime().getEpochSecond());
        Instant seconds1970 = open.minusMillis(open.toEpochMilli() % 3_600_000);
        Candle bad = c.toBuilder().openTime(seconds1970).closeTime(seconds1970.plusSeconds(3599)).build();
        assertRejectedAndUntouched(candles, 4, bad, CandleTimeException.Rule.RANGE,
                "is outside 2009-01-01T00:00:00Z .. 2100-01-01T00:00:00Z");
    }

    @Test
    void aSpacingThatIsNotAWholeNumberOfIntervalsIsRejected() {
        // 3d candles are only checked for midnight, so two days apart passes the grid and fails the spacing
        StreamKey key = StreamKey.of("BTCUSDT", Interval.DAY_3);
        List<Candle> candles = Candles.randomWalk(6, 6, Interval.DAY_3, 100);
        SignalEngine engine = builder(TestModel.linear(fs, 3, "1")).build();
        candles.subList(0, 3).forEach(c -> engine.onCandle(key, c));
        Candle c = candles.get(3);
        Candle early = c.toBuilder().openTime(c.openTime().minus(Duration.ofDays(1)))
                .closeTime(c.closeTime().minus(Duration.ofDays(1))).build();
        var before = engine.status(key).orElseThrow();
        assertThatThrownBy(() -> engine.onCandle(key, early)).isInstanceOf(CandleTimeException.class)
                .hasMessageContaining("not a whole number of 3d intervals after the previous open time")
                .extracting(e -> ((CandleTimeException) e).rule()).isEqualTo(CandleTimeException.Rule.SPACING);
        assertThat(engine.status(key).orElseThrow()).isEqualTo(before);
        assertThat(engine.onCandle(key, c).status()).isNotEqualTo(Evaluation.Status.REJECTED);
        // a jump of k intervals stays a gap
        assertThat(engine.onCandle(key, candles.get(5)).status()).isNotEqualTo(Evaluation.Status.REJECTED);
        assertThat(engine.status(key).orElseThrow().gaps()).isEqualTo(1);
    }

    @Test
    void batchedAndReplayedBadCandlesAreRejectedWithoutThrowing() {
        List<Candle> candles = new ArrayList<>(Candles.randomWalk(7, 10));
        candles.set(6, moved(candles.get(6), Duration.ofMinutes(1)));
        SignalEngine engine = builder(TestModel.linear(fs, 3, "1")).build();
        List<Evaluation> replayed = engine.replay(BTC, candles);
        assertThat(replayed.get(6).status()).isEqualTo(Evaluation.Status.REJECTED);
        assertThat(replayed.get(6).error()).get().isInstanceOf(CandleTimeException.class);
        assertThat(replayed.get(7).status()).isNotEqualTo(Evaluation.Status.REJECTED);
        assertThat(engine.status(BTC).orElseThrow().candles()).isEqualTo(9);
        assertThat(listener.failures()).hasSize(1);

        SignalEngine batched = builder(TestModel.linear(fs, 3, "1")).build();
        List<StreamCandle> batch = candles.stream().map(c -> new StreamCandle(BTC, c)).toList();
        assertThat(batched.onCandles(batch).get(6).status()).isEqualTo(Evaluation.Status.REJECTED);
    }

    @Test
    void aModelRefusesCandlesOfAnotherIntervalThanItWasTrainedOn() {
        StreamKey minutes = StreamKey.of("BTCUSDT", Interval.MINUTE_1);
        List<Candle> candles = Candles.randomWalk(8, 12, Interval.MINUTE_1, 100);
        SignalEngine engine = builder(trainedOnBtc1h()).build();
        assertThatThrownBy(() -> engine.checkStream(minutes)).isInstanceOf(ModelMismatchException.class)
                .hasMessageContaining("model test-model v1 was trained on 1h candles but stream BTCUSDT@1m has 1m "
                        + "candles; refused")
                .hasMessageContaining("allowIntervalMismatch(true)").hasMessageContaining("--allow-interval-mismatch");
        assertThatThrownBy(() -> engine.onCandle(minutes, candles.get(0))).isInstanceOf(ModelMismatchException.class);
        assertThat(engine.status(minutes).map(StreamStatus::candles)).as("nothing entered the stream").contains(0L);
        engine.checkStream(BTC);

        SignalEngine allowed = builder(trainedOnBtc1h()).allowIntervalMismatch(true).build();
        allowed.checkStream(minutes);
        List<Evaluation> got = candles.stream().map(c -> allowed.onCandle(minutes, c)).toList();
        assertThat(got.get(11).probability()).isPresent();
        // a model without training information serves any interval
        builder(TestModel.linear(fs, 3, "1")).build().checkStream(minutes);
    }

    @Test
    void aStreamOfAnotherSymbolIsServedWithOneWarningAndACount() {
        StreamKey bnb = StreamKey.of("BNBUSDT", Interval.HOUR_1);
        List<Candle> candles = Candles.randomWalk(9, 20);
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<Evaluation> got;
        SignalEngine engine = builder(trainedOnBtc1h()).build();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            got = candles.stream().map(c -> engine.onCandle(bnb, c)).toList();
            candles.forEach(c -> engine.onCandle(BTC, c));
        } finally {
            System.setErr(stderr);
        }
        long predictions = got.stream().filter(e -> e.probability().isPresent()).count();
        assertThat(predictions).isGreaterThan(10);
        assertThat(engine.status(bnb).orElseThrow().foreignSymbolPredictions()).isEqualTo(predictions);
        assertThat(engine.status(BTC).orElseThrow().foreignSymbolPredictions()).isZero();
        List<String> warnings = captured.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("WARN") && l.contains("was not trained on")).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("model test-model v1 was not trained on BNBUSDT (its training symbols: "
                + "[BTCUSDT]); serving BNBUSDT@1h anyway");
    }
}
