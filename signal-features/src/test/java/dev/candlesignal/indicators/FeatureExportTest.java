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
    void warmUpRowsMayBeUndefined() throws IOException {
        // 30 flat candles: all inside standard28's 50-candle warm-up, so NaN is written and nothing is refused
        List<Candle> candles = flat(30);
        StringWriter out = new StringWriter();
        assertThat(FeatureExport.write(candles, FeatureSets.standard28(), out)).isEqualTo(30);
        assertThat(out.toString()).doesNotContain("null").doesNotContain("Infinity").contains("NaN");
    }

    @Test
    void aNonFiniteValueAfterTheWarmUpIsRefusedAndNothingIsWritten() {
        // prices that never move: ATR 0, so +DI = 100 * 0 / 0 is NaN, and with it ADX, right at the first defined row
        List<Candle> candles = flat(60);
        StringWriter out = new StringWriter();
        assertThatThrownBy(() -> FeatureExport.write(candles, FeatureSets.standard28(), out))
                .isInstanceOf(FeatureValueException.class)
                .hasMessage("feature 'adx' of standard28 is NaN at row 49 (candle opened at 2020-01-03T01:00:00Z), "
                        + "after the first fully defined row 49; the feature is undefined for these candles, and an "
                        + "export never writes a non-finite value after its warm-up")
                .extracting(e -> ((FeatureValueException) e).column()).isEqualTo("adx");
        assertThat(out.toString()).as("not even the header").isEmpty();
    }

    @Test
    void aZeroPriceCannotReachTheExport() {
        // the case: a zero close made returns = 1 / 0 - 1 = Infinity after the warm-up
        assertThatThrownBy(() -> Candles.hourly(Candles.START, 1, 1, 0, 0, 1))
                .isInstanceOf(dev.candlesignal.InvalidCandleException.class).hasMessageContaining("low must be > 0");
    }

    @Test
    void theBundledYearsExportWithoutARefusal() throws IOException {
        for (FeatureSet set : List.of(FeatureSets.standard28(), FeatureSets.standard14())) {
            List<Candle> candles = dev.candlesignal.replay.KlineCsv.read(Path.of("../data/binance/BTCUSDT-1h.csv"));
            assertThat(FeatureExport.write(candles, set, new StringWriter())).isEqualTo(8760);
        }
    }

    static List<Candle> flat(int n) {
        return java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> Candles.hourly(Candles.START.plusSeconds(3600L * i), 5, 5, 5, 5, 0)).toList();
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
