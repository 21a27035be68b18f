package dev.candlesignal.benchmarks;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.djl.DjlModel;
import dev.candlesignal.djl.DjlOptions;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelBundle;
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
 * DJL (PyTorch engine, libtorch 2.7.1, TorchScript) next to ONNX Runtime on the same bundles, through the same
 * {@link Model} interface: both reference architectures (the x3 fixtures, the ones that carry both a TorchScript and
 * an ONNX file; weights scaled by 3 do not change the work), one window ({@code predict}) and a batch of 64
 * ({@code predictBatch}), with 1 and 2 intra-op threads. Each configuration runs in its own fork, so libtorch's
 * process-wide thread settings cannot leak between them. The DJL/ONNX ratio per (model, batch, threads) is the ratio
 * of the two {@code infer} scores.
 *
 * <p>Inputs rotate through 16 pregenerated random batches; the time includes packing them into each backend's
 * native input and the probability checks. {@link #baseline()} copies the same input without inference.
 *
 * <p>Run from the repository root (the fixtures are found from the working directory):
 * <pre>
 * ./build -pl benchmarks -am package -DskipTests
 * java --enable-native-access=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar DjlVsOnnxBenchmark -prof gc
 * </pre>
 * The DJL forks extract libtorch once into {@code ~/.djl.ai} (about 430 MiB, a few seconds) unless
 * {@code DJL_CACHE_DIR} points elsewhere. One configuration, e.g. batch-1 latency of the 28-feature model:
 * {@code ... DjlVsOnnxBenchmark -p model=lstm28-x3 -p batch=1 -p threads=1}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class DjlVsOnnxBenchmark {
    private static final int INPUTS = 16;

    @Param({ModelFixtures.LSTM14_X3, ModelFixtures.LSTM28_X3})
    String model;

    @Param({"1", "64"})
    int batch;

    @Param({"onnx", "djl"})
    String backend;

    @Param({"1", "2"})
    int threads;

    private Model loaded;
    private float[][][] inputs;
    private int[] offsets;
    private float[] out;
    private float[] scratch;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws ModelLoadException {
        loaded = load(backend, ModelBundle.load(ModelFixtures.bundle(model)), threads);
        int size = loaded.spec().windowSize();
        inputs = RandomWindows.batches(INPUTS, batch, size, 42);
        offsets = new int[batch];
        out = new float[batch];
        scratch = new float[batch * size];
    }

    /** A backend by name with {@code threads} intra-op threads (and DJL's default single inter-op thread). */
    static Model load(String backend, ModelBundle bundle, int threads) throws ModelLoadException {
        return switch (backend) {
            case "onnx" -> OnnxModel.load(bundle, OnnxOptions.builder().intraOpThreads(threads).build());
            case "djl" -> DjlModel.load(bundle, DjlOptions.builder().intraOpThreads(threads).build());
            default -> throw new IllegalArgumentException("backend must be onnx or djl but was " + backend);
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        loaded.close();
    }

    @Benchmark
    public float infer() {
        float[][] windows = inputs[next++ & (INPUTS - 1)];
        if (batch == 1) {
            return loaded.predict(windows[0], 0);
        }
        loaded.predictBatch(windows, offsets, batch, out);
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
