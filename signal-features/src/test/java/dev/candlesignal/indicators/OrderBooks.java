package dev.candlesignal.indicators;

import dev.candlesignal.Candle;
import dev.candlesignal.OrderBookSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Attaches deterministic order-book snapshots to candles, for the orderBook(N) imbalance. */
final class OrderBooks {
    private OrderBooks() {
    }

    static List<Candle> attach(List<Candle> candles, int levels, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Candle> out = new ArrayList<>(candles.size());
        for (Candle c : candles) {
            out.add(c.withOrderBook(book(c, levels, random)));
        }
        return out;
    }

    static OrderBookSnapshot book(Candle candle, int levels, SplittableRandom random) {
        double[] bids = new double[levels];
        double[] asks = new double[levels];
        for (int i = 0; i < levels; i++) {
            // some empty levels and an occasional empty book (imbalance 0 by definition)
            bids[i] = random.nextInt(8) == 0 ? 0 : random.nextDouble() * 5;
            asks[i] = random.nextInt(8) == 0 ? 0 : random.nextDouble() * 5;
        }
        return new OrderBookSnapshot(candle.closeTime(), bids, asks);
    }
}
