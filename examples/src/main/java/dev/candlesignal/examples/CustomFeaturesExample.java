package dev.candlesignal.examples;

import dev.candlesignal.Candle;
import dev.candlesignal.feature.CandleWindow;
import dev.candlesignal.feature.FeatureCalculator;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.indicators.FeatureSets;
import dev.candlesignal.indicators.Ta4jFeature;
import dev.candlesignal.replay.KlineCsv;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;

/**
 * Adds custom columns to the standard 28 features without forking anything: a Ta4j indicator (Wilder's RSI,
 * which the standard set does not have: its {@code rsi_14} is the seed's simple-mean RSI) and a plain Java
 * function over the last 24 candles. Streams the bundled BTCUSDT year through the combined set and prints the
 * set id, its columns and the last row; then shows that changing a column changes the id.
 *
 * <pre>
 * ./build -q -pl examples -am package -DskipTests
 * java -cp examples/target/candlesignal.jar dev.candlesignal.examples.CustomFeaturesExample [data/binance/BTCUSDT-1h.csv]
 * </pre>
 */
public final class CustomFeaturesExample {
    private CustomFeaturesExample() {
    }

    /** (highest high - lowest low) / close over the window: a range-based volatility. */
    static double rangeOverClose(CandleWindow w) {
        double high = w.high(0);
        double low = w.low(0);
        for (int i = 1; i < w.size(); i++) {
            high = Math.max(high, w.high(i));
            low = Math.min(low, w.low(i));
        }
        return (high - low) / w.close(0);
    }

    static FeatureSet customSet() {
        return FeatureSet.builder()
                .addAll(FeatureSets.standard28())
                .add(Ta4jFeature.of("rsi_wilder_14", 100, series -> new RSIIndicator(new ClosePriceIndicator(series), 14)))
                .add("range_24", 24, CustomFeaturesExample::rangeOverClose)
                .build();
    }

    public static void main(String[] args) {
        Path file = Path.of(args.length > 0 ? args[0] : "data/binance/BTCUSDT-1h.csv");
        List<Candle> candles = KlineCsv.read(file);
        FeatureSet set = customSet();
        System.out.println("feature set " + set.id() + ": " + set.featureCount() + " columns, warm-up "
                + set.warmupBars() + " candles");
        System.out.println("columns: " + String.join(", ", set.columns()));

        // one calculator per stream; each update writes one row without touching the candle history
        FeatureCalculator calculator = set.newCalculator();
        double[] row = new double[set.featureCount()];
        for (Candle candle : candles) {
            calculator.update(candle, row, 0);
        }
        System.out.println("last candle " + candles.get(candles.size() - 1).openTime() + ":");
        for (int k = 0; k < row.length; k++) {
            System.out.printf(Locale.ROOT, "  %-20s %s%n", set.columns().get(k), row[k]);
        }

        // a model bundle records the id; another column (here ATR instead of the range) means another id
        FeatureSet other = FeatureSet.builder()
                .addAll(FeatureSets.standard28())
                .add(Ta4jFeature.of("rsi_wilder_14", 100, series -> new RSIIndicator(new ClosePriceIndicator(series), 14)))
                .add(Ta4jFeature.of("atr_wilder_14", 100, series -> new ATRIndicator(series, 14)))
                .build();
        System.out.println("with atr_wilder_14 instead of range_24 the id is " + other.id());
    }
}
