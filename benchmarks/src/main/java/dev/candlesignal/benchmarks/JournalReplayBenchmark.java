package dev.candlesignal.benchmarks;

import dev.candlesignal.cli.CandleSignalCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code candlesignal replay} over the bundled year (8,760 BTCUSDT 1h candles, demo model) in-process, single shot,
 * without a journal ({@code journal=none}) and with {@code --journal} into a new SQLite file each time
 * ({@code journal=sqlite}: the tracker, the writer and its closing flush included). Target (issue 14):
 * {@code sqlite} at most 1.3 x {@code none}.
 *
 * <p>Run from the repository root (on a quiet machine):
 * <pre>
 * ./build -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar JournalReplayBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class JournalReplayBenchmark {
    private static final Path CANDLES = Path.of("data", "binance", "BTCUSDT-1h.csv");
    private static final Path MODEL = Path.of("models", "demo-btcusdt-1h");

    @Param({"none", "sqlite"})
    String journal;

    private final PrintWriter discard = new PrintWriter(Writer.nullWriter());
    private Path dir;
    private String[] args;
    private int run;

    @Setup(Level.Trial)
    public void prepare() throws IOException {
        dir = Files.createTempDirectory("journal-replay");
    }

    @Setup(Level.Invocation)
    public void arguments() {
        List<String> a = new ArrayList<>(List.of("replay", "--candles", CANDLES.toString(), "--model",
                MODEL.toString(), "--parallelism", "1"));
        if (journal.equals("sqlite")) {
            a.add("--journal");
            a.add(dir.resolve("run" + run++ + ".db").toString());
        }
        args = a.toArray(String[]::new);
    }

    @Benchmark
    public int replay() {
        int status = CandleSignalCli.run(args, discard, discard);
        if (status != 0) {
            throw new IllegalStateException("replay failed with status " + status);
        }
        return status;
    }

    @TearDown(Level.Trial)
    public void clean() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }
}
