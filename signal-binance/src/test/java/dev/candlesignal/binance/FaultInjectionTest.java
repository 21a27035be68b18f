package dev.candlesignal.binance;

import static dev.candlesignal.binance.Fixtures.BNB;
import static dev.candlesignal.binance.Fixtures.BTC;
import static dev.candlesignal.binance.Fixtures.LTC;
import static dev.candlesignal.binance.Fixtures.t;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.Gap;
import dev.candlesignal.StreamKey;
import dev.candlesignal.binance.fake.FakeBinance;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * One scripted day of real market data (BTC, BNB and LTC, 2020-02-19 to 2020-02-20, which includes an early close
 * for maintenance and a 5-hour exchange outage) with every fault the fake can inject. Whatever happens, the
 * delivered candles must be exactly the data's candles for the period: none missing, none twice, in order.
 */
class FaultInjectionTest {
    private static final Instant FROM = t("2020-02-19T00:00:00Z");
    private static final Instant END = t("2020-02-20T05:00:00Z");
    private static final int BUDGET = 30;  // weight per minute: 0.005 of 6000

    @AutoClose
    final FakeRig rig = new FakeRig();

    @Test
    void everyFaultInOneRunLosesAndDuplicatesNothing() {
        rig.start(t("2020-02-19T04:30:00Z"), b -> b
                .requestWeightShare(0.005)
                .silenceTimeout(Duration.ofMinutes(10))
                .reconnectBackoff(new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.5))
                .rotateAfter(Duration.ofHours(3)));
        RecordingCandles rec = new RecordingCandles();
        Map<Instant, Runnable> script = script();

        rig.source().subscribe(List.of(BTC, BNB, LTC), StartPosition.from(FROM), rec);
        rig.driver().settle();
        while (rig.time().instant().isBefore(END)) {
            Instant next = rig.time().instant().plus(Duration.ofMinutes(2));
            for (Map.Entry<Instant, Runnable> e : script.entrySet()) {
                if (!e.getKey().isBefore(rig.time().instant()) && e.getKey().isBefore(next)) {
                    rig.time().advanceTo(e.getKey());
                    rig.driver().settle();
                    e.getValue().run();
                    rig.driver().settle();
                }
            }
            rig.time().advanceTo(next);
            rig.driver().settle();
        }

        for (StreamKey k : List.of(BTC, BNB, LTC)) {
            // every candle that closed by END: 29 hours, 5 of them missing at the exchange
            List<Candle> expected = Fixtures.market().between(k.symbol(), FROM, END);
            assertThat(expected).hasSize(29 - 5);
            assertThat(Fixtures.firstDifference(expected, rec.candles(k))).as(k.toString()).isEmpty();
        }
        assertThat(rec.gaps()).extracting(Gap::stream).containsExactlyInAnyOrder(BTC, BNB, LTC);
        assertThat(rec.gaps()).allSatisfy(g -> {
            assertThat(g.previousOpenTime()).isEqualTo(t("2020-02-19T11:00:00Z"));
            assertThat(g.nextOpenTime()).isEqualTo(t("2020-02-19T17:00:00Z"));
            assertThat(g.missingCandles()).isEqualTo(5);
        });
        assertThat(rec.failures()).isEmpty();
        assertThat(rec.violations()).isEmpty();

        assertThat(rig.fake().requestsDuringBan()).as("no request while a 429 or 418 is in force").isEmpty();
        assertThat(rig.fake().maxWeightPerMinute()).as("weight per minute").isLessThanOrEqualTo(BUDGET);
        assertThat(rig.fake().pongs()).contains("are-you-there");

