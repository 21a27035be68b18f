package dev.candlesignal.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.candlesignal.Candle;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AverageTrueRangeTest {
    static Candle c(int hour, double high, double low, double close) {
        Instant t = Instant.parse("2020-01-01T00:00:00Z").plusSeconds(3600L * hour);
        return Candle.of(t, t.plusSeconds(3599), close, high, low, close, 1);
    }

    static CandleHistory history(List<Candle> candles) {
        return new CandleHistory() {
            @Override
            public int size() {
                return candles.size();
            }

            @Override
            public Candle ago(int k) {
                return candles.get(candles.size() - 1 - k);
            }
        };
    }

    @Test
    void simpleMeanOfTrueRangesUsingPreviousCloses() {
        // TR: gap up uses |high - prevClose|, gap down |low - prevClose|
        List<Candle> candles = List.of(c(0, 11, 9, 10), c(1, 15, 14, 14.5), c(2, 12, 11, 11.5), c(3, 12, 11.5, 12));
        // TR1 = max(1, |15-10|, |14-10|) = 5; TR2 = max(1, |12-14.5|, |11-14.5|) = 3.5; TR3 = max(0.5, 0.5, 0) = 0.5
        assertThat(AverageTrueRange.of(history(candles), 3)).isCloseTo((5 + 3.5 + 0.5) / 3, within(1e-12));
        // with exactly `period` candles the oldest has no previous close and uses high - low, like pandas
        assertThat(AverageTrueRange.of(history(candles), 4)).isCloseTo((2 + 5 + 3.5 + 0.5) / 4, within(1e-12));
    }

    @Test
    void needsEnoughCandles() {
        assertThatThrownBy(() -> AverageTrueRange.of(history(List.of(c(0, 2, 1, 1))), 14))
                .hasMessage("ATR14 needs 15 candles but the history has 1");
    }
}
