package dev.candlesignal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IntervalTest {

    @Test
    void wireNamesAreBinances() {
        StringBuilder names = new StringBuilder();
        for (Interval i : Interval.values()) {
            names.append(i.wireName()).append(' ');
            assertThat(Interval.fromWireName(i.wireName())).isEqualTo(i);
        }
        assertThat(names.toString().trim()).isEqualTo("1s 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M");
    }

    @Test
    void namesAreCaseSensitive() {
        assertThat(Interval.fromWireName("1m")).isEqualTo(Interval.MINUTE_1);
        assertThat(Interval.fromWireName("1M")).isEqualTo(Interval.MONTH_1);
        assertThatThrownBy(() -> Interval.fromWireName("1H")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown interval '1H'").hasMessageContaining("1h");
    }

    @Test
    void durations() {
        assertThat(Interval.HOUR_1.duration()).isEqualTo(Duration.ofHours(1));
        assertThat(Interval.MINUTE_15.millis()).isEqualTo(900_000);
        assertThat(Interval.WEEK_1.duration()).isEqualTo(Duration.ofDays(7));
        assertThat(Interval.MONTH_1.isFixedLength()).isFalse();
        assertThat(Interval.DAY_1.isFixedLength()).isTrue();
    }

    @Test
    void nextAndSlots() {
        Instant t = Instant.parse("2020-01-31T00:00:00Z");
        assertThat(Interval.HOUR_1.next(t)).isEqualTo(Instant.parse("2020-01-31T01:00:00Z"));
        assertThat(Interval.MONTH_1.next(Instant.parse("2020-02-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2020-03-01T00:00:00Z"));
        assertThat(Interval.HOUR_1.slotsBetween(t, t.plusSeconds(9 * 3600))).isEqualTo(9);
        assertThat(Interval.MONTH_1.slotsBetween(Instant.parse("2020-01-01T00:00:00Z"),
                Instant.parse("2020-04-01T00:00:00Z"))).isEqualTo(3);
    }

    @Test
    void streamKeyValidatesTheSymbol() {
        assertThat(StreamKey.of("BTCUSDT", Interval.HOUR_1)).hasToString("BTCUSDT@1h");
        assertThatThrownBy(() -> StreamKey.of("", Interval.HOUR_1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid symbol ''");
        assertThatThrownBy(() -> StreamKey.of("BTC USDT", Interval.HOUR_1)).hasMessageContaining("'BTC USDT'");
    }

    @Test
    void streamKeySymbolsAreUpperCasedSoEveryCaseNamesTheSameStream() {
        assertThat(StreamKey.of("btcUsdt", Interval.HOUR_1)).isEqualTo(StreamKey.of("BTCUSDT", Interval.HOUR_1))
                .hasToString("BTCUSDT@1h");
    }
}
