package dev.candlesignal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.candlesignal.Candle;
import dev.candlesignal.binance.fake.FakeBinance;
import dev.candlesignal.binance.fake.FakeMarket;
import dev.candlesignal.replay.KlineCsv;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code download --out}: streamed page by page into a temporary file, the previous file untouched when the
 * download fails, Binance's decimal strings kept exactly, the directory checked before any request. Each test has
 * its own fake, which prints klines with the exact strings of the bundled file.
 */
class DownloadOutputTest {
    private static final Path BUNDLED = FakeMarket.dataDir().resolve("BTCUSDT-1h.csv");
    private static final String OLD = String.join(",", KlineCsv.COLUMNS) + "\n"
            + "1561939200000,1.00000000,2.00000000,0.50000000,1.50000000,10.00000000,1561942799999,15.00000000,3,"
            + "5.00000000,7.50000000\n";
    /** 45 days of 1h candles: two pages (1000 + 80). */
    private static final Instant FROM = Instant.parse("2019-12-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2020-01-15T00:00:00Z");

    private static final FakeMarket MARKET = FakeMarket.fromData(FakeMarket.dataDir(), "BTCUSDT");
    private static final Function<Candle, String> EXACT_ROWS = FakeBinance.rowsAsIn(BUNDLED);

    @TempDir
    Path dir;
    FakeBinance fake;

    @BeforeEach
    void startFake() {
        fake = new FakeBinance(MARKET, Clock.systemUTC());
        fake.klineRows(EXACT_ROWS);
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    private Cli.Result download(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("download", "--symbol", "BTCUSDT", "--interval", "1h",
                "--from", FROM.toString(), "--to", TO.toString(), "--out", out.toString(),
                "--rest-url", fake.restUrl().toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void writesBinancesDecimalStringsExactly() throws IOException {
        Path out = dir.resolve("btc.csv");
        Cli.Result r = download(out);
        assertThat(r.status()).as(r.err()).isZero();
        List<String> expected = bundledLines();
        assertThat(expected).hasSize(1081).anyMatch(l -> l.contains(",70341465.07528167,"));
        assertThat(Files.readAllLines(out)).as("byte for byte the bundled rows").isEqualTo(expected);
        assertThat(r.err()).as("no progress bar when stderr is not a terminal").doesNotContain("\r");
    }

    @Test
    void streamsEachPageToTheTemporaryFileBeforeTheNextIsAsked() throws IOException {
        Path out = dir.resolve("btc.csv");
        Instant secondPage = FROM.plusSeconds(3600L * 1000);
        AtomicReference<List<String>> seenDuringSecondPage = new AtomicReference<>();
        fake.klineRows(c -> {
            if (c.openTime().equals(secondPage)) {
                seenDuringSecondPage.set(temporaryFiles().stream().flatMap(p -> lines(p).stream()).toList());
            }
            return EXACT_ROWS.apply(c);
        });

        Cli.Result r = download(out, "--quiet");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(seenDuringSecondPage.get()).as("the header and the first page, on disk while page 2 is served")
                .isEqualTo(bundledLines().subList(0, 1001));
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void aDownloadThatFailsMidwayLeavesThePreviousFileUntouched() throws IOException {
        Path out = Files.writeString(dir.resolve("btc.csv"), OLD);
        fake.failKlinesAfter(1, 400, "{\"code\":-1100,\"msg\":\"Illegal characters found in a parameter.\"}");

        Cli.Result r = download(out);

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().lines().toList()).singleElement().satisfies(l -> assertThat(l)
                .startsWith("candlesignal: ").contains("HTTP 400"));
        assertThat(Files.readString(out)).isEqualTo(OLD);
        assertThat(temporaryFiles()).isEmpty();
        assertThat(fake.requests().stream().filter(q -> q.path().equals("/api/v3/klines")).count()).isEqualTo(2);
    }

    @Test
    void aFullDiskLeavesThePreviousFileUntouched() throws Exception {
        try (TinyDisk disk = TinyDisk.mount(dir)) {
            Path out = Files.writeString(disk.dir.resolve("btc.csv"), OLD);
            Cli.Result r = download(out);
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err().strip()).startsWith("candlesignal: cannot write " + out + ": ")
                    .contains("No space left on device").doesNotContain("\n");
            assertThat(Files.readString(out)).as("not cut mid-row").isEqualTo(OLD);
            try (Stream<Path> files = Files.list(disk.dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly("btc.csv");
            }
        }
    }

    @Test
    void aReadOnlyDirectoryIsRefusedBeforeAnyRequest() throws IOException {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeTrue(!Files.isWritable(ro), "running as root: a read-only mode does not stop writes (the"
                    + " read-only file system test covers root)");
            Cli.Result r = download(ro.resolve("btc.csv"));
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo("candlesignal: cannot write " + ro.resolve("btc.csv")
                    + ": permission denied in directory " + ro);
            assertThat(fake.requests()).isEmpty();
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aReadOnlyFileSystemIsRefusedBeforeAnyRequest() throws Exception {
        try (TinyDisk disk = TinyDisk.mountReadOnly(dir)) {
            Path out = disk.dir.resolve("btc.csv");
            Cli.Result r = download(out);
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err().strip()).startsWith("candlesignal: cannot write " + out + ": " + disk.dir + ": ")
                    .contains("Read-only file system").doesNotContain("\n");
            assertThat(fake.requests()).isEmpty();
        }
    }

    @Test
    void aGzNameIsWrittenGzipped() throws IOException {
        Path out = dir.resolve("btc.csv.gz");
        Cli.Result r = download(out);
        assertThat(r.status()).as(r.err()).isZero();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(out))) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text.lines().toList()).isEqualTo(bundledLines());
        }
        assertThat(KlineCsv.read(out)).hasSize(1080);
    }

    /** The header and the rows of the bundled file whose open time is in [FROM, TO). */
    private static List<String> bundledLines() throws IOException {
        List<String> all = Files.readAllLines(BUNDLED);
        List<String> out = new ArrayList<>();
        out.add(all.get(0));
        for (String line : all.subList(1, all.size())) {
            long open = Long.parseLong(line.substring(0, line.indexOf(',')));
            if (open >= FROM.toEpochMilli() && open < TO.toEpochMilli()) {
                out.add(line);
            }
        }
        return out;
    }

    private List<Path> temporaryFiles() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".btc.csv.tmp-")).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