        BinanceHealth h = rig.source().health();
        assertThat(h.connected()).isTrue();
        assertThat(h.reconnects()).as("drops, silence, outage, refused upgrades").isGreaterThanOrEqualTo(8);
        assertThat(h.rotations()).as("planned rotations and serverShutdown").isGreaterThanOrEqualTo(4);
        assertThat(h.gaps()).isEqualTo(3);
        assertThat(h.deliveredCandles()).isEqualTo(3 * 24);
        assertThat(h.backfilledCandles()).isGreaterThanOrEqualTo(3 * 4 + 3);
        assertThat(h.rejected(RejectReason.MALFORMED_JSON)).isGreaterThanOrEqualTo(2);
        assertThat(h.rejected(RejectReason.UNKNOWN_EVENT)).isGreaterThanOrEqualTo(2);
        assertThat(h.rejected(RejectReason.UNSUBSCRIBED)).isGreaterThanOrEqualTo(2);
        assertThat(h.rejected(RejectReason.INVALID_KLINE)).isGreaterThanOrEqualTo(2);
        assertThat(h.rejected(RejectReason.DUPLICATE_KLINE)).isGreaterThanOrEqualTo(3);
        assertThat(h.rejected(RejectReason.STALE_KLINE)).isGreaterThanOrEqualTo(1);
        assertThat(h.rejected(RejectReason.HTTP_ERROR)).isGreaterThanOrEqualTo(4);
        assertThat(statuses()).contains(429, 418, 500, 400);
    }

    private List<Integer> statuses() {
        return rig.fake().requests().stream().map(FakeBinance.RecordedRequest::status).toList();
    }

    private Map<Instant, Runnable> script() {
        Map<Instant, Runnable> s = new LinkedHashMap<>();
        s.put(t("2020-02-19T05:31:00Z"), rig.fake()::dropConnections);
        s.put(t("2020-02-19T06:20:00Z"), () -> rig.fake().silent(true));
        s.put(t("2020-02-19T06:50:00Z"), () -> rig.fake().silent(false));
        s.put(t("2020-02-19T07:10:00Z"), () -> {
            rig.fake().sendToAll("garbage, not JSON");
            rig.fake().sendToAll("{\"stream\":\"btcusdt@kline_1h\",\"data\":{\"e\":\"kline\"");
            rig.fake().sendToAll("{\"e\":\"trade\",\"s\":\"BTCUSDT\",\"p\":\"9000.1\"}");
            rig.fake().sendToAll("{\"stream\":\"btcusdt@kline_1h\",\"data\":{\"e\":\"aggTrade\",\"s\":\"BTCUSDT\"}}");
            rig.fake().sendToAll("{\"stream\":\"xrpusdt@kline_1h\",\"data\":" + kline("XRPUSDT", "1.0", false) + "}");
            rig.fake().sendToAll("{\"stream\":\"btcusdt@kline_1h\",\"data\":" + kline("XRPUSDT", "1.0", true) + "}");
            rig.fake().sendToAll("{\"stream\":\"btcusdt@kline_1h\",\"data\":" + kline("BTCUSDT", "abc", true) + "}");
            rig.fake().sendToAll("{\"stream\":\"btcusdt@kline_1h\",\"data\":" + kline("BTCUSDT", "NaN", false) + "}");
        });
        s.put(t("2020-02-19T07:58:00Z"), () -> rig.fake().duplicateCloses(3));
        s.put(t("2020-02-19T08:58:00Z"), () -> rig.fake().reorderCloses(3));
        s.put(t("2020-02-19T09:30:00Z"), () -> rig.fake().sendStaleClose("BTCUSDT", 3));
        s.put(t("2020-02-19T09:58:00Z"), () -> rig.fake().skipCloses(3));
        s.put(t("2020-02-19T10:58:00Z"), () -> {
            rig.fake().skipCloses(3);
            rig.fake().failNext(429, 30, "{\"code\":-1003,\"msg\":\"Too many requests.\"}");
        });
        s.put(t("2020-02-19T11:20:00Z"), rig.fake()::dropConnections);  // during the candle that closes early
        s.put(t("2020-02-19T13:00:00Z"), () -> rig.fake().failNext(418, 120,
                "{\"code\":-1003,\"msg\":\"Way too many requests; IP banned.\"}"));
        s.put(t("2020-02-19T14:00:00Z"), () -> {
            rig.fake().failNext(500, null, "<html><body><h1>500 Internal Server Error</h1></body></html>");
            rig.fake().failNext(400, null, "{\"code\":-1100,\"msg\":\"Illegal characters found in a parameter.\"}");
        });
        s.put(t("2020-02-19T19:00:00Z"), rig.fake()::sendServerShutdown);
        s.put(t("2020-02-19T20:00:00Z"), () -> rig.fake().ping("are-you-there".getBytes(StandardCharsets.UTF_8)));
        s.put(t("2020-02-19T21:30:00Z"), () -> {
            rig.fake().rejectUpgrades(3);
            rig.fake().dropConnections();
        });
        return s;
    }

    /** A kline event payload for the candle forming at the current hour, with the given symbol and open price. */
    private String kline(String symbol, String open, boolean closed) {
        long t = rig.time().instant().truncatedTo(java.time.temporal.ChronoUnit.HOURS).toEpochMilli();
        return "{\"e\":\"kline\",\"E\":" + rig.time().instant().toEpochMilli() + ",\"s\":\"" + symbol + "\",\"k\":{\"t\":" + t
                + ",\"T\":" + (t + 3_599_999) + ",\"s\":\"" + symbol + "\",\"i\":\"1h\",\"f\":1,\"L\":2,\"o\":\"" + open
                + "\",\"c\":\"1.0\",\"h\":\"2.0\",\"l\":\"0.5\",\"v\":\"10\",\"n\":5,\"x\":" + closed
                + ",\"q\":\"10\",\"V\":\"5\",\"Q\":\"5\",\"B\":\"0\"}}";
    }
}
