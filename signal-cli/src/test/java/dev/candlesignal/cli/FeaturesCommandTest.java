package dev.candlesignal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.indicators.FeatureSets;
import dev.candlesignal.replay.KlineCsv;
import dev.candlesignal.testkit.Candles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesCommandTest {

    static Cli.Result run(String... args) {
        return Cli.run(args);
    }

    @Test
    void writesTheFeaturesOfTheBundledDataToStandardOutput() {
        Cli.Result r = run("features", "--candles", "../data/binance/LTCUSDT-1h.csv.gz", "--set", "standard14/takerFlow");
        assertThat(r.status()).as(r.err()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines).hasSize(8761);
        assertThat(lines[0]).isEqualTo("open_time,open,high,low,close,volume,rsi_14,macd,macd_signal,macd_hist,"
                + "bb_upper,bb_middle,bb_lower,bb_width,ob_imbalance");
        assertThat(lines[1]).startsWith("1561939200000,").contains("NaN");
        assertThat(lines[20]).doesNotContain("NaN");
        assertThat(r.err()).contains("wrote 8760 rows x 14 features (standard14/takerFlow");
    }

    @Test
    void writesAFileWhoseValuesAreTheLibrarysBitForBit(@TempDir Path dir) throws IOException {
        List<Candle> candles = Candles.randomWalk(3, 200);
        Path in = dir.resolve("k.csv");
        KlineCsv.write(in, candles);
        Path out = dir.resolve("f.csv");
        Cli.Result r = run("features", "--candles", in.toString(), "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(201);
        assertThat(lines.get(0)).startsWith("open_time,returns,log_returns,");
        double[][] expected = FeatureSets.standard28().compute(KlineCsv.read(in));
        for (int i = 0; i < 200; i++) {
            String[] cells = lines.get(i + 1).split(",");
            for (int k = 0; k < 28; k++) {
                assertThat(Double.doubleToLongBits(Double.parseDouble(cells[k + 1])))
                        .isEqualTo(Double.doubleToLongBits(expected[i][k]));
            }
        }
    }

    @Test
    void anUnknownSetIsAOneLineUserError() {
        Cli.Result r = run("features", "--candles", "../data/binance/BTCUSDT-1h.csv", "--set", "standard99");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("candlesignal: --set: unknown feature set id 'standard99'")
                .contains("standard14/orderBook(N)").doesNotContain("\n").doesNotContain("Exception");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aMalformedCsvIsAOneLineUserErrorNamingTheLine(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, String.join(",", KlineCsv.COLUMNS) + "\n"
                + "1561939200000,1,2,0.5,1.5,10,1561942799999,15,3,5,7.5\n"
                + "1561942800000,1,abc,0.5,1.5,10,1561946399999,15,3,5,7.5\n");
        Cli.Result r = run("features", "--candles", bad.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("candlesignal: ").contains("bad.csv:3").contains("'high'")
                .doesNotContain("\n");
    }

    @Test
    void aMissingFileOrOrderBooksAreUserErrorsToo(@TempDir Path dir) throws IOException {
        Cli.Result missing = run("features", "--candles", dir.resolve("nope.csv").toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err().strip()).startsWith("candlesignal: cannot read candles:").doesNotContain("\n");

        Path in = dir.resolve("k.csv");
        KlineCsv.write(in, Candles.randomWalk(3, 30));
        Cli.Result noBooks = run("features", "--candles", in.toString(), "--set", "standard14/orderBook(10)");
        assertThat(noBooks.status()).isEqualTo(2);
        assertThat(noBooks.err().strip()).startsWith("candlesignal: standard14/orderBook(10) needs an order-book")
                .doesNotContain("\n");

        Cli.Result noDir = run("features", "--candles", in.toString(), "--out", dir.resolve("no/such/dir.csv").toString());
        assertThat(noDir.status()).isEqualTo(2);
        assertThat(noDir.err().strip()).startsWith("candlesignal: cannot write").doesNotContain("\n");
    }

    @Test
    void aMissingRequiredOptionIsAUsageError() {
        Cli.Result r = run("features");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--candles");
    }
}
