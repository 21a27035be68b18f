package dev.candlesignal.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.feature.FeatureCalculator;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.testkit.Candles;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Streaming over a long history: a calculator fed thousands of random candles (flat stretches, zero volume,
 * prices from 1e-4 to 1e9, gaps) writes exactly the rows the batch form computes over that whole history, and
 * its state does not grow with the history, so an engine that keeps only a bounded candle history still gets
 * full-history values.
 */
class LongSeriesProperties {

    @Provide
    Arbitrary<List<Candle>> longSeries() {
        return Candles.series(1000, 2500);
    }

    @Property(tries = 6)
    void standard28StreamingEqualsBatchOverTheWholeHistory(@ForAll("longSeries") List<Candle> candles) {
        assertStreamingEqualsBatch(FeatureSets.standard28(), candles);
    }

    @Property(tries = 6)
    void standard14StreamingEqualsBatchOverTheWholeHistory(@ForAll("longSeries") List<Candle> candles) {
        assertStreamingEqualsBatch(FeatureSets.standard14(), candles);
    }

    private static void assertStreamingEqualsBatch(FeatureSet set, List<Candle> candles) {
        double[][] batch = set.compute(candles);
        FeatureCalculator calc = set.newCalculator();
        double[] row = new double[set.featureCount()];
        long sizeAfterWarmup = -1;
        for (int i = 0; i < candles.size(); i++) {
            calc.update(candles.get(i), row, 0);
            for (int k = 0; k < row.length; k++) {
                if (Double.doubleToLongBits(row[k]) != Double.doubleToLongBits(batch[i][k])) {
                    throw new AssertionError("row " + i + " of " + candles.size() + ", " + set.columns().get(k)
                            + ": streaming " + row[k] + ", batch " + batch[i][k]);
                }
            }
            if (i == set.warmupBars()) {
                sizeAfterWarmup = RetainedSize.of(calc);
            }
        }
        assertThat(RetainedSize.of(calc)).as("state size after %d candles", candles.size()).isEqualTo(sizeAfterWarmup);
    }
}
