package dev.candlesignal.benchmarks;

import dev.candlesignal.Candle;
import dev.candlesignal.Evaluation;
import dev.candlesignal.Interval;
import dev.candlesignal.ModelLoadException;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.CandleResult;
import dev.candlesignal.engine.SignalEngine;
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
 * The per-candle hot path of {@link HotPathBenchmark} (standard14/takerFlow with the bundled demo model, one stream,
 * real BTCUSDT candles) with and without an {@link OutcomeTracker} writing an SQLite journal: {@code journal=none}
 * is the plain engine, {@code journal=sqlite} adds the tracker (evaluations built for it, resolution of the open
 * signals, one candle update queued per candle) and its writer thread committing batches to a fresh SQLite file.
 * Target (issue 14): {@code sqlite} at most 1.05 x {@code none}.
 *
 * <p>Run from the repository root (on a quiet machine):
 * <pre>
 * ./build -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar JournalHotPathBenchmark -bm sample -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class JournalHotPathBenchmark {
    private static final int CANDLES = 200_000;

    @Param({"none", "sqlite"})
    String journal;

    private Model model;
    private FeatureSet featureSet;
    private Candle[] candles;
    private SignalEngine engine;
    private SignalJournal signalJournal;
    private OutcomeTracker tracker;
    private Path file;
    private StreamKey stream;
    private final CandleResult result = new CandleResult();
    private int next;
    private int iteration;

    @Setup(Level.Trial)
    public void loadModel() throws ModelLoadException {
        model = OnnxModel.load(Path.of("models", "demo-btcusdt-1h"), OnnxOptions.builder().intraOpThreads(1).build());
        featureSet = FeatureSets.byId(model.featureSetId());
        candles = RealCandles.series(RealCandles.year("BTCUSDT"), 0, CANDLES);
    }

    @Setup(Level.Iteration)
    public void freshStream() throws IOException {
        engine = SignalEngine.builder().featureSet(featureSet).model(model).build();
        if (journal.equals("sqlite")) {
            file = Files.createTempFile("journal-bench", ".db");
            Files.delete(file);
            signalJournal = SqliteJournal.open(file);
            tracker = OutcomeTracker.attach(engine, signalJournal);
        } else if (!journal.equals("none")) {
            throw new IllegalArgumentException("journal is none or sqlite, not " + journal);
        }
        stream = StreamKey.of("BTCUSDT" + iteration++, Interval.HOUR_1);
        next = 0;
        while (next < engine.candlesToReady()) {
            engine.onCandle(stream, candles[next++], result);
        }
    }

    @Benchmark
    public Evaluation.Status hotPath() {
        return engine.onCandle(stream, candles[next++], result);
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
    }

    @TearDown(Level.Trial)
    public void closeModel() {
        model.close();
    }
}
