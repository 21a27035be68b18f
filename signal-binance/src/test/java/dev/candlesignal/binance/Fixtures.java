package dev.candlesignal.binance;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.binance.fake.FakeBinance;
import dev.candlesignal.binance.fake.FakeMarket;
import dev.candlesignal.binance.fake.VirtualTime;
import java.time.Instant;
import java.util.List;

/** Shared test setup: the bundled market (loaded once; immutable) and sources wired to a fake. */
final class Fixtures {
    static final StreamKey BTC = StreamKey.of("BTCUSDT", Interval.HOUR_1);
    static final StreamKey BNB = StreamKey.of("BNBUSDT", Interval.HOUR_1);
    static final StreamKey LTC = StreamKey.of("LTCUSDT", Interval.HOUR_1);

    private Fixtures() {
    }

    private static final class Holder {
        static final FakeMarket MARKET = FakeMarket.fromData(FakeMarket.dataDir(), "BTCUSDT", "BNBUSDT", "LTCUSDT");
    }

    static FakeMarket market() {
        return Holder.MARKET;
    }

    /** A source on virtual time against the fake, with a fixed jitter seed. */
    static BinanceCandleSource.Builder source(FakeBinance fake, VirtualTime time) {
        return BinanceCandleSource.builder()
                .restBaseUrl(fake.restUrl().toString())
                .webSocketBaseUrl(fake.webSocketUrl().toString())
                .clock(time)
                .scheduler(time)
                .randomSeed(42);
    }

    static Instant t(String iso) {
        return Instant.parse(iso);
    }

    /** Whether two candle lists hold the same klines (order books ignored), with a readable first difference. */
    static String firstDifference(List<Candle> expected, List<Candle> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!expected.get(i).sameKline(actual.get(i))) {
                return "at " + i + ": expected " + expected.get(i) + " but got " + actual.get(i);
            }
        }
        if (expected.size() != actual.size()) {
            return "expected " + expected.size() + " candles but got " + actual.size()
                    + (actual.size() > expected.size() ? "; first extra " + actual.get(expected.size())
                    : "; first missing " + expected.get(actual.size()));
        }
        return "";
    }
}
