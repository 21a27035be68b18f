package dev.candlesignal.engine;

import dev.candlesignal.policy.CandleHistory;
import dev.candlesignal.policy.FeatureWindow;
import dev.candlesignal.policy.MarketContext;
import dev.candlesignal.policy.Decision;
import dev.candlesignal.policy.SignalPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.candlesignal.Action;
import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.Strength;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import dev.candlesignal.testkit.Generators;
import dev.candlesignal.testkit.Property;
import org.junit.jupiter.api.Test;

class ThresholdPolicyTest {

    /** 20 candles whose true range is 2 (high - low) and closes that step by 1. */
    static List<Candle> candles() {
        List<Candle> list = new ArrayList<>();
        Instant t = Instant.parse("2020-01-01T00:00:00Z");
        for (int i = 0; i < 20; i++) {
            double close = 100 + i * 0.5;
            list.add(Candle.of(t, t.plusSeconds(3599), close, close + 1, close - 1, close, 10));
            t = t.plusSeconds(3600);
        }
        return list;
    }

    record Ctx(double probability, List<Candle> all) implements MarketContext, CandleHistory {
        @Override
        public StreamKey stream() {
            return StreamKey.of("BTCUSDT", Interval.HOUR_1);
        }

        @Override
        public Candle candle() {
            return all.get(all.size() - 1);
        }

        @Override
        public CandleHistory history() {
            return this;
        }

        @Override
        public FeatureWindow features() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int size() {
            return all.size();
        }

        @Override
        public Candle ago(int k) {
            return all.get(all.size() - 1 - k);
        }
    }

    static Decision decide(double p) {
        return ThresholdPolicy.defaults().decide(new Ctx(p, candles()));
    }

    @Test
    void buyAboveTheBand() {
        Decision d = decide(0.7);
        assertThat(d.action()).isEqualTo(Action.BUY);
        assertThat(d.strength()).isEqualTo(Strength.STRONG);
        assertThat(d.confidence()).isEqualTo(0.7);
        double entry = candles().get(19).close();
        assertThat(d.entryPrice()).isEqualTo(entry);
        assertThat(d.stopLoss()).isCloseTo(entry - 2 * 2, within(1e-12));
        assertThat(d.takeProfit()).isCloseTo(entry + 4 * 2, within(1e-12));
    }

    @Test
    void sellBelowTheBandWithMirroredLevels() {
        Decision d = decide(0.4);
        assertThat(d.action()).isEqualTo(Action.SELL);
        assertThat(d.strength()).isEqualTo(Strength.MEDIUM);
        assertThat(d.confidence()).isCloseTo(0.6, within(1e-12));
        double entry = candles().get(19).close();
        assertThat(d.stopLoss()).isCloseTo(entry + 4, within(1e-12));
        assertThat(d.takeProfit()).isCloseTo(entry - 8, within(1e-12));
    }

    @Test
    void holdInsideTheNeutralBandAndExactlyAtOneHalf() {
        assertThat(decide(0.5).action()).as("p == 0.5 is never SELL").isEqualTo(Action.HOLD);
        assertThat(decide(0.54).action()).isEqualTo(Action.HOLD);
        assertThat(decide(0.46).action()).isEqualTo(Action.HOLD);
        assertThat(decide(0.55).action()).isEqualTo(Action.BUY);
        assertThat(decide(0.65).strength()).isEqualTo(Strength.STRONG);
        assertThat(decide(0.6499).strength()).isEqualTo(Strength.MEDIUM);
        Decision hold = decide(0.52);
        assertThat(hold.strength()).isEqualTo(Strength.NONE);
        assertThat(hold.stopLoss()).isEqualTo(hold.entryPrice());
    }

    @Test
    void thresholdsAndMultiplesAreConfigurable() {
        ThresholdPolicy p = ThresholdPolicy.builder().minConfidence(0.6).strongConfidence(0.8).stopAtrMultiple(1)
                .targetAtrMultiple(3).atrPeriod(5).build();
        assertThat(p.historyBars()).isEqualTo(6);
        assertThat(p.decide(new Ctx(0.58, candles())).action()).isEqualTo(Action.HOLD);
        Decision d = p.decide(new Ctx(0.25, candles()));
        assertThat(d.strength()).isEqualTo(Strength.MEDIUM);
        assertThat(d.stopLoss() - d.entryPrice()).isCloseTo(2, within(1e-12));
        assertThat(p.toBuilder().build().toString()).isEqualTo(p.toString());
    }

    @Test
    void builderNamesBadValues() {
        assertThatThrownBy(() -> ThresholdPolicy.builder().minConfidence(0.4)).hasMessage("minConfidence must be in [0.5, 1] but was 0.4");
        assertThatThrownBy(() -> ThresholdPolicy.builder().stopAtrMultiple(0)).hasMessage("stopAtrMultiple must be finite and > 0 but was 0.0");
        assertThatThrownBy(() -> ThresholdPolicy.builder().atrPeriod(0)).hasMessage("atrPeriod must be >= 1 but was 0");
        assertThatThrownBy(() -> ThresholdPolicy.builder().minConfidence(0.7).strongConfidence(0.6).build())
                .hasMessage("minConfidence 0.7 is above strongConfidence 0.6");
    }

    @Test
    void directionFollowsTheProbabilityAndBuyNeverBelowOneHalf() {
        // the thresholds themselves (0.45, 0.5, 0.55) are edge cases too
        Property.forAll(Generators.doubles(0, 1).withEdgeCases(List.of(0.45, 0.5, 0.55))).tries(300)
                .check(ThresholdPolicyTest::directionFollowsTheProbabilityAndBuyNeverBelowOneHalf);
    }

    private static void directionFollowsTheProbabilityAndBuyNeverBelowOneHalf(double p) {
        Decision d = decide(p);
        assertThat(d.confidence()).isBetween(0.5, 1.0);
        switch (d.action()) {
            case BUY -> assertThat(p).isGreaterThan(0.5).isGreaterThanOrEqualTo(0.55);
            case SELL -> assertThat(p).isLessThan(0.5).isLessThanOrEqualTo(0.45);
            case HOLD -> assertThat(Math.max(p, 1 - p)).isLessThan(0.55);
        }
        if (d.action() == Action.BUY) {
            assertThat(d.stopLoss()).isLessThan(d.entryPrice());
            assertThat(d.takeProfit()).isGreaterThan(d.entryPrice());
        }
    }
}
