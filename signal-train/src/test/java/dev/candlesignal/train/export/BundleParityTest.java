package dev.candlesignal.train.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.djl.DjlModel;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.onnx.OnnxModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parity: a bundle written from the fixtures' weights gives PyTorch's eager probabilities on ONNX Runtime
 * and on DJL, at batch 1 and batch 8, within 1e-5, and so does the pure-Java reference forward pass.
 */
class BundleParityTest {
    static final double TOLERANCE = 1e-5;

    @TempDir
    Path tmp;

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String name : ExportFixture.NAMES) {
            for (double scale : ExportFixture.SCALES) {
                cases.add(Arguments.of(name, scale));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} x{1}")
    @MethodSource("cases")
    void bothBackendsGivePyTorchsProbabilities(String name, double scale) throws Exception {
        ExportFixture f = ExportFixture.load(name);
        LstmWeights weights = f.weights(scale);
        Path dir = tmp.resolve(name);
        ModelBundle bundle = BundleWriter.create()
                .write(weights, Manifests.builder(f.inputSize(), f.sequenceLength()), dir);
        assertThat(bundle.manifest().architecture()).isEqualTo(f.describe());

        double[] batch1 = f.expected(scale, "batch1");
        double[] batch8 = f.expected(scale, "batch8");
        List<float[]> windows = f.windows();
        try (Model onnx = OnnxModel.load(dir); Model djl = DjlModel.load(dir)) {
            for (Model model : List.of(onnx, djl)) {
                String backend = model == onnx ? "onnx" : "djl";
                double worst1 = 0;
                for (int i = 0; i < windows.size(); i++) {
                    worst1 = Math.max(worst1, Math.abs(model.predict(windows.get(i), 0) - batch1[i]));
                }
                double worst8 = 0;
                for (int from = 0; from < windows.size(); from += f.batch()) {
                    float[] out = model.predictBatch(windows.subList(from, from + f.batch()).toArray(float[][]::new));
                    for (int i = 0; i < out.length; i++) {
                        worst8 = Math.max(worst8, Math.abs(out[i] - batch8[from + i]));
                    }
                }
                System.out.printf("parity %s x%s %s: batch 1 %.3g, batch 8 %.3g%n", name, scale, backend, worst1,
                        worst8);
                assertThat(worst1).as("%s x%s on %s, batch 1: max |p - PyTorch|", name, scale, backend)
                        .isLessThanOrEqualTo(TOLERANCE);
                assertThat(worst8).as("%s x%s on %s, batch 8: max |p - PyTorch|", name, scale, backend)
                        .isLessThanOrEqualTo(TOLERANCE);
            }
        }
        double worstReference = 0;
        for (int i = 0; i < windows.size(); i++) {
            worstReference = Math.max(worstReference,
                    Math.abs(ReferenceLstm.probability(weights, windows.get(i), 0, f.sequenceLength()) - batch1[i]));
        }
        assertThat(worstReference).isLessThanOrEqualTo(TOLERANCE);
    }
}
