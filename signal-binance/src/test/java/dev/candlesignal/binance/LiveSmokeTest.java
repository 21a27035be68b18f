package dev.candlesignal.binance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.Subscription;
import dev.candlesignal.binance.fake.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Against the real Binance market-data endpoints. Needs the internet, so it is tagged {@code live} and excluded
 * by default; run it with {@code ./build -pl signal-binance -am verify -Dgroups=live -Dsurefire.excludedGroups=}.
 */
@Tag("live")
class LiveSmokeTest {
    private static final StreamKey BTC_1M = StreamKey.of("BTCUSDT", Interval.MINUTE_1);

    @Test
    void historyAndOneLiveCandleFromTheRealApi() {
        try (BinanceCandleSource binance = BinanceCandleSource.builder().build()) {
            Instant now = Instant.now();
            List<Candle> lastHour = binance.history(BTC_1M, now.minus(Duration.ofHours(1)), now);
            assertThat(lastHour).hasSizeBetween(55, 60);
            assertThat(lastHour.get(lastHour.size() - 1).closeTime()).isBefore(now);
            assertThat(binance.health().serverTimeOffset().abs()).isLessThan(Duration.ofMinutes(5));

            RecordingCandles rec = new RecordingCandles();
            Subscription sub = binance.subscribe(List.of(BTC_1M), StartPosition.lastClosed(3), rec);
            Await.until(() -> rec.candles(BTC_1M).size() >= 4, Duration.ofSeconds(150), "three closed and one live candle",
                    binance::health);
            sub.close();

            List<Candle> got = rec.candles(BTC_1M);
            for (int i = 1; i < got.size(); i++) {
                assertThat(got.get(i).openTime()).isEqualTo(got.get(i - 1).openTime().plus(Duration.ofMinutes(1)));
            }
            assertThat(rec.failures()).isEmpty();
            assertThat(binance.health().rejectedTotal()).isZero();
        }
    }
}
