package dev.candlesignal.djl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.onnx.OnnxModel;
import dev.candlesignal.testkit.ModelFixtures;
import dev.candlesignal.testkit.ReferenceCase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DJL (libtorch 2.7.1, TorchScript) against PyTorch 1.13's committed outputs and against {@link OnnxModel} (ONNX
 * Runtime on the same bundle's ONNX graph), for both reference architectures: the fixture windows one by one and
 * as PyTorch's batch of 8, plus 64 random windows in one batch. The observed maxima are printed and appended to
 * {@code target/djl-parity.txt}.
 */
class DjlParityTest {

    static final double TOLERANCE = 1e-5;
    private static final Path REPORT = Path.of("target", "djl-parity.txt");

    @BeforeAll
    static void freshReport() throws IOException {
        Files.deleteIfExists(REPORT);
    }

    @ParameterizedTest
    @ValueSource(strings = {ModelFixtures.LSTM14_X3, ModelFixtures.LSTM28_X3})
    void djlMatchesPyTorchAndOnnxRuntime(String fixture) throws Exception {
        ModelFixtures.Reference ref = ModelFixtures.reference(fixture);
        Path bundle = ModelFixtures.bundle(fixture);
        double vsTorchSingle = 0;
        double vsTorchBatch = 0;
        double vsOnnx = 0;
        try (DjlModel djl = DjlModel.load(bundle); OnnxModel onnx = OnnxModel.load(bundle)) {
            List<float[]> windows = new ArrayList<>();
            for (ReferenceCase c : ref.cases()) {
                float p = djl.predict(c.window(), 0);
                vsTorchSingle = Math.max(vsTorchSingle,
                        check(fixture + " " + c.name() + " vs PyTorch", p, c.expected()));
                windows.add(c.window());
            }
            for (ModelFixtures.Batch b : ref.batches()) {
                float[] out = djl.predictBatch(b.windows().toArray(new float[0][]));
                for (int i = 0; i < out.length; i++) {
                    vsTorchBatch = Math.max(vsTorchBatch, check(fixture + " " + b.name() + "[" + i + "] vs PyTorch",
                            out[i], b.expected(i)));
                }
            }
            windows.addAll(List.of(DjlModelConcurrencyTest.windows(64, 17, djl.spec().windowSize())));
            float[][] all = windows.toArray(new float[0][]);
            float[] fromDjl = djl.predictBatch(all);
            float[] fromOnnx = onnx.predictBatch(all);
            for (int i = 0; i < all.length; i++) {
                vsOnnx = Math.max(vsOnnx,
                        check(fixture + " window " + i + " vs ONNX Runtime", fromDjl[i], fromOnnx[i]));
                float single = djl.predict(all[i], 0);
                float onnxSingle = onnx.predict(all[i], 0);
                vsOnnx = Math.max(vsOnnx,
                        check(fixture + " window " + i + " alone vs ONNX Runtime", single, onnxSingle));
            }
        }
        String line = String.format("%-10s max|DJL - PyTorch| single %.2e, batch %.2e; max|DJL - ONNX Runtime| %.2e"
                + " (%d windows, batch and single)%n", fixture, vsTorchSingle, vsTorchBatch, vsOnnx,
                ref.cases().size() + 64);
        System.out.print(line);
        if (Files.isDirectory(REPORT.getParent())) {
            Files.writeString(REPORT, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    private static double check(String what, float actual, float expected) {
        double d = Math.abs((double) actual - expected);
        assertThat(d).as("%s: DJL %s, other %s", what, actual, expected).isLessThanOrEqualTo(TOLERANCE);
        return d;
    }
}
