package dev.candlesignal.indicators;

import dev.candlesignal.Candle;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.FeatureSetContract;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** The test kit's contract for standard14/orderBook(5), on candles that carry order books. */
class Standard14OrderBookContractTest extends FeatureSetContract {
    @Override
    protected FeatureSet featureSet() {
        return FeatureSets.standard14(ImbalanceSource.orderBook(5));
    }

    @Override
    protected Arbitrary<List<Candle>> candleSeries() {
        return Combinators.combine(Candles.series(1, 260), Arbitraries.longs())
                .as((candles, seed) -> OrderBooks.attach(candles, 5 + (int) Math.floorMod(seed, 3L), seed));
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
