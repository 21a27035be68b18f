package dev.candlesignal.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CandlesTest {

    @Test
    void seriesAreValidHourlyCandlesWithTheAwkwardCases() {
        Generator<List<Candle>> series = Candles.series(1, 260);
        SplittableRandom r = new SplittableRandom(3);
        int flat = 0;
        int zeroVolume = 0;
        int gaps = 0;
        for (int i = 0; i < 300; i++) {
            List<Candle> candles = series.next(r);
            assertThat(candles).hasSizeBetween(1, 260);
            assertValid(candles);
            for (int k = 0; k < candles.size(); k++) {
                Candle c = candles.get(k);
                flat += c.high() == c.low() ? 1 : 0;
                zeroVolume += c.volume() == 0 ? 1 : 0;
                gaps += k > 0 && !candles.get(k - 1).openTime().plus(Duration.ofHours(1)).equals(c.openTime()) ? 1 : 0;
            }
        }
        assertThat(flat).isPositive();
        assertThat(zeroVolume).isPositive();
        assertThat(gaps).isPositive();
    }

    @Test
    void edgeCasesHaveBothSizesEveryPriceLevelAndTheExtremeSeries() {
        List<List<Candle>> edges = Candles.series(1, 260).edgeCases().stream()
                .map(e -> e.next(new SplittableRandom(4))).toList();
        edges.forEach(CandlesTest::assertValid);
        assertThat(edges).extracting(List::size).contains(1, 260);
        assertThat(edges).extracting(l -> l.get(0).open()).contains(1e-4, 1.0, 100.0, 60_000.0, 1e9);
        assertThat(edges).anyMatch(l -> l.size() == 260 && l.stream().allMatch(c -> c.volume() == 0
                && c.high() == c.low()));
        assertThat(edges).anyMatch(l -> l.size() == 260 && l.get(1).openTime().equals(l.get(0).openTime()
                .plus(Duration.ofHours(6))));
    }

    private static void assertValid(List<Candle> candles) {
        for (int k = 0; k < candles.size(); k++) {
            Candle c = candles.get(k);
            assertThat(c.openTime().toEpochMilli() % 3_600_000).isZero();
            assertThat(c.low()).isPositive().isLessThanOrEqualTo(Math.min(c.open(), c.close()));
            assertThat(c.high()).isGreaterThanOrEqualTo(Math.max(c.open(), c.close()));
            assertThat(c.volume()).isGreaterThanOrEqualTo(0);
            assertThat(c.takerBuyBaseVolume()).isBetween(0.0, c.volume());
            if (k > 0) {
                assertThat(c.openTime()).isAfter(candles.get(k - 1).openTime());
            }
        }
    }
}
