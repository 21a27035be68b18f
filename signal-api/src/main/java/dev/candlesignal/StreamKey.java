package dev.candlesignal;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identifies one candle stream: a symbol on an interval, e.g. {@code BTCUSDT 1h}. The symbol must be 1 to 40
 * characters of letters, digits and {@code _ - . /}, and is upper-cased here (exchange symbols are case-insensitive
 * and Binance's are upper case), so {@code btcusdt} and {@code BTCUSDT} name the same stream everywhere.
 *
 * <p>Immutable.
 */
public record StreamKey(String symbol, Interval interval) {
    private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9_./-]{1,40}");

    public StreamKey {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(interval, "interval");
        if (!SYMBOL.matcher(symbol).matches()) {
            throw new IllegalArgumentException("invalid symbol '" + symbol
                    + "': expected 1 to 40 letters, digits or _ - . /");
        }
        symbol = symbol.toUpperCase(Locale.ROOT);
    }

    public static StreamKey of(String symbol, Interval interval) {
        return new StreamKey(symbol, interval);
    }

    @Override
    public String toString() {
        return symbol + "@" + interval.wireName();
    }
}
