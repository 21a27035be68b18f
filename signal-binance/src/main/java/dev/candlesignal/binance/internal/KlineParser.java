package dev.candlesignal.binance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candlesignal.Candle;
import dev.candlesignal.CandleTimeException;
import dev.candlesignal.Interval;
import dev.candlesignal.InvalidCandleException;
import dev.candlesignal.binance.BinanceKline;
import dev.candlesignal.binance.RejectReason;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns Binance klines into {@link Candle}s, keeping every field: REST rows
 * ({@code [openTime, "open", "high", "low", "close", "volume", closeTime, "quoteVolume", trades,
 * "takerBuyBase", "takerBuyQuote", "ignore"]}) and the {@code k} object of WebSocket kline events. Besides the
 * candle's own validation it checks the times against the interval ({@link Interval#checkTimes}: a timestamp in
 * 2009..2100, the open time on the interval's grid, the close time inside the slot), so a corrupted time cannot
 * make the source believe a newer candle started.
 *
 * <p>Stateless and thread-safe.
 */
public final class KlineParser {

    /** A kline event from a WebSocket kline stream. */
    public record LiveKline(String symbol, Interval interval, Candle candle, boolean closed) {
    }

    private KlineParser() {
    }

    /** One REST kline row. */
    public static Candle restRow(JsonNode row, Interval interval) throws MessageRejectedException {
        return restKline(row, interval).candle();
    }

    /** One REST kline row, keeping Binance's decimal strings beside the parsed candle. */
    public static BinanceKline restKline(JsonNode row, Interval interval) throws MessageRejectedException {
        RejectReason r = RejectReason.INVALID_KLINE;
        if (!row.isArray() || row.size() < 11) {
            throw new MessageRejectedException(RejectReason.MALFORMED_JSON, "a kline row must be an array of 12 values"
                    + " but was " + HealthCounters.excerpt(row.toString()));
        }
        // fields in the order the parser always checked them, so the first bad one is the one reported
        long openMs = JsonFields.integer(row.get(0), "openTime", r);
        long closeMs = JsonFields.integer(row.get(6), "closeTime", r);
        String open = JsonFields.decimalText(row.get(1), "open", r);
        String high = JsonFields.decimalText(row.get(2), "high", r);
        String low = JsonFields.decimalText(row.get(3), "low", r);
        String close = JsonFields.decimalText(row.get(4), "close", r);
        String volume = JsonFields.decimalText(row.get(5), "volume", r);
        String quoteVolume = JsonFields.decimalText(row.get(7), "quoteVolume", r);
        long trades = JsonFields.integer(row.get(8), "trades", r);
        String takerBase = JsonFields.decimalText(row.get(9), "takerBuyBaseVolume", r);
        String takerQuote = JsonFields.decimalText(row.get(10), "takerBuyQuoteVolume", r);
        Candle candle = candle(interval, openMs, closeMs, Double.parseDouble(open), Double.parseDouble(high),
                Double.parseDouble(low), Double.parseDouble(close), Double.parseDouble(volume),
                Double.parseDouble(quoteVolume), trades, Double.parseDouble(takerBase), Double.parseDouble(takerQuote));
        return new BinanceKline(candle, open, high, low, close, volume, quoteVolume, takerBase, takerQuote);
    }

    /**
     * The {@code data} of a combined-stream kline message:
     * {@code {"e":"kline","E":..,"s":"BNBBTC","k":{"t":..,"T":..,"s":..,"i":"1m","o":..,"c":..,"h":..,"l":..,
     * "v":..,"n":..,"x":false,"q":..,"V":..,"Q":..}}}.
     */
    public static LiveKline event(JsonNode data) throws MessageRejectedException {
        RejectReason r = RejectReason.INVALID_KLINE;
        if (!data.isObject()) {
            throw new MessageRejectedException(RejectReason.MALFORMED_JSON, "kline data is not an object");
        }
        JsonNode e = data.get("e");
        if (e == null || !"kline".equals(e.asText())) {
            throw new MessageRejectedException(RejectReason.UNKNOWN_EVENT, "event type "
                    + (e == null ? "(none)" : e.toString()) + " on a kline stream");
        }
        JsonNode k = data.get("k");
        if (k == null || !k.isObject()) {
            throw new MessageRejectedException(r, "kline event without a 'k' object");
        }
        String symbol = JsonFields.text(k, "s", r);
        String intervalName = JsonFields.text(k, "i", r);
        Interval interval;
        try {
            interval = Interval.fromWireName(intervalName);
        } catch (IllegalArgumentException ex) {
            throw new MessageRejectedException(r, ex.getMessage());
        }
        Candle candle = candle(interval,
                JsonFields.integerAt(k, "t", r),
                JsonFields.integerAt(k, "T", r),
                JsonFields.decimalAt(k, "o", r),
                JsonFields.decimalAt(k, "h", r),
                JsonFields.decimalAt(k, "l", r),
                JsonFields.decimalAt(k, "c", r),
                JsonFields.decimalAt(k, "v", r),
                JsonFields.decimalAt(k, "q", r),
                JsonFields.integerAt(k, "n", r),
                JsonFields.decimalAt(k, "V", r),
                JsonFields.decimalAt(k, "Q", r));
        return new LiveKline(symbol, interval, candle, JsonFields.bool(k, "x", r));
    }

    private static Candle candle(Interval interval, long openMs, long closeMs, double open, double high, double low,
            double close, double volume, double quoteVolume, long trades, double takerBase, double takerQuote)
            throws MessageRejectedException {
        Instant openTime = Instant.ofEpochMilli(openMs);
        Instant closeTime = Instant.ofEpochMilli(closeMs);
        try {
            // the rule every candle source shares: 2009..2100, on the grid, closing inside its slot
            interval.checkTimes(openTime, closeTime);
        } catch (CandleTimeException ex) {
            throw new MessageRejectedException(RejectReason.INVALID_KLINE, ex.getMessage(), ex);
        }
        try {
            return new Candle(openTime, closeTime, open, high, low, close, volume, quoteVolume, trades, takerBase,
                    takerQuote, Optional.empty());
        } catch (InvalidCandleException ex) {
            throw new MessageRejectedException(RejectReason.INVALID_KLINE, ex.getMessage(), ex);
        }
    }
}
