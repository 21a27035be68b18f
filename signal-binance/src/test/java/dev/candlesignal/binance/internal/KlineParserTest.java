package dev.candlesignal.binance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.binance.RejectReason;
import dev.candlesignal.binance.fake.FakeBinance;
import dev.candlesignal.replay.KlineCsv;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.Property;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KlineParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void readsEveryFieldOfBinancesDocumentedRestRow() throws Exception {
        // the example row of Binance's REST documentation: a weekly kline opening Monday 2017-07-03 00:00 UTC
        JsonNode row = json("[1499040000000,\"0.01634790\",\"0.80000000\",\"0.01575800\",\"0.01577100\","
                + "\"148976.11427815\",1499644799999,\"2434.19055334\",308,\"1756.87402397\",\"28.46694368\",\"0\"]");

        Candle c = KlineParser.restRow(row, Interval.WEEK_1);

        assertThat(c.openTime()).isEqualTo(Instant.ofEpochMilli(1499040000000L));
        assertThat(c.closeTime()).isEqualTo(Instant.ofEpochMilli(1499644799999L));
        assertThat(c.open()).isEqualTo(0.01634790);
        assertThat(c.high()).isEqualTo(0.8);
        assertThat(c.low()).isEqualTo(0.015758);
        assertThat(c.close()).isEqualTo(0.015771);
        assertThat(c.volume()).isEqualTo(148976.11427815);
        assertThat(c.quoteVolume()).isEqualTo(2434.19055334);
        assertThat(c.trades()).isEqualTo(308);
        assertThat(c.takerBuyBaseVolume()).isEqualTo(1756.87402397);
        assertThat(c.takerBuyQuoteVolume()).isEqualTo(28.46694368);
    }

    @Test
    void readsBinancesDocumentedKlineEvent() throws Exception {
        JsonNode data = json("{\"e\":\"kline\",\"E\":1672515782136,\"s\":\"BNBBTC\",\"k\":{\"t\":1672515780000,"
                + "\"T\":1672515839999,\"s\":\"BNBBTC\",\"i\":\"1m\",\"f\":100,\"L\":200,\"o\":\"0.0010\",\"c\":\"0.0020\","
                + "\"h\":\"0.0025\",\"l\":\"0.0015\",\"v\":\"1000\",\"n\":100,\"x\":false,\"q\":\"1.0000\",\"V\":\"500\","
                + "\"Q\":\"0.500\",\"B\":\"123456\"}}");

        assertThatThrownBy(() -> KlineParser.event(data))
                .isInstanceOfSatisfying(MessageRejectedException.class, e -> {
                    // the documented example itself is impossible: open 0.0010 is below low 0.0015
                    assertThat(e.reason()).isEqualTo(RejectReason.INVALID_KLINE);
                    assertThat(e.getMessage()).contains("open 0.001 is outside");
                });

        KlineParser.LiveKline k = KlineParser.event(json(data.toString().replace("\"o\":\"0.0010\"", "\"o\":\"0.0016\"")));
        assertThat(k.symbol()).isEqualTo("BNBBTC");
        assertThat(k.interval()).isEqualTo(Interval.MINUTE_1);
        assertThat(k.closed()).isFalse();
        assertThat(k.candle().openTime()).isEqualTo(Instant.ofEpochMilli(1672515780000L));
        assertThat(k.candle().closeTime()).isEqualTo(Instant.ofEpochMilli(1672515839999L));
        assertThat(k.candle().quoteVolume()).isEqualTo(1.0);
        assertThat(k.candle().trades()).isEqualTo(100);
        assertThat(k.candle().takerBuyBaseVolume()).isEqualTo(500);
        assertThat(k.candle().takerBuyQuoteVolume()).isEqualTo(0.5);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"abc\"      | INVALID_KLINE | \"abc\" is not a decimal number",
        "\"NaN\"      | INVALID_KLINE | \"NaN\" is not a decimal number",
        "\"Infinity\" | INVALID_KLINE | is not a decimal number",
        "\"1e3\"      | INVALID_KLINE | is not a decimal number",
        "\"\"         | INVALID_KLINE | is not a decimal number",
        "null        | INVALID_KLINE | is not a decimal string",
        "true        | INVALID_KLINE | is not a decimal string",
        "\"-1.0\"     | INVALID_KLINE | open must be > 0",
        "\"0\"        | INVALID_KLINE | open must be > 0 but was 0.0",
    })
    void rejectsPricesThatAreNotNumbers(String open, RejectReason reason, String message) throws Exception {
        JsonNode row = json("[1577836800000," + open + ",\"2\",\"0.5\",\"1\",\"1\",1577840399999,\"1\",1,\"1\",\"1\",\"0\"]");
        assertThatThrownBy(() -> KlineParser.restRow(row, Interval.HOUR_1))
                .isInstanceOfSatisfying(MessageRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[1577836800000,\"1\",\"2\",\"0.5\",\"1\",\"1\"]                                                       | MALFORMED_JSON | array of 12",
        "{\"t\":1}                                                                                        | MALFORMED_JSON | array of 12",
        "[\"1577836800000\",\"1\",\"2\",\"0.5\",\"1\",\"1\",1577840399999,\"1\",1,\"1\",\"1\",\"0\"]            | INVALID_KLINE  | 'openTime' is not an integer",
        "[1577838600000,\"1\",\"2\",\"0.5\",\"1\",\"1\",1577842199999,\"1\",1,\"1\",\"1\",\"0\"]              | INVALID_KLINE  | is not on the 1h grid",
        "[1577836800000,\"1\",\"2\",\"0.5\",\"1\",\"1\",1577840400000,\"1\",1,\"1\",\"1\",\"0\"]              | INVALID_KLINE  | after the end of the 1h candle",
        "[1577836800,\"1\",\"2\",\"0.5\",\"1\",\"1\",1577840399,\"1\",1,\"1\",\"1\",\"0\"]                    | INVALID_KLINE  | open time 1970-01-19T06:17:16.800Z is outside 2009",
        "[1577836800000,\"1\",\"2\",\"0.5\",\"1\",\"1\",1577840399999,\"1\",1,\"2\",\"1\",\"0\"]              | INVALID_KLINE  | takerBuyBaseVolume 2.0 exceeds volume 1.0",
        "[1577836800000,\"1\",\"0.5\",\"2\",\"1\",\"1\",1577840399999,\"1\",1,\"1\",\"1\",\"0\"]              | INVALID_KLINE  | is below low",
        "[1577836800000,\"1\",\"2\",\"0.5\",\"1\",\"1\",1577840399999,\"1\",1.5,\"1\",\"1\",\"0\"]            | INVALID_KLINE  | 'trades' is not an integer",
    })
    void rejectsMalformedRows(String row, RejectReason reason, String message) throws Exception {
        assertThatThrownBy(() -> KlineParser.restRow(json(row), Interval.HOUR_1))
                .isInstanceOfSatisfying(MessageRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void rejectsEventsThatAreNotKlines() throws Exception {
        assertThatThrownBy(() -> KlineParser.event(json("{\"e\":\"trade\",\"s\":\"BTCUSDT\"}")))
                .isInstanceOfSatisfying(MessageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.UNKNOWN_EVENT));
        assertThatThrownBy(() -> KlineParser.event(json("{\"e\":\"kline\",\"s\":\"BTCUSDT\"}")))
                .isInstanceOfSatisfying(MessageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.INVALID_KLINE));
        assertThatThrownBy(() -> KlineParser.event(json("[1,2]")))
                .isInstanceOfSatisfying(MessageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.MALFORMED_JSON));
    }

    @Test
    void checksTheGridOfWeeksAndMonths() throws Exception {
        assertThat(Slots.isAligned(Interval.WEEK_1, Instant.parse("2020-01-06T00:00:00Z"))).isTrue();  // a Monday
        assertThat(Slots.isAligned(Interval.WEEK_1, Instant.parse("2020-01-02T00:00:00Z"))).isFalse();  // a Thursday
        assertThat(Slots.isAligned(Interval.MONTH_1, Instant.parse("2020-02-01T00:00:00Z"))).isTrue();
        assertThat(Slots.isAligned(Interval.MONTH_1, Instant.parse("2020-02-02T00:00:00Z"))).isFalse();
        assertThat(Slots.previous(Interval.MONTH_1, Instant.parse("2020-03-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2020-02-01T00:00:00Z"));
        assertThat(Slots.scheduledClose(Interval.MONTH_1, Instant.parse("2020-02-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2020-02-29T23:59:59.999Z"));
    }

    @Test
    void restRowsAndStreamEventsRoundTripEveryField() {
        Property.forAll(Candles.series(1, 20)).tries(200)
                .check(KlineParserTest::restRowsAndStreamEventsRoundTripEveryField);
    }

    private static void restRowsAndStreamEventsRoundTripEveryField(List<Candle> candles) throws Exception {
        for (Candle original : candles) {
            Candle printed = eightDecimals(original);
            assertThat(KlineParser.restRow(json(FakeBinance.row(printed)), Interval.HOUR_1).sameKline(printed)).isTrue();
            String event = FakeBinance.klineEvent("testusdt@kline_1h", printed, true, printed.closeTime());
            KlineParser.LiveKline k = KlineParser.event(json(event).get("data"));
            assertThat(k.closed()).isTrue();
            assertThat(k.candle().sameKline(printed)).isTrue();
        }
    }

    /** The candle as Binance would print it: every decimal with 8 places. */
    private static Candle eightDecimals(Candle c) {
        return c.toBuilder()
                .open(d(c.open())).high(d(c.high())).low(d(c.low())).close(d(c.close()))
                .volume(d(c.volume())).quoteVolume(d(c.quoteVolume()))
                .takerBuyBaseVolume(d(c.takerBuyBaseVolume())).takerBuyQuoteVolume(d(c.takerBuyQuoteVolume()))
                .build();
    }

    private static double d(double v) {
        return Double.parseDouble(KlineCsv.decimal(v));
    }
}
