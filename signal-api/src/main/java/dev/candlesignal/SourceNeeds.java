package dev.candlesignal;

/**
 * What a consumer of candles, such as a feature set ({@code FeatureSet#needs()}), needs from a
 * {@link CandleSource} beyond closed klines. Sources and applications ask for this value instead of inferring it
 * from a feature set's id; a source that cannot serve it says so when it is configured with it.
 *
 * <p>Today the one need is an order book: {@link #orderBookLevels()} levels per side attached to every candle at
 * its close ({@link Candle#orderBook()}, {@link OrderBookSnapshot#depth()}). Exchanges keep no historical order
 * books, so a need for one can only be served by live candles: history cannot warm such a consumer up.
 *
 * <p>Immutable.
 *
 * @param orderBookLevels order-book levels per side every candle must carry, {@code >= 0}; 0 for no order book
 */
public record SourceNeeds(int orderBookLevels) {
    private static final SourceNeeds NONE = new SourceNeeds(0);

    public SourceNeeds {
        if (orderBookLevels < 0) {
            throw new IllegalArgumentException("orderBookLevels must be >= 0 (0 = no order book) but was "
                    + orderBookLevels);
        }
    }

    /** Closed klines and nothing else. */
    public static SourceNeeds none() {
        return NONE;
    }

    /**
     * An order book of at least {@code levels} levels per side attached to every candle at its close.
     *
     * @throws IllegalArgumentException if {@code levels < 1}
     */
    public static SourceNeeds orderBook(int levels) {
        if (levels < 1) {
            throw new IllegalArgumentException("an order-book need is for at least 1 level but was " + levels);
        }
        return new SourceNeeds(levels);
    }

    /** Whether every candle must carry an order book (and history, which has none, cannot serve it). */
    public boolean needsOrderBook() {
        return orderBookLevels > 0;
    }

    /** What serves both this and {@code other}: the deeper order book of the two. */
    public SourceNeeds and(SourceNeeds other) {
        return orderBookLevels >= other.orderBookLevels ? this : other;
    }

    @Override
    public String toString() {
        return orderBookLevels == 0 ? "SourceNeeds[klines only]" : "SourceNeeds[order book, " + orderBookLevels
                + " levels]";
    }
}
