package dev.candlesignal.benchmarks;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.candlesignal.djl.DjlModel;
import dev.candlesignal.djl.DjlOptions;
import dev.candlesignal.djl.PyTorchEngine;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.model.Models;
import dev.candlesignal.testkit.ModelFixtures;
import dev.candlesignal.train.export.Architecture;
import dev.candlesignal.train.export.BundleWriter;
import dev.candlesignal.train.export.LstmWeights;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * The DJL backend's hot path on a Java-written {@code model.pt} (signal-train's {@code TorchScriptLstm}: the scripted
 * template filled with weights) next to the tools' {@code torch.jit.trace} export of the <em>same weights</em>: the
 * traced bundle's parameters are read back through DJL and written again by {@link BundleWriter} (which verifies the
 * copy against the pure-Java reference). {@code traced} = the committed bundle's own {@code model.pt}, {@code
 * template} = the Java-written one; both served by {@link DjlModel} with one intra-op thread.
 *
 * <p>Models: {@code demo} (models/demo-btcusdt-1h, lstm14 at width 14) and {@code lstm28-x3} (the 28-feature
 * fixture). Inputs rotate through 16 pregenerated random batches.
 *
 * <pre>
 * ./build -pl benchmarks -am package -DskipTests
 * java --enable-native-access=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar TorchScriptTemplateBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class TorchScriptTemplateBenchmark {
    private static final int INPUTS = 16;

    @Param({"demo", ModelFixtures.LSTM28_X3})
    String model;

    @Param({"traced", "template"})
    String variant;

    @Param({"1", "64"})
    int batch;

    private Path copy;
    private DjlModel loaded;
    private float[][][] inputs;
    private int[] offsets;
    private float[] out;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path traced = model.equals("demo") ? Path.of("models/demo-btcusdt-1h") : ModelFixtures.bundle(model);
        ModelBundle bundle = ModelBundle.load(traced);
        Path dir = traced;
        if (variant.equals("template")) {
            copy = Files.createTempDirectory("template-bench");
            dir = copy.resolve("bundle");
            BundleWriter.verifyingWith(Models.discover())
                    .write(weightsOf(bundle), bundle.manifest().toBuilder(), dir);
        }
        loaded = DjlModel.load(ModelBundle.load(dir), DjlOptions.builder().intraOpThreads(1).build());
        inputs = RandomWindows.batches(INPUTS, batch, loaded.spec().windowSize(), 42);
        offsets = new int[batch];
        out = new float[batch];
    }

    /** The traced module's parameters, by their state_dict names, as {@link LstmWeights}. */
    static LstmWeights weightsOf(ModelBundle bundle) throws Exception {
        PyTorchEngine.start();
        Map<String, float[]> tensors = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (ai.djl.Model m = Engine.getEngine("PyTorch").newModel("traced", Device.cpu());
                InputStream in = bundle.readWeights(ModelManifest.TORCHSCRIPT).newInputStream()) {
            m.load(in, Map.of("mapLocation", "true"));
            for (Pair<String, Parameter> p : m.getBlock().getParameters()) {
                tensors.put(p.getKey(), p.getValue().getArray().toFloatArray());
                shapes.put(p.getKey(), p.getValue().getArray().getShape().getShape());
            }
        }
        long[] ih = shapes.get("lstm.weight_ih_l0");
        int hidden = (int) ih[0] / 4;
        int layers = (int) shapes.keySet().stream().filter(k -> k.startsWith("lstm.weight_ih_l")).count();
        boolean lstm28 = tensors.containsKey("fc.0.weight");
        int head = lstm28 ? (int) shapes.get("fc.0.weight")[0] : 0;
        return new LstmWeights(lstm28 ? Architecture.LSTM28 : Architecture.LSTM14, (int) ih[1], hidden, layers, head,
                tensors);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        loaded.close();
        if (copy != null) {
            try (var files = Files.walk(copy)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
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
}
