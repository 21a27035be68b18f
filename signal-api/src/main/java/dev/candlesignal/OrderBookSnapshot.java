package dev.candlesignal;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * The top levels of an order book at one moment: bid and ask quantities, best level first. Live sources attach
 * the last snapshot at or before a candle's close to the candle, so features such as order-book imbalance can
 * be computed at candle close.
 *
 * <p>Immutable: the arrays are copied in and out.
 *
 * @param time when the snapshot was taken (exchange event time, or receive time where the exchange gives none)
 * @param bidQuantities quantities of the best bids, best first
 * @param askQuantities quantities of the best asks, best first
 */
public record OrderBookSnapshot(Instant time, double[] bidQuantities, double[] askQuantities) {

    public OrderBookSnapshot {
        Objects.requireNonNull(time, "time");
        bidQuantities = checked("bidQuantities", bidQuantities);
        askQuantities = checked("askQuantities", askQuantities);
    }

    private static double[] checked(String name, double[] quantities) {
        Objects.requireNonNull(quantities, name);
        double[] copy = quantities.clone();
        for (int i = 0; i < copy.length; i++) {
            if (!(copy[i] >= 0) || Double.isInfinite(copy[i])) {
                throw new InvalidCandleException(name, name + "[" + i + "] must be finite and >= 0 but was " + copy[i]);
            }
        }
        return copy;
    }

    @Override
    public double[] bidQuantities() {
        return bidQuantities.clone();
    }

    @Override
    public double[] askQuantities() {
        return askQuantities.clone();
    }

    /** Number of levels on each side that both sides have. */
    public int depth() {
        return Math.min(bidQuantities.length, askQuantities.length);
    }

    /**
     * Order-book imbalance over the best {@code levels} levels: (bids - asks) / (bids + asks), in [-1, 1];
     * 0 when both sides are empty.
     *
     * @throws IllegalArgumentException if the snapshot has fewer levels than asked
     */
    public double imbalance(int levels) {
        if (levels < 1 || levels > depth()) {
            throw new IllegalArgumentException("imbalance over " + levels + " levels asked, but the snapshot has "
                    + bidQuantities.length + " bid and " + askQuantities.length + " ask levels");
        }
        double bids = 0;
        double asks = 0;
        for (int i = 0; i < levels; i++) {
            bids += bidQuantities[i];
            asks += askQuantities[i];
        }
        double total = bids + asks;
        return total == 0 ? 0 : (bids - asks) / total;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OrderBookSnapshot other
                && time.equals(other.time)
                && Arrays.equals(bidQuantities, other.bidQuantities)
                && Arrays.equals(askQuantities, other.askQuantities);
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, Arrays.hashCode(bidQuantities), Arrays.hashCode(askQuantities));
    }

    @Override
    public String toString() {
        return "OrderBookSnapshot[time=" + time + ", bids=" + Arrays.toString(bidQuantities)
                + ", asks=" + Arrays.toString(askQuantities) + "]";
    }
}
