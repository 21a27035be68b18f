package dev.candlesignal.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Candle;
import dev.candlesignal.FeatureValueException;
import dev.candlesignal.OrderBookSnapshot;
import dev.candlesignal.feature.FeatureCalculator;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.testkit.Candles;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ob_imbalance column of standard14: taker flow, and order books that must be there. */
class ImbalanceTest {
    private static final int OB = 13;

    @Test
    void takerFlowIsTwiceTheTakerBuyShareMinusOne() {
        Candle c = Candles.candle(Candles.START, dev.candlesignal.Interval.HOUR_1, 10, 11, 9, 10, 200, 150);
        double[] row = new double[14];
        FeatureSets.standard14().newCalculator().update(c, row, 0);
        assertThat(row[OB]).isEqualTo((2 * 150.0 - 200) / 200).isEqualTo(0.5);
    }

    @Test
    void takerFlowIsZeroWithoutVolume() {
        Candle c = Candles.candle(Candles.START, dev.candlesignal.Interval.HOUR_1, 10, 10, 10, 10, 0, 0);
        double[] row = new double[14];
        FeatureSets.standard14().newCalculator().update(c, row, 0);
        assertThat(row[OB]).isEqualTo(0.0);
        assertThat(FeatureSets.standard14().compute(List.of(c))[0][OB]).isEqualTo(0.0);
    }

    @Test
    void orderBookImbalanceOverTheBestLevels() {
        Candle c = Candles.randomWalk(1, 1).get(0).withOrderBook(new OrderBookSnapshot(Candles.START,
                new double[] {3, 1, 100}, new double[] {1, 1, 0}));
        double[] row = new double[14];
        FeatureSets.standard14(ImbalanceSource.orderBook(2)).newCalculator().update(c, row, 0);
        assertThat(row[OB]).isEqualTo((4.0 - 2.0) / 6.0);
        FeatureSets.standard14(ImbalanceSource.orderBook(3)).newCalculator().update(c, row, 0);
        assertThat(row[OB]).isEqualTo((104.0 - 2.0) / 106.0);
    }

    @Test
    void aCandleWithoutABookIsRejectedAndLeavesTheCalculatorUnchanged() {
        FeatureSet set = FeatureSets.standard14(ImbalanceSource.orderBook(5));
        List<Candle> candles = OrderBooks.attach(Candles.randomWalk(3, 80), 5, 9);
        FeatureCalculator probed = set.newCalculator();
        FeatureCalculator reference = set.newCalculator();
        double[] a = new double[14];
        double[] b = new double[14];
        Candle withoutBook = Candles.randomWalk(4, 1).get(0);
        Candle tooShallow = candles.get(0).withOrderBook(new OrderBookSnapshot(Candles.START, new double[4],
                new double[9]));
        for (int i = 0; i < candles.size(); i++) {
            if (i % 10 == 5) {
                double[] untouched = a.clone();
                assertThatThrownBy(() -> probed.update(withoutBook, a, 0))
                        .isInstanceOf(FeatureValueException.class)
                        .hasMessageContaining("standard14/orderBook(5)")
                        .hasMessageContaining("has none")
                        .satisfies(e -> assertThat(((FeatureValueException) e).column()).isEqualTo("ob_imbalance"));
                assertThatThrownBy(() -> probed.update(tooShallow, a, 0))
                        .isInstanceOf(FeatureValueException.class)
                        .hasMessageContaining("needs 5 order-book levels")
                        .hasMessageContaining("has 4");
                assertThatThrownBy(() -> probed.validate(withoutBook)).isInstanceOf(FeatureValueException.class);
                assertThat(a).as("row untouched").containsExactly(untouched);
                assertThat(probed.count()).isEqualTo(i);
            }
            probed.update(candles.get(i), a, 0);
            reference.update(candles.get(i), b, 0);
            assertThat(a).as("row %d equals a calculator that never saw the bad candles", i).containsExactly(b);
        }
    }

    @Test
    void batchRejectsAMissingBookToo() {
        List<Candle> candles = OrderBooks.attach(Candles.randomWalk(3, 30), 5, 9);
        List<Candle> broken = new java.util.ArrayList<>(candles);
        broken.set(17, Candles.randomWalk(3, 30).get(17));
        assertThatThrownBy(() -> FeatureSets.standard14(ImbalanceSource.orderBook(5)).compute(broken))
                .isInstanceOf(FeatureValueException.class).hasMessageContaining(broken.get(17).openTime().toString());
    }

    @Test
    void takerFlowIgnoresAttachedBooks() {
        List<Candle> plain = Candles.randomWalk(5, 60);
        List<Candle> withBooks = OrderBooks.attach(plain, 3, 1);
        assertThat(java.util.Arrays.deepEquals(FeatureSets.standard14().compute(withBooks),
                FeatureSets.standard14().compute(plain))).isTrue();
    }
}
