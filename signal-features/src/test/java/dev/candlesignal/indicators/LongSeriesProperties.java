package dev.candlesignal.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.feature.FeatureCalculator;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.Generator;
import dev.candlesignal.testkit.Property;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Streaming over a long history: a calculator fed thousands of random candles (flat stretches, zero volume,
 * prices from 1e-4 to 1e9, gaps) writes exactly the rows the batch form computes over that whole history, and
 * its state does not grow with the history, so an engine that keeps only a bounded candle history still gets
 * full-history values.
 */
class LongSeriesProperties {

    private static Generator<List<Candle>> longSeries() {
        return Candles.series(1000, 2500);
    }

    @Test
    void standard28StreamingEqualsBatchOverTheWholeHistory() {
        Property.forAll(longSeries()).tries(6)
                .check(candles -> assertStreamingEqualsBatch(FeatureSets.standard28(), candles));
    }

    @Test
    void standard14StreamingEqualsBatchOverTheWholeHistory() {
        Property.forAll(longSeries()).tries(6)
                .check(candles -> assertStreamingEqualsBatch(FeatureSets.standard14(), candles));
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
