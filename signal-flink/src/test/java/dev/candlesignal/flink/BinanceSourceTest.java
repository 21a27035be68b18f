package dev.candlesignal.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.binance.fake.FakeBinance;
import dev.candlesignal.binance.fake.FakeMarket;
import dev.candlesignal.engine.StreamCandle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Binance source as a Flink source against signal-binance's fake Binance on 127.0.0.1, with the real BTCUSDT data
 * re-stamped as 1-second candles so that a candle closes every second on the real clock.
 */
class BinanceSourceTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = Fixtures.cluster();

    static FakeMarket market;
    static FakeBinance fake;

    @BeforeAll
    static void startFake() {
        Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(150);
        market = FakeMarket.fromData(FakeMarket.dataDir(), "BTCUSDT", "LTCUSDT").restamped(Interval.SECOND_1, first);
        fake = new FakeBinance(market, Clock.systemUTC());
        fake.autoPush(Duration.ofMillis(200));
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @Test
    void deliversTheLastClosedCandlesThenLiveOnesInOrderPerStream() throws Exception {
        StreamKey btc = StreamKey.of("BTCUSDT", Interval.SECOND_1);
        StreamKey ltc = StreamKey.of("LTCUSDT", Interval.SECOND_1);
        BinanceSource source = BinanceSource.builder().streams(List.of(btc, ltc))
                .start(BinanceSource.Start.lastClosed(20))
                .endpoints(fake.restUrl().toString(), fake.webSocketUrl().toString()).build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        List<StreamCandle> got = env.fromSource(source, KlineFiles.watermarks(), "binance")
                .returns(FlinkSignals.candleType()).executeAndCollect(2 * 24);

        for (StreamKey k : List.of(btc, ltc)) {
            List<Candle> stream = got.stream().filter(c -> c.stream().equals(k)).map(StreamCandle::candle).toList();
            assertThat(stream).as(k.toString()).hasSizeGreaterThanOrEqualTo(20);
            Instant firstOpen = stream.get(0).openTime();
            Instant lastOpen = stream.get(stream.size() - 1).openTime();
            assertThat(stream).as("%s: consecutive closed candles, each once, as the market has them", k)
                    .isEqualTo(market.between(k.symbol(), firstOpen, lastOpen.plusSeconds(1)));
        }
    }
}
