package dev.candlesignal.benchmarks;

import dev.candlesignal.Action;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.Strength;
import dev.candlesignal.journal.CandleUpdate;
import dev.candlesignal.journal.JournalEntry;
import dev.candlesignal.journal.PredictionTally;
import dev.candlesignal.journal.RecentPredictions;
import dev.candlesignal.journal.ProbabilityStats;
import dev.candlesignal.journal.SignalJournal;
import dev.candlesignal.journal.StreamCursor;
import dev.candlesignal.journal.jdbc.SqliteJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The journal writer's throughput into SQLite: one operation is one journal entry; an invocation appends one batch
 * of {@code batch} candle updates (the tracker's default largest batch is 4,096) in one transaction, each update
 * carrying a new BUY entry, its stream's cursor and tally (with a 100-prediction recent window), over 100 streams.
 * The score is entries per second. Target (issue 14): at least 50,000 per second.
 *
 * <p>Run from the repository root (on a quiet machine):
 * <pre>
 * ./build -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar JournalWriterBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class JournalWriterBenchmark {
    static final int BATCH = 4_096;
    private static final int STREAMS = 100;
    private static final Instant T0 = Instant.parse("2021-01-01T00:00:00Z");

    @Param({"4096"})
    int batch;

    private final List<StreamKey> streams = new ArrayList<>();
    private RecentPredictions recent;
    private SignalJournal journal;
    private Path file;
    private long hour;

    @Setup(Level.Trial)
    public void prepare() {
        if (batch != BATCH) {
            throw new IllegalArgumentException("@OperationsPerInvocation is " + BATCH);
        }
        for (int s = 0; s < STREAMS; s++) {
            streams.add(StreamKey.of("SYM" + s + "USDT", Interval.HOUR_1));
        }
        recent = RecentPredictions.empty(100);
        for (int i = 0; i < 100; i++) {
            recent = recent.with(0.4 + i * 0.002, i % 2 == 0, i % 3 == 0);
        }
    }

    @Setup(Level.Iteration)
    public void open() throws IOException {
        file = Files.createTempFile("journal-writer", ".db");
        Files.delete(file);
        journal = SqliteJournal.open(file);
    }

    /** One batch of new candle updates, each with an entry (built outside the measured append would be nicer, but
     *  they are cheap records next to the SQL: a few hundred nanoseconds of the several microseconds per entry). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void append() {
        List<CandleUpdate> updates = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            StreamKey stream = streams.get(i % STREAMS);
            Instant open = T0.plus(Duration.ofHours(hour + i / STREAMS));
            double price = 100 + (i % 50);
            JournalEntry e = new JournalEntry(stream, open, open.plusMillis(3_599_999), Action.BUY, Strength.MEDIUM,
                    0.6, 0.6, price, price - 2, price + 4, OptionalDouble.of(1), "bench", "1", "standard14",
                    "ThresholdPolicy[minConfidence=0.55, strongConfidence=0.65, stop=2.0xATR14, target=4.0xATR14], "
                            + "cooldown PT1H");
            PredictionTally tally = new PredictionTally(stream, "bench", "1", open, hour, hour, 0,
                    new ProbabilityStats(100, 50, 25, 69, 50, 50), recent);
            updates.add(new CandleUpdate(new StreamCursor(stream, open, price, StreamCursor.Direction.UP,
                    Optional.of(new StreamCursor.PendingPrediction(0.6, "bench", "1"))), Optional.of(e), List.of(),
                    List.of(tally)));
        }
        hour += BATCH / STREAMS + 1;
        journal.append(updates);
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        journal.close();
        Files.deleteIfExists(file);
    }
}
