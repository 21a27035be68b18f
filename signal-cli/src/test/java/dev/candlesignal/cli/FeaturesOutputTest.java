package dev.candlesignal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.replay.KlineCsv;
import dev.candlesignal.testkit.Candles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code features --out}: never over its own input, never a truncated or emptied file when the run fails, and
 * gzip for {@code .gz}.
 */
class FeaturesOutputTest {
    private static final Path BUNDLED = Path.of("../data/binance/BTCUSDT-1h.csv");
    private static final String OLD = "open_time,rsi_14\n1561939200000,NaN\n";

    @TempDir
    Path dir;
    Path candles;
    byte[] candleBytes;

    @BeforeEach
    void candles() throws IOException {
        candles = dir.resolve("x.csv");
        KlineCsv.write(candles, Candles.randomWalk(3, 200));
        candleBytes = Files.readAllBytes(candles);
    }

    @Test
    void refusesToWriteOverItsInputByTheSamePath() throws IOException {
        assertRefused(candles.toString(), candles.toString());
    }

    @Test
    void refusesToWriteOverItsInputByAnotherSpelling() throws IOException {
        Path relative = Path.of("").toAbsolutePath().relativize(candles);
        assertRefused(candles.toString(), "./" + relative);
        Files.createDirectory(dir.resolve("sub"));
        assertRefused(candles.toString(), dir + "/sub/../x.csv");
        assertRefused(dir + "/./x.csv", candles.toString());
    }

    @Test
    void refusesToWriteOverItsInputThroughASymbolicLink() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), candles);
        assertRefused(candles.toString(), link.toString());
        assertRefused(link.toString(), candles.toString());
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void refusesToWriteOverItsInputThroughAHardLink() throws IOException {
        Path hard = Files.createLink(dir.resolve("hard.csv"), candles);
        assertRefused(candles.toString(), hard.toString());
        assertThat(Files.readAllBytes(hard)).isEqualTo(candleBytes);
    }

    @Test
    void aSetTheDataCannotServeLeavesThePreviousOutputUntouched() throws IOException {
        Path out = Files.writeString(dir.resolve("f.csv"), OLD);
        Cli.Result r = Cli.run("features", "--candles", candles.toString(), "--set", "standard14/orderBook(10)",
                "--out", out.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("candlesignal: standard14/orderBook(10) needs an order-book")
                .doesNotContain("\n");
        assertThat(Files.readString(out)).as("not emptied").isEqualTo(OLD);
        assertThat(names()).containsExactlyInAnyOrder("x.csv", "f.csv");
    }

    @Test
    void aFullDiskLeavesThePreviousOutputUntouched() throws Exception {
        try (TinyDisk disk = TinyDisk.mount(dir)) {
            Path out = Files.writeString(disk.dir.resolve("f.csv"), OLD);
            Cli.Result r = Cli.run("features", "--candles", BUNDLED.toString(), "--out", out.toString());
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err().strip()).startsWith("candlesignal: cannot write " + out + ": ")
                    .contains("No space left on device").doesNotContain("\n");
            assertThat(Files.readString(out)).as("not cut mid-row").isEqualTo(OLD);
            try (Stream<Path> files = Files.list(disk.dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly("f.csv");
            }
        }
    }

    @Test
    void replacesAnExistingOutputWhenTheRunSucceeds() throws IOException {
        Path out = Files.writeString(dir.resolve("f.csv"), OLD);
        Cli.Result r = Cli.run("features", "--candles", candles.toString(), "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Files.readAllLines(out)).hasSize(201);
        assertThat(names()).containsExactlyInAnyOrder("x.csv", "f.csv");
    }

    @Test
    void aGzNameIsWrittenGzipped() throws IOException {
        Path plain = dir.resolve("f.csv");
        Path gz = dir.resolve("f.csv.gz");
        assertThat(Cli.run("features", "--candles", candles.toString(), "--out", plain.toString()).status()).isZero();
        Cli.Result r = Cli.run("features", "--candles", candles.toString(), "--out", gz.toString());
        assertThat(r.status()).as(r.err()).isZero();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(Files.readString(plain));
        }
    }

    private void assertRefused(String candlesArg, String outArg) throws IOException {
        Cli.Result r = Cli.run("features", "--candles", candlesArg, "--out", outArg);
        assertThat(r.status()).as(r.err()).isEqualTo(2);
        List<String> lines = r.err().lines().toList();
        assertThat(lines).singleElement().satisfies(l -> assertThat(l)
                .startsWith("candlesignal: --out " + outArg + " is the same file as --candles " + candlesArg)
                .contains("refusing to write over an input"));
        assertThat(r.out()).isEmpty();
        assertThat(Files.readAllBytes(candles)).as("the candles are untouched").isEqualTo(candleBytes);
        assertThat(names()).noneMatch(n -> n.contains(".tmp-"));
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
