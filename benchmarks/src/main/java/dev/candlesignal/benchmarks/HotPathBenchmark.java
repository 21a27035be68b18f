package dev.candlesignal.benchmarks;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.ModelLoadException;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.CandleResult;
import dev.candlesignal.Evaluation;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.indicators.FeatureSets;
import dev.candlesignal.model.Model;
import dev.candlesignal.onnx.OnnxModel;
import dev.candlesignal.onnx.OnnxOptions;
import dev.candlesignal.testkit.ModelFixtures;
import java.nio.file.Path;
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
 * The per-candle hot path: one closed candle in, the decision out, through {@link SignalEngine} (features update,
 * scaling, window assembly, ONNX Runtime inference, policy, cooldown) using the allocation-free form
 * {@code onCandle(stream, candle, CandleResult)}; next to {@link #bareInference()}, the same model on one window
 * alone, so the engine's own share is the difference.
 *
 * <p>{@code config}: {@code std28-lstm28} is the reference bot's setup (standard28 features, the 28 -> 128 x 2 LSTM
 * from {@code fixtures/models/lstm28}); {@code std14-demo} is standard14/takerFlow with the bundled demo model
 * ({@code models/demo-btcusdt-1h}, 14 -> 64 x 2); {@code bundle:DIR} any bundle whose feature set the library knows
 * ({@code benchmarks/compare.sh} uses it). Candles are real BTCUSDT candles re-timed to consecutive hours
 * ({@link RealCandles}); each iteration starts a fresh stream and warms it up in its setup.
 *
 * <p>Run from the repository root:
 * <pre>
 * ./build -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar HotPathBenchmark -bm sample -prof gc
 * </pre>
 * SampleTime gives p50 and p99 per method; {@code -prof gc} gives {@code gc.alloc.rate.norm}, bytes allocated per
 * candle (ONNX Runtime's JNI layer allocates a few hundred bytes per run; the difference to {@code bareInference} is
 * the engine's).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class HotPathBenchmark {
    /** Enough candles for any iteration: 3 s at 20 us per candle is 150,000. */
    private static final int CANDLES = 200_000;

    @Param({"std28-lstm28", "std14-demo"})
    String config;

    private Model model;
    private FeatureSet featureSet;
    private Candle[] candles;
    private SignalEngine engine;
    private StreamKey stream;
    private final CandleResult result = new CandleResult();
    private float[] window;
    private int next;
    private int iteration;

    @Setup(Level.Trial)
    public void loadModel() throws ModelLoadException {
        Path bundle = switch (config) {
            case "std28-lstm28" -> ModelFixtures.bundle(ModelFixtures.LSTM28);
            case "std14-demo" -> Path.of("models", "demo-btcusdt-1h");
            default -> {
                if (!config.startsWith("bundle:")) {
                    throw new IllegalArgumentException("config is std28-lstm28, std14-demo or bundle:DIR, not " + config);
                }
                yield Path.of(config.substring("bundle:".length()));
            }
        };
        model = OnnxModel.load(bundle, OnnxOptions.builder().intraOpThreads(1).build());
        featureSet = FeatureSets.byId(model.featureSetId());
        candles = RealCandles.series(RealCandles.year("BTCUSDT"), 0, CANDLES);
        window = new float[model.spec().windowSize()];
        double[][] rows = featureSet.compute(java.util.Arrays.asList(candles).subList(0, 500));
        for (int r = 0; r < model.sequenceLength(); r++) {
            model.scaler().scale(rows[500 - model.sequenceLength() + r], 0, window, r * model.featureCount());
        }
    }

    @Setup(Level.Iteration)
    public void freshStream() {
        engine = SignalEngine.builder().featureSet(featureSet).model(model).build();
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

    @Benchmark
    public float bareInference() {
        return model.predict(window, 0);
    }

    @TearDown(Level.Iteration)
    public void closeEngine() {
        engine.close();
    }

    @TearDown(Level.Trial)
    public void closeModel() {
        model.close();
    }
}
