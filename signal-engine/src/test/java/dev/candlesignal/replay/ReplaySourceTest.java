package dev.candlesignal.replay;

import dev.candlesignal.Candle;
import dev.candlesignal.CandleListener;
import dev.candlesignal.CandleSequenceException;
import dev.candlesignal.CandleSource;
import dev.candlesignal.CandleSourceException;
import dev.candlesignal.Gap;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.Subscription;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReplaySourceTest {
    static final StreamKey BTC = StreamKey.of("BTCUSDT", Interval.HOUR_1);
    static final StreamKey ETH = StreamKey.of("ETHUSDT", Interval.HOUR_1);

    static List<Candle> hours(int from, int n, double price) {
        List<Candle> list = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            Instant t = Instant.parse("2020-01-01T00:00:00Z").plusSeconds(3600L * i);
            list.add(Candle.of(t, t.plusSeconds(3599), price, price + 1, price - 1, price, 1));
        }
        return list;
    }

    @Test
    void historyFiltersByOpenTime() {
        CandleSource source = ReplaySource.of(BTC, hours(0, 10, 5));
        List<Candle> got = source.history(BTC, Instant.parse("2020-01-01T02:00:00Z"), Instant.parse("2020-01-01T05:00:00Z"));
        assertThat(got).extracting(Candle::openTime).containsExactly(Instant.parse("2020-01-01T02:00:00Z"),
                Instant.parse("2020-01-01T03:00:00Z"), Instant.parse("2020-01-01T04:00:00Z"));
        assertThatThrownBy(() -> source.history(ETH, Instant.EPOCH, Instant.now()))
                .isInstanceOf(CandleSourceException.class).hasMessageContaining("no candles for ETHUSDT@1h");
    }

    @Test
    void rejectsUnorderedCandles() {
        List<Candle> candles = new ArrayList<>(hours(0, 3, 5));
        candles.add(candles.get(0));
        assertThatThrownBy(() -> ReplaySource.of(BTC, candles)).isInstanceOf(CandleSequenceException.class)
                .hasMessageContaining("not in increasing open-time order: candle 3 opened at 2020-01-01T00:00:00Z");
    }

    @Test
    void subscriptionMergesStreamsInTimeOrderThenCompletes() throws InterruptedException {
        CandleSource source = ReplaySource.of(Map.of(BTC, hours(0, 5, 5), ETH, hours(2, 5, 7)));
        List<String> seen = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        Subscription sub = source.subscribe(List.of(BTC, ETH), new CandleListener() {
            @Override
            public void onCandle(StreamKey stream, Candle candle) {
                seen.add(stream.symbol() + candle.openTime().toString().substring(11, 13));
            }

            @Override
            public void onComplete() {
                done.countDown();
            }
        });
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(sub.isActive()).isFalse();
        assertThat(seen).containsExactly("BTCUSDT00", "BTCUSDT01", "BTCUSDT02", "ETHUSDT02", "BTCUSDT03", "ETHUSDT03",
                "BTCUSDT04", "ETHUSDT04", "ETHUSDT05", "ETHUSDT06");
        sub.close();
    }

    @Test
    void aHoleInAStreamIsReportedOnceBeforeTheCandleAfterIt() throws InterruptedException {
        List<Candle> btc = new ArrayList<>(hours(0, 3, 5));
        btc.addAll(hours(6, 2, 5)); // hours 3, 4 and 5 are missing
        CandleSource source = ReplaySource.of(Map.of(BTC, btc, ETH, hours(0, 8, 7)));
        List<String> seen = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        source.subscribe(List.of(BTC, ETH), new CandleListener() {
            @Override
            public void onCandle(StreamKey stream, Candle candle) {
                seen.add(stream.symbol() + candle.openTime().toString().substring(11, 13));
            }

            @Override
            public void onGap(Gap gap) {
                seen.add("gap " + gap.stream().symbol() + " " + gap.missingCandles() + " after "
                        + gap.previousOpenTime().toString().substring(11, 13));
            }

            @Override
            public void onComplete() {
                done.countDown();
            }
        });
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactly("BTCUSDT00", "ETHUSDT00", "BTCUSDT01", "ETHUSDT01", "BTCUSDT02", "ETHUSDT02",
                "ETHUSDT03", "ETHUSDT04", "ETHUSDT05", "gap BTCUSDT 3 after 02", "BTCUSDT06", "ETHUSDT06", "BTCUSDT07",
                "ETHUSDT07");
    }

    @Test
    void closeStopsDeliveryAndAListenerFailureIsTerminal() throws InterruptedException {
        CandleSource source = ReplaySource.of(BTC, hours(0, 100, 5));
        CountDownLatch failed = new CountDownLatch(1);
        List<Candle> seen = new ArrayList<>();
        Subscription sub = source.subscribe(List.of(BTC), new CandleListener() {
            @Override
            public void onCandle(StreamKey stream, Candle candle) {
                seen.add(candle);
                if (seen.size() == 3) {
                    throw new IllegalStateException("boom");
                }
            }

            @Override
            public void onFailure(Throwable error) {
                failed.countDown();
            }
        });
        assertThat(failed.await(5, TimeUnit.SECONDS)).isTrue();
        sub.close();
        sub.close();
        assertThat(seen).hasSize(3);
        assertThat(sub.isActive()).isFalse();
    }
}
