package dev.candlesignal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The one gap rule, {@link Gap#between}, that sources and the engine share. */
class GapTest {
    static final StreamKey BTC = StreamKey.of("BTCUSDT", Interval.HOUR_1);
    static final Instant T = Instant.parse("2020-01-01T00:00:00Z");

    @Test
    void consecutiveCandlesLeaveNoGap() {
        assertThat(Gap.between(BTC, T, T.plusSeconds(3600))).isEmpty();
        assertThat(Gap.missingBetween(Interval.HOUR_1, T, T.plusSeconds(3600))).isZero();
    }

    @Test
    void skippedSlotsAreCounted() {
        Gap gap = Gap.between(BTC, T, T.plusSeconds(4 * 3600)).orElseThrow();
        assertThat(gap).isEqualTo(new Gap(BTC, T, T.plusSeconds(4 * 3600), 3));
        assertThat(Gap.missingBetween(Interval.HOUR_1, T, T.plusSeconds(25 * 3600))).isEqualTo(24);
    }

    @Test
    void calendarMonthsCountWholeMonths() {
        StreamKey monthly = StreamKey.of("BTCUSDT", Interval.MONTH_1);
        Instant jan = Instant.parse("2020-01-01T00:00:00Z");
        assertThat(Gap.between(monthly, jan, Instant.parse("2020-02-01T00:00:00Z"))).isEmpty();
        assertThat(Gap.between(monthly, jan, Instant.parse("2020-05-01T00:00:00Z")).orElseThrow().missingCandles())
                .isEqualTo(3);
    }

    @Test
    void aCandleThatDoesNotComeLaterLeavesNoGap() {
        assertThat(Gap.between(BTC, T, T)).isEmpty();
        assertThat(Gap.between(BTC, T, T.minusSeconds(7200))).isEmpty();
    }

    @Test
    void aGapHasAtLeastOneMissingCandle() {
        assertThatThrownBy(() -> new Gap(BTC, T, T.plusSeconds(3600), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a gap has at least one missing candle, not 0");
    }
}
