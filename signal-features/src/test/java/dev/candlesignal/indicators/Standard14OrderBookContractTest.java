package dev.candlesignal.indicators;

import dev.candlesignal.Candle;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.FeatureSetContract;
import dev.candlesignal.testkit.Generator;
import dev.candlesignal.testkit.Generators;
import java.util.List;

/** The test kit's contract for standard14/orderBook(5), on candles that carry order books. */
class Standard14OrderBookContractTest extends FeatureSetContract {
    @Override
    protected FeatureSet featureSet() {
        return FeatureSets.standard14(ImbalanceSource.orderBook(5));
    }

    @Override
    protected Generator<List<Candle>> candleSeries() {
        return Generators.combine(Candles.series(1, 260), Generators.longs(),
                (candles, seed) -> OrderBooks.attach(candles, 5 + (int) Math.floorMod(seed, 3L), seed));
    }

    @Override
    protected List<Candle> wellBehavedCandles(int n) {
        return OrderBooks.attach(Candles.randomWalk(42, n), 5, 1);
    }

    @Override
    protected List<Candle> otherWellBehavedCandles(int n) {
        return OrderBooks.attach(Candles.randomWalk(7, n), 10, 2);
    }
}
