package dev.candlesignal.benchmarks;

import dev.candlesignal.Evaluation;
import dev.candlesignal.EvaluationListener;
import dev.candlesignal.ModelLoadException;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.engine.StreamCandle;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.indicators.FeatureSets;
import dev.candlesignal.journal.OutcomeTracker;
import dev.candlesignal.journal.SignalJournal;
import dev.candlesignal.journal.jdbc.SqliteJournal;
import dev.candlesignal.model.Model;
import dev.candlesignal.onnx.OnnxModel;
import dev.candlesignal.onnx.OnnxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * {@link BurstBenchmark}'s 1,000-stream candle-close burst (parallelism 1, batches of 64) with and without an
 * {@link OutcomeTracker} writing an SQLite journal. An operation ends when every evaluation has been delivered to
 * the listeners, the tracker included (its writer commits in the background). Target (issue 14): the p50 of
 * {@code journal=sqlite} equal to that of {@code journal=none} within noise.
 *
 * <p>Run from the repository root (on a quiet machine):
 * <pre>
 * ./build -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar JournalBurstBenchmark -bm sample -tu ms
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx4g"})
public class JournalBurstBenchmark {
    private static final int TICKS = 300;
    private static final int STREAMS = 1_000;

    @Param({"none", "sqlite"})
    String journal;

    private Model model;
    private FeatureSet featureSet;
    private List<List<StreamCandle>> ticks;
    private SignalEngine engine;
    private SignalJournal signalJournal;
    private OutcomeTracker tracker;
    private Path file;
    private int next;
    private final AtomicLong delivered = new AtomicLong();

    @Setup(Level.Trial)
    public void prepare() throws ModelLoadException {
        model = OnnxModel.load(Path.of("models", "demo-btcusdt-1h"), OnnxOptions.builder().intraOpThreads(1).build());
        featureSet = FeatureSets.byId(model.featureSetId());
        ticks = RealCandles.bursts(STREAMS, TICKS);
    }

    @Setup(Level.Iteration)
    public void warmStreams() throws IOException {
        // the same listener in both runs: evaluations are built either way, so the difference is the tracker's
        engine = SignalEngine.builder().featureSet(featureSet).model(model).parallelism(1).maxBatchSize(64)
                .listener((EvaluationListener) e -> delivered.incrementAndGet()).build();
        if (journal.equals("sqlite")) {
            file = Files.createTempFile("journal-burst", ".db");
            Files.delete(file);
            signalJournal = SqliteJournal.open(file);
            tracker = OutcomeTracker.attach(engine, signalJournal);
        } else if (!journal.equals("none")) {
            throw new IllegalArgumentException("journal is none or sqlite, not " + journal);
        }
        next = 0;
        while (next < engine.candlesToReady() - 1) {
            engine.onCandles(ticks.get(next++));
        }
    }

    @Benchmark
    public List<Evaluation> burst() {
        return engine.onCandles(ticks.get(next++));
    }

    @TearDown(Level.Iteration)
    public void close() throws Exception {
        if (tracker != null) {
            if (!tracker.flush(Duration.ofMinutes(1)) || !tracker.health().healthy()) {
                throw new IllegalStateException("the journal did not keep up: " + tracker.health());
            }
            tracker.close();
            signalJournal.close();
            Files.deleteIfExists(file);
            Files.deleteIfExists(Path.of(file + "-wal"));
            Files.deleteIfExists(Path.of(file + "-shm"));
            tracker = null;
        }
        engine.close();
        if (delivered.get() == 0) {
            throw new IllegalStateException("nothing was delivered");
        }
    }

    @TearDown(Level.Trial)
    public void closeModel() {
        model.close();
    }
}
