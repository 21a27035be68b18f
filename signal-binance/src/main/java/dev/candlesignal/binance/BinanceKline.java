package dev.candlesignal.binance;

import dev.candlesignal.Candle;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A closed kline as Binance sent it over REST: the parsed {@link Candle} together with the exchange's decimal
 * strings for every price and volume ({@code "0.01634790"}, {@code "70341465.07528167"}), which a {@code double}
 * cannot always hold exactly. Writers that must keep Binance's numbers digit for digit (a downloaded CSV) use the
 * strings; everything else uses the candle. {@link BinanceCandleSource#historyKlines} produces them.
 *
 * @param candle the parsed kline
 * @param open the open price as sent; likewise for the other strings
 * @param high high price
 * @param low low price
 * @param close close price
 * @param volume base-asset volume
 * @param quoteVolume quote-asset volume
 * @param takerBuyBaseVolume taker-buy base-asset volume
 * @param takerBuyQuoteVolume taker-buy quote-asset volume
 */
public record BinanceKline(Candle candle, String open, String high, String low, String close, String volume,
        String quoteVolume, String takerBuyBaseVolume, String takerBuyQuoteVolume) {

    /** A plain decimal, as Binance prints them: no exponent, no sign other than a leading minus. */
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    /**
     * Checks that every string is a plain decimal that reads as the candle's value.
     *
     * @throws IllegalArgumentException naming the field and the string that does not fit
     */
    public BinanceKline {
        Objects.requireNonNull(candle, "candle");
        check("open", open, candle.open());
        check("high", high, candle.high());
        check("low", low, candle.low());
        check("close", close, candle.close());
        check("volume", volume, candle.volume());
        check("quoteVolume", quoteVolume, candle.quoteVolume());
        check("takerBuyBaseVolume", takerBuyBaseVolume, candle.takerBuyBaseVolume());
        check("takerBuyQuoteVolume", takerBuyQuoteVolume, candle.takerBuyQuoteVolume());
    }

    private static void check(String field, String text, double value) {
        Objects.requireNonNull(text, field);
        if (!PLAIN_DECIMAL.matcher(text).matches()) {
            throw new IllegalArgumentException(field + " \"" + text + "\" is not a plain decimal number");
        }
        if (Double.parseDouble(text) != value) {
            throw new IllegalArgumentException(field + " \"" + text + "\" does not read as the candle's " + value);
        }
    }
}
