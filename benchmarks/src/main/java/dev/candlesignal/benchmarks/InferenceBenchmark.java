package dev.candlesignal.benchmarks;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.onnx.OnnxModel;
import dev.candlesignal.onnx.OnnxOptions;
import dev.candlesignal.testkit.ModelFixtures;
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
 * ONNX Runtime inference on the committed fixture models ({@code fixtures/models}): the 14-feature LSTM (14 -> 64 x 2)
 * and the seed's 28-feature LSTM (28 -> 128 x 2 -> 64 -> 1), one window ({@code predict}) and a batch of 64
 * ({@code predictBatch}), with 1 and 2 intra-op threads. Inputs rotate through 16 pregenerated random batches; the
 * time includes copying them into the model's reused native buffers and the output checks.
 *
 * <p>{@link #baseline()} copies the same input without inference: the floor of the per-call work outside ONNX
 * Runtime.
 *
 * <p>Run from the repository root (the fixtures are found from the working directory):
 * <pre>
 * ./build -pl benchmarks -am package -DskipTests
 * java --enable-native-access=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar InferenceBenchmark -prof gc
 * </pre>
 * One configuration, e.g. batch-1 latency of the 28-feature model:
 * {@code ... InferenceBenchmark -p model=lstm28 -p batch=1 -p intraOpThreads=1}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class InferenceBenchmark {
    private static final int INPUTS = 16;

    @Param({ModelFixtures.LSTM14, ModelFixtures.LSTM28})
    String model;

    @Param({"1", "64"})
    int batch;

    @Param({"1", "2"})
    int intraOpThreads;

    private OnnxModel onnx;
    private float[][][] inputs;
    private int[] offsets;
    private float[] out;
    private float[] scratch;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws ModelLoadException {
        onnx = OnnxModel.load(ModelFixtures.bundle(model), OnnxOptions.builder().intraOpThreads(intraOpThreads).build());
        int size = onnx.spec().windowSize();
        inputs = RandomWindows.batches(INPUTS, batch, size, 42);
        offsets = new int[batch];
        out = new float[batch];
        scratch = new float[batch * size];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        onnx.close();
    }

    @Benchmark
    public float infer() {
        float[][] windows = inputs[next++ & (INPUTS - 1)];
        if (batch == 1) {
            return onnx.predict(windows[0], 0);
        }
        onnx.predictBatch(windows, offsets, batch, out);
        return out[batch - 1];
    }

    @Benchmark
    public float baseline() {
        float[][] windows = inputs[next++ & (INPUTS - 1)];
        int size = windows[0].length;
        for (int i = 0; i < batch; i++) {
            System.arraycopy(windows[i], 0, scratch, i * size, size);
        }
        return scratch[scratch.length - 1];
    }
}
