package dev.candlesignal;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One closed candle (kline): every field of a Binance kline except its unused {@code ignore} column, plus an
 * optional order-book snapshot that a live source may attach at the candle's close.
 *
 * <p>Validated at construction, in this one place: every number finite; prices (open, high, low, close) above 0
 * (a zero price is a placeholder, never a trade, and would make every ratio feature infinite); volumes, quote
 * volume and the trade count at least 0; {@code low <= open, close <= high}; taker-buy volumes at most the
 * candle's volumes ({@code takerBuyBaseVolume <= volume}, {@code takerBuyQuoteVolume <= quoteVolume}); a close
 * time not before the open time. A violation throws {@link InvalidCandleException} naming the field and the value.
 * How the times fit an interval is checked where the interval is known: {@link Interval#checkTimes}.
 *
 * <p>Immutable.
 *
 * @param openTime start of the candle (Binance kline field 0)
 * @param closeTime end of the candle, usually {@code openTime + interval - 1 ms} (field 6); earlier when the
 *     exchange closed the candle early, e.g. for maintenance
 * @param volume traded base-asset volume
 * @param quoteVolume traded quote-asset volume
 * @param trades number of trades
 * @param takerBuyBaseVolume base-asset volume bought by takers
 * @param takerBuyQuoteVolume quote-asset volume bought by takers
 * @param orderBook the order book at the candle's close, when the source attached one
 */
public record Candle(
        Instant openTime,
        Instant closeTime,
        double open,
        double high,
        double low,
        double close,
        double volume,
        double quoteVolume,
        long trades,
        double takerBuyBaseVolume,
        double takerBuyQuoteVolume,
        Optional<OrderBookSnapshot> orderBook) {

    public Candle {
        Objects.requireNonNull(openTime, "openTime");
        Objects.requireNonNull(closeTime, "closeTime");
        Objects.requireNonNull(orderBook, "orderBook");
        if (closeTime.isBefore(openTime)) {
            throw invalid(openTime, "closeTime", "close time " + closeTime + " is before open time " + openTime);
        }
        checkPrice(openTime, "open", open);
        checkPrice(openTime, "high", high);
        checkPrice(openTime, "low", low);
        checkPrice(openTime, "close", close);
        checkValue(openTime, "volume", volume);
        checkValue(openTime, "quoteVolume", quoteVolume);
        checkValue(openTime, "takerBuyBaseVolume", takerBuyBaseVolume);
        checkValue(openTime, "takerBuyQuoteVolume", takerBuyQuoteVolume);
        if (trades < 0) {
            throw invalid(openTime, "trades", "trades must be >= 0 but was " + trades);
        }
        if (high < low) {
            throw invalid(openTime, "high", "high " + high + " is below low " + low);
        }
        if (open > high || open < low) {
            throw invalid(openTime, "open", "open " + open + " is outside [low " + low + ", high " + high + "]");
        }
        if (close > high || close < low) {
            throw invalid(openTime, "close", "close " + close + " is outside [low " + low + ", high " + high + "]");
        }
        if (takerBuyBaseVolume > volume) {
            throw invalid(openTime, "takerBuyBaseVolume", "takerBuyBaseVolume " + takerBuyBaseVolume
                    + " exceeds volume " + volume);
        }
        if (takerBuyQuoteVolume > quoteVolume) {
            throw invalid(openTime, "takerBuyQuoteVolume", "takerBuyQuoteVolume " + takerBuyQuoteVolume
                    + " exceeds quoteVolume " + quoteVolume);
        }
    }

    private static void checkPrice(Instant openTime, String field, double value) {
        if (!Double.isFinite(value)) {
            throw invalid(openTime, field, field + " must be finite but was " + value);
        }
        if (!(value > 0)) {
            throw invalid(openTime, field, field + " must be > 0 but was " + value);
        }
    }

    private static void checkValue(Instant openTime, String field, double value) {
        if (!Double.isFinite(value)) {
            throw invalid(openTime, field, field + " must be finite but was " + value);
        }
        if (value < 0) {
            throw invalid(openTime, field, field + " must be >= 0 but was " + value);
        }
    }

    private static InvalidCandleException invalid(Instant openTime, String field, String detail) {
        return new InvalidCandleException(field, "invalid candle opened at " + openTime + ": " + detail);
    }

    /**
     * A candle with OHLCV only; quote volume, trade count and taker volumes are zero.
     */
    public static Candle of(Instant openTime, Instant closeTime, double open, double high, double low, double close,
            double volume) {
        return new Candle(openTime, closeTime, open, high, low, close, volume, 0, 0, 0, 0, Optional.empty());
    }

    /** A builder for candles with more than OHLCV. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this candle's values. */
    public Builder toBuilder() {
        return new Builder()
                .openTime(openTime).closeTime(closeTime)
                .open(open).high(high).low(low).close(close)
                .volume(volume).quoteVolume(quoteVolume).trades(trades)
                .takerBuyBaseVolume(takerBuyBaseVolume).takerBuyQuoteVolume(takerBuyQuoteVolume)
                .orderBook(orderBook.orElse(null));
    }

    /** This candle with the given order-book snapshot attached. */
    public Candle withOrderBook(OrderBookSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        return new Candle(openTime, closeTime, open, high, low, close, volume, quoteVolume, trades,
                takerBuyBaseVolume, takerBuyQuoteVolume, Optional.of(snapshot));
    }

    /**
     * Whether the kline fields (all but the attached order book) are equal. Two deliveries of the same closed
     * candle compare equal here even if different order-book snapshots were attached.
     */
    public boolean sameKline(Candle other) {
        return openTime.equals(other.openTime)
                && closeTime.equals(other.closeTime)
                && Double.compare(open, other.open) == 0
                && Double.compare(high, other.high) == 0
                && Double.compare(low, other.low) == 0
                && Double.compare(close, other.close) == 0
                && Double.compare(volume, other.volume) == 0
                && Double.compare(quoteVolume, other.quoteVolume) == 0
                && trades == other.trades
                && Double.compare(takerBuyBaseVolume, other.takerBuyBaseVolume) == 0
                && Double.compare(takerBuyQuoteVolume, other.takerBuyQuoteVolume) == 0;
    }

    /**
     * Builds a {@link Candle}; validation happens in {@link #build()}.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private Instant openTime;
        private Instant closeTime;
        private double open;
        private double high;
        private double low;
        private double close;
        private double volume;
        private double quoteVolume;
        private long trades;
        private double takerBuyBaseVolume;
        private double takerBuyQuoteVolume;
        private OrderBookSnapshot orderBook;

        private Builder() {
        }

        public Builder openTime(Instant openTime) {
            this.openTime = Objects.requireNonNull(openTime, "openTime");
            return this;
        }

        public Builder closeTime(Instant closeTime) {
            this.closeTime = Objects.requireNonNull(closeTime, "closeTime");
            return this;
        }

        public Builder open(double open) {
            this.open = open;
            return this;
        }

        public Builder high(double high) {
            this.high = high;
            return this;
        }

        public Builder low(double low) {
            this.low = low;
            return this;
        }

        public Builder close(double close) {
            this.close = close;
            return this;
        }

        public Builder volume(double volume) {
            this.volume = volume;
            return this;
        }

        public Builder quoteVolume(double quoteVolume) {
            this.quoteVolume = quoteVolume;
            return this;
        }

        public Builder trades(long trades) {
            this.trades = trades;
            return this;
        }

        public Builder takerBuyBaseVolume(double takerBuyBaseVolume) {
            this.takerBuyBaseVolume = takerBuyBaseVolume;
            return this;
        }

        public Builder takerBuyQuoteVolume(double takerBuyQuoteVolume) {
            this.takerBuyQuoteVolume = takerBuyQuoteVolume;
            return this;
        }

        /** The order book at close, or {@code null} for none. */
        public Builder orderBook(OrderBookSnapshot orderBook) {
            this.orderBook = orderBook;
            return this;
        }

        /**
         * @throws InvalidCandleException if a value is invalid
         * @throws NullPointerException if open or close time is missing
         */
        public Candle build() {
            return new Candle(openTime, closeTime, open, high, low, close, volume, quoteVolume, trades,
                    takerBuyBaseVolume, takerBuyQuoteVolume, Optional.ofNullable(orderBook));
        }
    }
}
