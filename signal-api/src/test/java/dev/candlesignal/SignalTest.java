package dev.candlesignal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.policy.Decision;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignalTest {
    static final Instant T = Instant.parse("2020-01-01T00:00:00Z");

    static Signal signal(Action action, Strength strength, double p) {
        return new Signal("BTCUSDT", Interval.HOUR_1, T, action, strength, p, Math.max(p, 1 - p), 100, 96, 108,
                "btc-lstm", "1");
    }

    @Test
    void validSignals() {
        Signal buy = signal(Action.BUY, Strength.STRONG, 0.7);
        assertThat(buy.isDirectional()).isTrue();
        assertThat(buy.stream()).isEqualTo(StreamKey.of("BTCUSDT", Interval.HOUR_1));
        assertThat(signal(Action.HOLD, Strength.NONE, 0.5).isDirectional()).isFalse();
    }

    @Test
    void namesTheModelByIdAndVersion() {
        Signal s = signal(Action.SELL, Strength.MEDIUM, 0.3);
        assertThat(s.modelId()).isEqualTo("btc-lstm");
        assertThat(s.modelVersion()).isEqualTo("1");
        assertThatThrownBy(() -> new Signal("X", Interval.HOUR_1, T, Action.HOLD, Strength.NONE, 0.5, 0.5, 1, 1, 1,
                null, "1")).isInstanceOf(NullPointerException.class).hasMessage("modelId");
    }

    @Test
    void rejectsProbabilitiesOutsideTheUnitInterval() {
        assertThatThrownBy(() -> signal(Action.BUY, Strength.STRONG, 1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("probability must be in [0, 1] but was 1.5");
        assertThatThrownBy(() -> signal(Action.BUY, Strength.STRONG, Double.NaN))
                .hasMessageContaining("probability must be in [0, 1] but was NaN");
    }

    @Test
    void strengthMustFitTheAction() {
        assertThatThrownBy(() -> signal(Action.HOLD, Strength.STRONG, 0.5)).hasMessageContaining("strength NONE");
        assertThatThrownBy(() -> signal(Action.SELL, Strength.NONE, 0.2)).hasMessageContaining("SELL");
        assertThatThrownBy(() -> new Decision(Action.BUY, Strength.NONE, 0.7, 1, 1, 1)).hasMessageContaining("BUY");
    }

    @Test
    void rejectsNonFiniteLevels() {
        assertThatThrownBy(() -> new Signal("X", Interval.HOUR_1, T, Action.BUY, Strength.MEDIUM, 0.6, 0.6, 100,
                Double.NaN, 1, "m", "1")).hasMessageContaining("stopLoss must be finite but was NaN");
        assertThatThrownBy(() -> new Decision(Action.BUY, Strength.MEDIUM, 0.6, 100, Double.POSITIVE_INFINITY, 1))
                .hasMessageContaining("stop Infinity");
    }

    @Test
    void holdDecisionKeepsLevelsAtTheEntry() {
        Decision d = Decision.hold(0.52, 123.5);
        assertThat(d.action()).isEqualTo(Action.HOLD);
        assertThat(d.stopLoss()).isEqualTo(123.5);
        assertThat(d.takeProfit()).isEqualTo(123.5);
        assertThat(Action.BUY.opposite()).isEqualTo(Action.SELL);
        assertThat(Action.HOLD.opposite()).isEqualTo(Action.HOLD);
    }
}
