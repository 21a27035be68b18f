package dev.candlesignal.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Candle;
import dev.candlesignal.FeatureValueException;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.testkit.Candles;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureExportTest {

    @Test
    void writesOpenTimeAndEveryColumnThatReadBackToTheSameDoubles() throws IOException {
        List<Candle> candles = Candles.randomWalk(8, 120);
        FeatureSet set = FeatureSets.standard28();
        StringWriter out = new StringWriter();
        assertThat(FeatureExport.write(candles, set, out)).isEqualTo(120);
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(121);
        assertThat(lines[0]).isEqualTo("open_time," + String.join(",", set.columns()));
        double[][] expected = set.compute(candles);
        for (int i = 0; i < candles.size(); i++) {
            String[] cells = lines[i + 1].split(",", -1);
            assertThat(cells).hasSize(29);
            assertThat(Long.parseLong(cells[0])).isEqualTo(candles.get(i).openTime().toEpochMilli());
            for (int k = 0; k < 28; k++) {
                double v = Double.parseDouble(cells[k + 1]);
                assertThat(Double.doubleToLongBits(v)).as("row %d %s", i, set.columns().get(k))
                        .isEqualTo(Double.doubleToLongBits(expected[i][k]));
                // shortest form: no trailing digits beyond what the double needs
                assertThat(cells[k + 1]).isEqualTo(Double.toString(expected[i][k]));
            }
        }
        assertThat(lines[1]).startsWith(candles.get(0).openTime().toEpochMilli() + ",NaN,NaN,");
        assertThat(lines[50]).doesNotContain("NaN");
    }

    @Test
    void infinitiesAreSpelledForPython() throws IOException {
        // flat prices: +DI has no epsilon, so 0 / 0 is NaN and ATR 0 makes a ratio infinite or NaN
        Candle flat = Candles.hourly(Candles.START, 5, 5, 5, 5, 0);
        List<Candle> candles = java.util.stream.IntStream.range(0, 30)
                .mapToObj(i -> Candles.hourly(Candles.START.plusSeconds(3600L * i), 5, 5, 5, 5, 0)).toList();
        StringWriter out = new StringWriter();
        FeatureExport.write(candles, FeatureSets.standard28(), out);
        assertThat(out.toString()).doesNotContain("null").contains("NaN");
        assertThat(flat.close()).isEqualTo(5);
        StringWriter one = new StringWriter();
        FeatureExport.write(List.of(Candles.hourly(Candles.START, 0, 1, 0, 0, 1),
                Candles.hourly(Candles.START.plusSeconds(3600), 0, 1, 0, 1, 1)), FeatureSets.standard28(), one);
        // returns = 1 / 0 - 1
        assertThat(one.toString().split("\n")[2].split(",")[1]).isEqualTo("Infinity");
    }

    @Test
    void writesAFileAndRefusesCandlesTheSetCannotUse(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("f.csv");
        List<Candle> candles = Candles.randomWalk(9, 30);
        assertThat(FeatureExport.write(candles, FeatureSets.standard14(), file)).isEqualTo(30);
        assertThat(Files.readAllLines(file)).hasSize(31);
        assertThatThrownBy(() -> FeatureExport.write(candles, FeatureSets.standard14(ImbalanceSource.orderBook(5)),
                new StringWriter())).isInstanceOf(FeatureValueException.class);
    }
}
