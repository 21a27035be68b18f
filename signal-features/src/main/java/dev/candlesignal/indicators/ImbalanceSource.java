package dev.candlesignal.indicators;

import dev.candlesignal.Candle;
import dev.candlesignal.FeatureConfigurationException;
import dev.candlesignal.FeatureValueException;
import dev.candlesignal.OrderBookSnapshot;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where {@link FeatureSets#standard14(ImbalanceSource) standard14} takes its order-book imbalance column from.
 * Binance keeps no historical order books, so a model trained on history cannot have seen real book values; the
 * source is therefore part of the set's id, and a model trained with one source is refused on the other.
 * <ul>
 *   <li>{@link #takerFlow()} (the default): {@code (2 * takerBuyBaseVolume - volume) / volume} from the kline
 *       itself, 0 when the volume is 0; the same in history and live. It is in [-1, 1] when the taker-buy volume
 *       is at most the volume, as in Binance data.</li>
 *   <li>{@link #orderBook(int)}: {@code (bids - asks) / (bids + asks)} over the best N levels of the snapshot a
 *       live source attached to the candle at its close ({@link OrderBookSnapshot#imbalance(int)}), in [-1, 1].
 *       A candle without a snapshot, or with fewer than N levels, is rejected with a
 *       {@link FeatureValueException}, never read as 0.</li>
 * </ul>
 *
 * <p>Immutable.
 */
public final class ImbalanceSource {
    private static final ImbalanceSource TAKER_FLOW = new ImbalanceSource(0);
    private final int levels;

    private ImbalanceSource(int levels) {
        this.levels = levels;
    }

    /** Imbalance of taker buys and sells in the kline: id {@code takerFlow}. */
    public static ImbalanceSource takerFlow() {
        return TAKER_FLOW;
    }

    /**
     * Imbalance of the best {@code levels} levels of the order book attached at candle close: id
     * {@code orderBook(N)}.
     *
     * @throws FeatureConfigurationException if {@code levels < 1}
     */
    public static ImbalanceSource orderBook(int levels) {
        if (levels < 1) {
            throw new FeatureConfigurationException("order-book imbalance needs at least 1 level but was " + levels);
        }
        return new ImbalanceSource(levels);
    }

    /** {@code takerFlow} or {@code orderBook(N)}. */
    public String id() {
        return levels == 0 ? "takerFlow" : "orderBook(" + levels + ")";
    }

    /** The number of book levels, empty for {@link #takerFlow()}. */
    public OptionalInt levels() {
        return levels == 0 ? OptionalInt.empty() : OptionalInt.of(levels);
    }

    /**
     * Throws if {@link #imbalance} cannot use the candle: an order-book source and no snapshot, or too few levels.
     *
     * @param setId names the feature set in the message
     */
    void validate(Candle candle, String setId) {
        if (levels == 0) {
            return;
        }
        Optional<OrderBookSnapshot> book = candle.orderBook();
        if (book.isEmpty()) {
            throw new FeatureValueException("ob_imbalance", setId + " needs an order-book snapshot attached to every"
                    + " candle, but the candle opened at " + candle.openTime() + " has none (live sources attach one"
                    + " at candle close; history has none, so models trained on history use standard14/takerFlow)");
        }
        if (book.get().depth() < levels) {
            throw new FeatureValueException("ob_imbalance", setId + " needs " + levels + " order-book levels, but the"
                    + " snapshot attached to the candle opened at " + candle.openTime() + " has "
                    + book.get().depth());
        }
    }

    /** The imbalance of a candle that passed {@link #validate}. Allocation-free. */
    double imbalance(Candle candle) {
        if (levels == 0) {
            double volume = candle.volume();
            return volume == 0 ? 0.0 : (2 * candle.takerBuyBaseVolume() - volume) / volume;
        }
        return candle.orderBook().orElseThrow().imbalance(levels);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImbalanceSource other && levels == other.levels;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(levels);
    }

    @Override
    public String toString() {
        return id();
    }
}
