package dev.candlesignal.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.feature.FeatureCalculator;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.replay.KlineCsv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity with the pandas reference on real Binance data: the golden files in {@code src/test/resources/golden}
 * were written by {@code tools/reference/make-golden.sh} (pandas 1.5.3) from the bundled {@code data/binance}
 * files. Features are computed over the whole file, streaming and batch, and every value of the golden rows
 * must be within 1e-9 relative (1e-12 absolute) of the reference, with the same NaN pattern. The worst
 * deviations per column are written to {@code target/parity-report.txt}.
 */
class GoldenParityTest {
    private static final Map<String, List<Candle>> CANDLES = new HashMap<>();
    private static final StringBuilder REPORT = new StringBuilder();

    static Stream<Arguments> goldenFiles() {
        return Stream.of(
                Arguments.of("BTCUSDT-1h.csv", "standard28", "BTCUSDT-standard28.csv.gz"),
                Arguments.of("BTCUSDT-1h.csv", "standard14/takerFlow", "BTCUSDT-standard14-takerFlow-rows0-1200.csv.gz"),
                Arguments.of("BNBUSDT-1h.csv.gz", "standard28", "BNBUSDT-standard28-rows5550-6750.csv.gz"),
                Arguments.of("BNBUSDT-1h.csv.gz", "standard14/takerFlow", "BNBUSDT-standard14-takerFlow-rows5550-6750.csv.gz"),
                Arguments.of("LTCUSDT-1h.csv.gz", "standard28", "LTCUSDT-standard28-rows5550-6750.csv.gz"),
                Arguments.of("LTCUSDT-1h.csv.gz", "standard14/takerFlow", "LTCUSDT-standard14-takerFlow-rows5550-6750.csv.gz"));
    }

    static List<Candle> candles(String file) {
        return CANDLES.computeIfAbsent(file, f -> KlineCsv.read(Path.of("../data/binance", f)));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("goldenFiles")
    void matchesThePandasReference(String candleFile, String setId, String golden) {
        FeatureSet set = FeatureSets.byId(setId);
        GoldenFile reference = GoldenFile.load(golden);
        assertThat(reference.columns().get(0)).isEqualTo("open_time");
        assertThat(reference.featureColumns()).as("golden columns").isEqualTo(set.columns());

        List<Candle> candles = candles(candleFile);
        double[][] batch = set.compute(candles);
        double[][] streamed = new double[candles.size()][set.featureCount()];
        FeatureCalculator calculator = set.newCalculator();
        for (int i = 0; i < candles.size(); i++) {
            calculator.update(candles.get(i), streamed[i], 0);
        }
        Map<Long, Integer> rowByTime = new HashMap<>();
        for (int i = 0; i < candles.size(); i++) {
            rowByTime.put(candles.get(i).openTime().toEpochMilli(), i);
        }

        String symbol = candleFile.substring(0, candleFile.indexOf('-'));
        Parity parity = new Parity(symbol + " " + setId + " (" + reference.rows().length + " rows)", set.columns());
        Parity streamParity = new Parity(symbol + " " + setId + " streaming", set.columns());
        for (int r = 0; r < reference.rows().length; r++) {
            Integer row = rowByTime.get(reference.openTime(r));
            assertThat(row).as("candle for golden open_time %d", reference.openTime(r)).isNotNull();
            for (int k = 0; k < set.featureCount(); k++) {
                String where = "row " + row + " (open_time " + reference.openTime(r) + ")";
                parity.compare(where, k, batch[row][k], reference.feature(r, k));
                streamParity.compare(where, k, streamed[row][k], reference.feature(r, k));
            }
        }
        synchronized (REPORT) {
            REPORT.append(parity.report()).append('\n');
        }
        assertThat(parity.failures()).as("batch vs pandas").isEmpty();
        assertThat(streamParity.failures()).as("streaming vs pandas").isEmpty();
        assertThat(parity.compared()).isEqualTo((long) reference.rows().length * set.featureCount());
    }

    @AfterAll
    static void writeReport() throws IOException {
        Path out = Path.of("target", "parity-report.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, REPORT.toString(), StandardCharsets.UTF_8);
        System.out.println(REPORT);
    }
}
