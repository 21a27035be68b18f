package dev.candlesignal.backtest;

import static dev.candlesignal.backtest.Scripted.BTC;
import static dev.candlesignal.backtest.Scripted.hour;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.engine.Cooldown;
import dev.candlesignal.journal.OutcomeRule;
import dev.candlesignal.model.ModelSpec;
import dev.candlesignal.model.TrainingInfo;
import dev.candlesignal.testkit.TestModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** In-sample refusal, ranges, and gaps. */
class RangeAndGapTest {

    private static List<Candle> flat(int n) {
        List<Candle> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Scripted.candle(i, 100, 100.5, 99.5, 100, i % 5 == 0 ? 0.9 : 0.5));
        }
        return out;
    }

    private static TestModel trainedOn(Instant from, Instant to) {
        ModelSpec spec = Scripted.model().spec().withTraining(new TrainingInfo(List.of("BTCUSDT"), Interval.HOUR_1,
                from, to));
        return TestModel.withSpec(spec);
    }

    @Test
    void aRangeOverlappingTheTrainingRangeIsRefusedNamingBothRanges() {
        // trained on hours 10..20; the backtest covers hours 0..49
        try (TestModel model = trainedOn(hour(10), hour(20))) {
            Backtester b = Backtester.builder().featureSet(Scripted.VOLUME).model(model).build();
            assertThatThrownBy(() -> b.run(Map.of(BTC, flat(50)), BacktestRange.all(),
                    Strategy.defaults(Interval.HOUR_1)))
                    .isInstanceOf(BacktestException.class)
                    .hasMessageContaining("[2024-01-01T00:00:00Z, 2024-01-03T02:00:00Z)")
                    .hasMessageContaining("[2024-01-01T10:00:00Z, 2024-01-01T20:00:00Z)")
                    .hasMessageContaining("--allow-in-sample")
                    .extracting(e -> ((BacktestException) e).reason()).isEqualTo(BacktestException.Reason.IN_SAMPLE);

            // after the training range: fine
            BacktestResult after = b.run(Map.of(BTC, flat(50)), BacktestRange.of(hour(20), hour(50)),
                    Strategy.defaults(Interval.HOUR_1));
            assertThat(after.inSample()).isFalse();
            assertThat(after.start()).isEqualTo(hour(20));

            BacktestResult allowed = b.toBuilder().allowInSample(true).build().run(Map.of(BTC, flat(50)),
                    BacktestRange.all(), Strategy.defaults(Interval.HOUR_1));
            assertThat(allowed.inSample()).isTrue();
            assertThat(allowed.inSampleNotes()).singleElement().asString().contains("2024-01-01T10:00:00Z");
        }
    }

    @Test
    void badRangesAreTypedErrors() {
        assertThatThrownBy(() -> BacktestRange.of(hour(5), hour(5))).isInstanceOf(BacktestException.class)
                .hasMessageContaining("empty");
        try (TestModel model = Scripted.model()) {
            Backtester b = Backtester.builder().featureSet(Scripted.VOLUME).model(model).build();
            assertThatThrownBy(() -> b.run(Map.of(BTC, flat(10)), BacktestRange.of(hour(100), hour(200)),
                    Strategy.defaults(Interval.HOUR_1)))
                    .isInstanceOf(BacktestException.class)
                    .hasMessageContaining("BTCUSDT@1h has no candle in the range [2024-01-05T04:00:00Z, ")
                    .hasMessageContaining("from 2024-01-01T00:00:00Z to 2024-01-01T09:00:00Z");
        }
    }

    @Test
    void aGapLongerThanAllowedIsRefusedAndShorterOnesAreCrossedByTheRule() {
        List<Candle> candles = new ArrayList<>(List.of(
                Scripted.candle(0, 100, 100.5, 99.5, 100, 0.9),   // BUY at 100, stop 98, target 104
                Scripted.candle(1, 100, 100.5, 99.5, 100.5, 0.5),
                // hours 2..4 missing; the 3-hour hold ends at 4:00, inside the gap
                Scripted.candle(5, 100, 100.5, 98.5, 99, 0.5),
                Scripted.candle(6, 99, 100.5, 98.5, 99, 0.5)));
        Strategy strategy = Strategy.defaults(Interval.HOUR_1).withPolicy(Scripted.fixedLevels(2, 4))
                .withCooldown(Cooldown.none())
                .withRule(OutcomeRule.defaults().toBuilder().maxHold(Duration.ofHours(3)).build());
        try (TestModel model = Scripted.model()) {
            Backtester strict = Backtester.builder().featureSet(Scripted.VOLUME).model(model).maxGapCandles(2).build();
            assertThatThrownBy(() -> strict.run(Map.of(BTC, candles), BacktestRange.all(), strategy))
                    .isInstanceOf(BacktestException.class)
                    .hasMessageContaining("BTCUSDT@1h misses 3 candles between 2024-01-01T01:00:00Z and "
                            + "2024-01-01T05:00:00Z");

            BacktestResult r = strict.toBuilder().maxGapCandles(3).build().run(Map.of(BTC, candles),
                    BacktestRange.all(), strategy);
            assertThat(r.gaps()).singleElement().satisfies(g -> assertThat(g.missingCandles()).isEqualTo(3));
            Trade t = r.run().trades().get(0);
            // the hold passed inside the gap: a TIMEOUT at the close of the last candle inside it (hour 1)
            assertThat(t.exitReason()).isEqualTo(ExitReason.TIMEOUT);
            assertThat(t.exitTime()).isEqualTo(hour(1));
            assertThat(t.exit()).isEqualTo(100.5);
            // the equity has one point per candle present: the start and 4 candle ends; flat across the gap
            assertThat(r.run().equity().size()).isEqualTo(5);
            assertThat(r.run().equity().time(2)).isEqualTo(hour(2));
            assertThat(r.run().equity().time(3)).isEqualTo(hour(6));
            assertThat(r.run().equity().value(3)).isCloseTo(1 + 0.005 - 0.003, within(1e-12));
        }
    }

    @Test
    void warmUpCandlesBeforeTheRangeAreNotTraded() {
        try (TestModel model = Scripted.model()) {
            Backtester b = Backtester.builder().featureSet(Scripted.VOLUME).model(model).build();
            BacktestResult r = b.run(Map.of(BTC, flat(30)), BacktestRange.of(hour(12), hour(30)),
                    Strategy.defaults(Interval.HOUR_1).withPolicy(Scripted.fixedLevels(2, 4)));
            assertThat(r.run().trades()).isNotEmpty().allSatisfy(t ->
                    assertThat(t.entryTime()).isAfterOrEqualTo(hour(12)));
            assertThat(r.run().equity().time(0)).isEqualTo(hour(12));
        }
    }
}
