package dev.candlesignal.benchmarks;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.Signal;
import dev.candlesignal.Evaluation;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.EvaluationListener;
import dev.candlesignal.engine.StreamCandle;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.indicators.FeatureSets;
import dev.candlesignal.model.Model;
import dev.candlesignal.onnx.OnnxModel;
import dev.candlesignal.onnx.OnnxOptions;
import java.nio.file.Path;
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
 * The candle-close burst: {@code streams} streams whose candles close at the same moment (the top of the hour on
 * a bot watching hundreds of symbols). One operation hands the engine all of them at once with
 * {@link SignalEngine#onCandles} and ends when the last evaluation (and every emitted signal) has been delivered to
 * the listener. The engine batches the ready streams into model calls of at most {@code maxBatch} windows, spread
 * over {@code parallelism} threads.
 *
 * <p>Streams: standard14/takerFlow with the bundled demo model (14 -> 64 x 2), each fed the real candles of one of
 * BTCUSDT, BNBUSDT, LTCUSDT (rotated by stream) from its own offset, re-timed so that all streams close together.
 * Every iteration starts from fresh, warmed-up streams.
 *
 * <p>Run from the repository root:
 * <pre>
 * ./build -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar BurstBenchmark -bm sample -tu ms
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx4g"})
public class BurstBenchmark {
    /** Ticks available per iteration after warm-up: 3 s at >= 15 ms per tick needs at most 200. */
    private static final int TICKS = 300;

    @Param({"1000"})
    int streams;

    @Param({"1", "2"})
    int parallelism;

    @Param({"64"})
    int maxBatch;

    private Model model;
    private FeatureSet featureSet;
    private List<List<StreamCandle>> ticks;
    private SignalEngine engine;
    private int next;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong signals = new AtomicLong();

    @Setup(Level.Trial)
    public void prepare() throws ModelLoadException {
        model = OnnxModel.load(Path.of("models", "demo-btcusdt-1h"), OnnxOptions.builder().intraOpThreads(1).build());
        featureSet = FeatureSets.byId(model.featureSetId());
        ticks = RealCandles.bursts(streams, TICKS);
    }

    @Setup(Level.Iteration)
    public void warmStreams() {
        engine = SignalEngine.builder().featureSet(featureSet).model(model).parallelism(parallelism)
                .maxBatchSize(maxBatch).listener(new EvaluationListener() {
                    @Override
                    public void onSignal(Signal signal) {
                        signals.incrementAndGet();
                    }

                    @Override
                    public void onEvaluation(Evaluation evaluation) {
                        delivered.incrementAndGet();
                    }
                }).build();
        next = 0;
        while (next < engine.candlesToReady() - 1) {
            engine.onCandles(ticks.get(next++));
        }
    }

    /** All streams close together; returns when the last signal has been delivered. */
    @Benchmark
    public List<Evaluation> burst() {
        return engine.onCandles(ticks.get(next++));
    }

    @TearDown(Level.Iteration)
    public void closeEngine() {
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
