package dev.candlesignal.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.indicators.FeatureSets;
import dev.candlesignal.replay.KlineCsv;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CustomFeaturesExampleTest {

    @Test
    void theCombinedSetKeepsTheStandardColumnsAndAddsTwo() {
        FeatureSet set = CustomFeaturesExample.customSet();
        assertThat(set.id()).isEqualTo("standard28+rsi_wilder_14+range_24@276ff432672d");
        assertThat(set.columns().subList(0, 28)).isEqualTo(FeatureSets.standard28().columns());
        double[][] rows = set.compute(KlineCsv.read(Path.of("../data/binance/BTCUSDT-1h.csv")));
        double[][] standard = FeatureSets.standard28().compute(KlineCsv.read(Path.of("../data/binance/BTCUSDT-1h.csv")));
        double[] last = rows[rows.length - 1];
        for (int k = 0; k < 28; k++) {
            assertThat(last[k]).isEqualTo(standard[standard.length - 1][k]);
        }
        assertThat(last[28]).isBetween(0.0, 100.0);
        assertThat(last[29]).isPositive();
    }

    @Test
    void mainRunsOnTheBundledData() {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            CustomFeaturesExample.main(new String[] {"../data/binance/BTCUSDT-1h.csv"});
        } finally {
            System.setOut(original);
        }
        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("feature set standard28+rsi_wilder_14+range_24@").contains("rsi_wilder_14")
                .contains("with atr_wilder_14 instead of range_24 the id is standard28+rsi_wilder_14+atr_wilder_14@");
    }
}
