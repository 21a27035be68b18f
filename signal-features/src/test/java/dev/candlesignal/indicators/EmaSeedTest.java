package dev.candlesignal.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.feature.FeatureSet;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * How much the start of the history matters: features computed over only the last {@code k} candles of BTCUSDT
 * against the full-history values at the last candle. The MACD columns differ through the EMA seed, whose weight
 * after {@code k} candles is {@code (25/27)^k} for the EMA 26. The rolling columns depend mathematically on at
 * most 50 candles, but pandas' online sums carry rounding residue (the Kahan compensation, the running mean of
 * the variance) from the first row on, so a suffix computation differs from full history in the last bits, up to
 * ~1e-9 relative for the ill-conditioned Bollinger width. A streaming calculator carries that state too, which is
 * why it reproduces full-history values exactly with constant memory.
 */
class EmaSeedTest {
    private static final int[] SUFFIXES = {60, 100, 201, 300, 500, 800};

    @Test
    void onlyTheMacdColumnsDependOnWhereTheHistoryStartsAndThatFadesGeometrically() {
        List<Candle> candles = GoldenParityTest.candles("BTCUSDT-1h.csv");
        FeatureSet set = FeatureSets.standard28();
        double[][] full = set.compute(candles);
        double[] last = full[full.length - 1];
        int macd = set.columns().indexOf("macd");
        StringBuilder report = new StringBuilder(
                "suffix  macd rel.dev  macd_signal rel.dev  macd_hist rel.dev  (25/27)^k  other columns: worst rel.dev\n");
        double previous = Double.POSITIVE_INFINITY;
        for (int k : SUFFIXES) {
            double[][] suffix = set.compute(candles.subList(candles.size() - k, candles.size()));
            double[] row = suffix[k - 1];
            double worstOther = 0;
            String worstColumn = "";
            for (int c = 0; c < 28; c++) {
                if (c < macd || c > macd + 2) {
                    double d = last[c] == 0 ? Math.abs(row[c]) : Math.abs(row[c] - last[c]) / Math.abs(last[c]);
                    assertThat(d).as("%s over the last %d candles", set.columns().get(c), k).isLessThan(1e-8);
                    if (d > worstOther) {
                        worstOther = d;
                        worstColumn = set.columns().get(c);
                    }
                }
            }
            double[] dev = new double[3];
            for (int j = 0; j < 3; j++) {
                dev[j] = Math.abs(row[macd + j] - last[macd + j]) / Math.abs(last[macd + j]);
            }
            double weight = Math.pow(25.0 / 27.0, k);
            report.append(String.format(Locale.ROOT, "%6d  %12.3g  %19.3g  %17.3g  %9.3g  %.3g (%s)%n", k, dev[0], dev[1],
                    dev[2], weight, worstOther, worstColumn));
            // the close-to-seed gap is at most the year's price range (~3.6e3..1.4e4), the MACD itself ~1e1..1e2
            assertThat(dev[0]).as("macd deviation after %d candles", k).isLessThanOrEqualTo(Math.max(1e4 * k * weight, 1e-13));
            assertThat(dev[0]).isLessThanOrEqualTo(previous);
            previous = dev[0];
        }
        System.out.print(report);
    }
}
