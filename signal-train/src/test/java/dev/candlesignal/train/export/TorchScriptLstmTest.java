package dev.candlesignal.train.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.ModelLoadException;
import dev.candlesignal.djl.DjlModel;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.ModelManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TorchScript writer: one template for any architecture, width and depth, byte-stable output, and a module that
 * refuses windows of another width. Parity with PyTorch is {@link BundleParityTest}'s.
 */
class TorchScriptLstmTest {

    @TempDir
    Path tmp;

    @Test
    void theTemplateIsSmallAndWeightFree() throws Exception {
        byte[] template = TorchScriptLstm.template();
        assertThat(template.length).isBetween(1_000, 8_000);
        try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(template))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                assertThat(e.getName()).as("no tensor storage, no debug records with local paths")
                        .doesNotContain("/data/").doesNotEndWith(".debug_pkl");
            }
        }
    }

    @Test
    void sameWeightsGiveTheSameBytes() throws Exception {
        LstmWeights w = ExportFixture.load("lstm14-w7").weights(3);
        assertThat(TorchScriptLstm.toBytes(w)).isEqualTo(TorchScriptLstm.toBytes(w));
    }

    /** Both heads at other depths and widths; the writer's verification holds both backends to the reference. */
    @Test
    void oneTemplateServesAnyDepthAndWidth() throws Exception {
        LstmWeights threeLayers = random(Architecture.LSTM14, 5, 6, 3, 0, 1);
        LstmWeights oneLayer = random(Architecture.LSTM28, 2, 3, 1, 4, 2);
        for (LstmWeights w : new LstmWeights[] {threeLayers, oneLayer}) {
            Path dir = tmp.resolve(w.architecture().id() + "-" + w.numLayers());
            ModelBundle bundle = BundleWriter.create().write(w, Manifests.builder(w.inputSize(), 7), dir);
            try (DjlModel model = DjlModel.load(dir)) {
                float[] window = new float[7 * w.inputSize()];
                for (int i = 0; i < window.length; i++) {
                    window[i] = (float) Math.cos(i);
                }
                assertThat((double) model.predict(window, 0))
                        .isCloseTo(ReferenceLstm.probability(w, window, 0, 7), org.assertj.core.data.Offset.offset(1e-6));
            }
            assertThat(bundle.manifest().architecture()).isEqualTo(ArchitectureDescription.of(w));
        }
    }

    /**
     * libtorch's LSTM alone runs a model on rows of another width without complaint (docs/djl.md); the template's
     * forward refuses them, so DjlModel's load-time probe catches a manifest that lists too many columns even in a
     * bundle without the ONNX copy that would otherwise reveal it.
     */
    @Test
    void theModuleRefusesWindowsOfAnotherWidth() throws Exception {
        ExportFixture f = ExportFixture.load("tiny-lstm14");
        Path dir = tmp.resolve("b");
        BundleWriter.create().write(f.weights(1), Manifests.builder(3, 5), dir);
        Files.delete(dir.resolve("model.onnx"));
        Files.delete(dir.resolve(ModelBundle.MANIFEST_FILE));
        ModelManifest lying = Manifests.builder(4, 5).architecture("lstm")
                .weights(ModelManifest.TORCHSCRIPT, ModelBundle.describe(dir, "model.pt")).build();
        ModelBundle.write(dir, lying);
        assertThatThrownBy(() -> DjlModel.load(dir))
                .isInstanceOfSatisfying(ModelLoadException.class, e -> assertThat(e.reason())
                        .isEqualTo(ModelLoadException.Reason.SHAPE_MISMATCH))
                .hasMessageContaining("rejected a [1, 5, 4] float32 input")
                .rootCause().hasMessageContaining("expected a float32 input [batch, sequence, 3]");
    }

    /** Seeded weights in [-0.5, 0.5) for any shape. */
    static LstmWeights random(Architecture a, int input, int hidden, int layers, int head, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, float[]> tensors = new LinkedHashMap<>();
        LstmWeights.expectedSizes(a, input, hidden, layers, head).forEach((name, n) -> {
            float[] t = new float[n];
            for (int i = 0; i < n; i++) {
                t[i] = (float) (r.nextDouble() - 0.5);
            }
            tensors.put(name, t);
        });
        return new LstmWeights(a, input, hidden, layers, head, tensors);
    }
}
