package dev.candlesignal.benchmarks;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.ModelLoadException;
import dev.candlesignal.StreamKey;
import dev.candlesignal.Evaluation;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.cli.CandleSignalCli;
import dev.candlesignal.indicators.FeatureSets;
import dev.candlesignal.model.Model;
import dev.candlesignal.onnx.OnnxModel;
import dev.candlesignal.onnx.OnnxOptions;
import dev.candlesignal.replay.KlineCsv;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
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
 * A year of BTCUSDT 1h (8,760 real candles) through the demo model (standard14/takerFlow, 14 -> 64 x 2):
 * <ul>
 *   <li>{@link #cli()}: the whole {@code candlesignal replay --candles data/binance/BTCUSDT-1h.csv --model
 *       models/demo-btcusdt-1h} command in-process: CSV parsing, model bundle verification and loading, features,
 *       batched predictions, policy, formatting 8,682 output lines (to a discarding writer) and the summary;</li>
 *   <li>{@link #engine()}: CSV parsing plus {@link SignalEngine#replay} with the model already loaded.</li>
 * </ul>
 * {@code parallelism} is the engine's thread count for the batched predictions (the CLI uses 1).
 *
 * <p>Run from the repository root:
 * <pre>
 * ./build -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar ReplayBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ReplayBenchmark {
    private static final Path CANDLES = Path.of("data", "binance", "BTCUSDT-1h.csv");
    private static final Path MODEL = Path.of("models", "demo-btcusdt-1h");

    @Param({"1", "2"})
    int parallelism;

    private Model model;
    private final PrintWriter discard = new PrintWriter(Writer.nullWriter());

    @Setup(Level.Trial)
    public void load() throws ModelLoadException {
        model = OnnxModel.load(MODEL, OnnxOptions.builder().intraOpThreads(1).build());
    }

    @Benchmark
    public int cli() {
        int status = CandleSignalCli.run(new String[] {"replay", "--candles", CANDLES.toString(), "--model",
            MODEL.toString(), "--parallelism", String.valueOf(parallelism)}, discard, discard);
        if (status != 0) {
            throw new IllegalStateException("replay failed with status " + status);
        }
        return status;
    }

    @Benchmark
    public List<Evaluation> engine() {
        List<Candle> candles = KlineCsv.read(CANDLES);
        try (SignalEngine engine = SignalEngine.builder().featureSet(FeatureSets.byId(model.featureSetId()))
                .model(model).parallelism(parallelism).build()) {
            return engine.replay(StreamKey.of("BTCUSDT", Interval.HOUR_1), candles);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        model.close();
    }
}
