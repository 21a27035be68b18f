package dev.candlesignal.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Candle;
import dev.candlesignal.FeatureConfigurationException;
import dev.candlesignal.FeatureValueException;
import dev.candlesignal.feature.Feature;
import dev.candlesignal.indicators.internal.RollingMean;
import dev.candlesignal.testkit.Candles;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.CachedIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.averages.EMAIndicator;
import org.ta4j.core.indicators.averages.SMAIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.num.DoubleNumFactory;
import org.ta4j.core.num.Num;

class Ta4jFeatureTest {

    private static double[] unbounded(List<Candle> candles, Function<BarSeries, Indicator<Num>> factory) {
        BarSeries series = new BaseBarSeriesBuilder().withNumFactory(DoubleNumFactory.getInstance()).build();
        Indicator<Num> indicator = factory.apply(series);
        double[] out = new double[candles.size()];
        for (int i = 0; i < candles.size(); i++) {
            Candle c = candles.get(i);
            series.barBuilder().timePeriod(Duration.ofHours(1)).endTime(c.closeTime().plusMillis(1))
                    .openPrice(c.open()).highPrice(c.high()).lowPrice(c.low()).closePrice(c.close())
                    .volume(c.volume()).add();
            out[i] = indicator.getValue(i).doubleValue();
        }
        return out;
    }

    @Test
    void aBoundedSeriesGivesTheUnboundedValues() {
        List<Candle> candles = GoldenParityTest.candles("BTCUSDT-1h.csv").subList(0, 1500);
        Function<BarSeries, Indicator<Num>> rsi = s -> new RSIIndicator(new ClosePriceIndicator(s), 14);
        Function<BarSeries, Indicator<Num>> ema = s -> new EMAIndicator(new ClosePriceIndicator(s), 26);
        for (Function<BarSeries, Indicator<Num>> factory : List.of(rsi, ema)) {
            Feature feature = Ta4jFeature.of("f", 40, factory);
            double[] expected = unbounded(candles, factory);
            Feature.Calculator calc = feature.newCalculator();
            for (int i = 0; i < candles.size(); i++) {
                double v = calc.update(candles.get(i));
                if (i < feature.warmupBars() - 1) {
                    assertThat(v).isNaN();
                } else {
                    assertThat(v).as("row %d", i).isEqualTo(expected[i]);
                }
            }
        }
    }

    @Test
    void warmupFollowsTheUnstableBarsAndMatchesPandasForAnSma() {
        Feature sma = Ta4jFeature.of("sma_10", 20, s -> new SMAIndicator(new ClosePriceIndicator(s), 10));
        assertThat(sma.warmupBars()).isEqualTo(10);
        assertThat(sma.definition()).isEqualTo("ta4j(org.ta4j.core.indicators.averages.SMAIndicator,window=20,unstable=9)");
        List<Candle> candles = Candles.randomWalk(3, 200);
        Feature.Calculator calc = sma.newCalculator();
        RollingMean pandas = new RollingMean(10);
        for (int i = 0; i < candles.size(); i++) {
            double v = calc.update(candles.get(i));
            double p = pandas.update(candles.get(i).close());
            if (i < 9) {
                assertThat(v).isNaN();
                assertThat(p).isNaN();
            } else {
                assertThat(v).isCloseTo(p, org.assertj.core.api.Assertions.within(1e-12 * p));
            }
        }
    }

    @Test
    void aWindowThatCannotHoldTheUnstableBarsIsRefused() {
        assertThatThrownBy(() -> Ta4jFeature.of("ema", 26, s -> new EMAIndicator(new ClosePriceIndicator(s), 26)))
                .isInstanceOf(FeatureConfigurationException.class)
                .hasMessageContaining("needs 26 bars")
                .hasMessageContaining("at least 27");
        // Ta4j's SMA keeps a running sum and reads the bar leaving its period: 10 bars are not enough for SMA(10)
        assertThatThrownBy(() -> Ta4jFeature.of("sma_10", 10, s -> new SMAIndicator(new ClosePriceIndicator(s), 10)))
                .isInstanceOf(FeatureConfigurationException.class)
                .hasMessageContaining("bounded to 10 bars")
                .hasMessageContaining("larger window");
        assertThatThrownBy(() -> Ta4jFeature.of("none", 5, s -> null)).isInstanceOf(FeatureConfigurationException.class)
                .hasMessageContaining("null");
    }

    @Test
    void candlesOutOfTimeOrderAreRefusedBeforeAnythingChanges() {
        List<Candle> candles = Candles.randomWalk(4, 60);
        Feature ema = Ta4jFeature.of("ema_5", 30, s -> new EMAIndicator(new ClosePriceIndicator(s), 5));
        Feature.Calculator probed = ema.newCalculator();
        Feature.Calculator reference = ema.newCalculator();
        for (int i = 0; i < candles.size(); i++) {
            if (i > 0 && i % 13 == 0) {
                Candle repeated = candles.get(i - 1);
                assertThatThrownBy(() -> probed.update(repeated)).isInstanceOf(FeatureValueException.class)
                        .hasMessageContaining("time order");
            }
            assertThat(Double.compare(probed.update(candles.get(i)), reference.update(candles.get(i)))).isZero();
        }
    }

    @Test
    void anIndicatorThatThrowsMakesItsCalculatorUnusable() {
        Feature failing = Ta4jFeature.of("fails", 5, s -> new CachedIndicator<Num>(s) {
            @Override
            protected Num calculate(int index) {
                if (s.getBar(index).getVolume().doubleValue() == 777) {
                    throw new ArithmeticException("boom");
                }
                return s.numFactory().one();
            }

            @Override
            public int getCountOfUnstableBars() {
                return 0;
            }
        });
        Feature.Calculator calc = failing.newCalculator();
        List<Candle> candles = Candles.randomWalk(5, 6);
        for (int i = 0; i < 3; i++) {
            assertThat(calc.update(candles.get(i))).isEqualTo(1.0);
        }
        Candle magic = candles.get(3).toBuilder().volume(777).build();
        assertThatThrownBy(() -> calc.update(magic)).isInstanceOf(FeatureValueException.class)
                .hasMessageContaining("fails").hasRootCauseInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> calc.update(candles.get(4))).isInstanceOf(IllegalStateException.class);
    }
}
