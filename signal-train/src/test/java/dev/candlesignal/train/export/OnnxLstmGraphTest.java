package dev.candlesignal.train.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ONNX graph writer: PyTorch-to-ONNX gate order, the declared contract as ONNX Runtime reads it, any batch size,
 * and byte-stable output (the committed golden graphs, which {@code tools/tests/test_java_export.py} checks with
 * {@code onnx.checker} and PyTorch). Numerical parity with PyTorch is {@link BundleParityTest}'s.
 */
class OnnxLstmGraphTest {

    /** Rewrites the golden graphs: {@code -Dexport.updateGolden=true}. */
    private static final boolean UPDATE = Boolean.getBoolean("export.updateGolden");

    @Test
    void gatesAreReorderedFromPyTorchsIfgoToOnnxsIofc() {
        // hidden 2, 3 columns: each gate block is 6 values, numbered by PyTorch gate (1 = i, 2 = f, 3 = g, 4 = o)
        float[] pytorch = new float[24];
        for (int gate = 0; gate < 4; gate++) {
            for (int j = 0; j < 6; j++) {
                pytorch[gate * 6 + j] = (gate + 1) * 10 + j;
            }
        }
        float[] onnx = OnnxLstmGraph.onnxGateOrder(pytorch, 2, 3);
        assertThat(onnx).containsExactly(
                10, 11, 12, 13, 14, 15, // i
                40, 41, 42, 43, 44, 45, // o
                20, 21, 22, 23, 24, 25, // f
                30, 31, 32, 33, 34, 35); // c (PyTorch's g)
        assertThat(OnnxLstmGraph.onnxGateOrder(new float[] {1, 2, 3, 4}, 1, 1)).containsExactly(1, 4, 2, 3);
        assertThatThrownBy(() -> OnnxLstmGraph.onnxGateOrder(new float[5], 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void declaresTheBundleContractAsOnnxRuntimeReadsIt() throws Exception {
        ExportFixture f = ExportFixture.load("lstm14-w7");
        byte[] graph = OnnxLstmGraph.toBytes(f.weights(1), 60);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(graph, new OrtSession.SessionOptions())) {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            assertThat(inputs).containsOnlyKeys("features");
            assertThat(outputs).containsOnlyKeys("probability");
            TensorInfo in = (TensorInfo) inputs.get("features").getInfo();
            TensorInfo out = (TensorInfo) outputs.get("probability").getInfo();
            assertThat(in.type).isEqualTo(ai.onnxruntime.OnnxJavaType.FLOAT);
            assertThat(in.getShape()).containsExactly(-1, 60, 7);
            assertThat(in.getDimensionNames()).containsExactly("batch", "", "");
            assertThat(out.type).isEqualTo(ai.onnxruntime.OnnxJavaType.FLOAT);
            assertThat(out.getShape()).containsExactly(-1, 1);
            assertThat(session.getMetadata().getProducerName()).isEqualTo("candlesignal");
            assertThat(session.getMetadata().getDescription()).isEqualTo(f.describe());
        }
    }

    @Test
    void runsAnyBatchSizeOnOnnxRuntime() throws Exception {
        ExportFixture f = ExportFixture.load("tiny-lstm28");
        LstmWeights w = f.weights(3);
        int seq = f.sequenceLength();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(OnnxLstmGraph.toBytes(w, seq), new OrtSession.SessionOptions())) {
            for (int batch : new int[] {1, 2, 64}) {
                float[] data = new float[batch * seq * 3];
                for (int i = 0; i < data.length; i++) {
                    data[i] = (float) Math.sin(i * 0.37 + batch);
                }
                try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), new long[] {batch, seq, 3});
                        OrtSession.Result r = session.run(Map.of("features", x))) {
                    float[][] p = (float[][]) r.get(0).getValue();
                    assertThat(p).hasNumberOfRows(batch);
                    for (int b = 0; b < batch; b++) {
                        double expected = ReferenceLstm.probability(w, data, b * seq * 3, seq);
                        assertThat((double) p[b][0]).as("batch %d window %d", batch, b)
                                .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
                    }
                }
            }
        }
    }

    @Test
    void sameWeightsGiveTheSameBytes() {
        ExportFixture f = ExportFixture.load("lstm28-w28");
        assertThat(OnnxLstmGraph.toBytes(f.weights(3), 60)).isEqualTo(OnnxLstmGraph.toBytes(f.weights(3), 60));
    }

    @Test
    void theTinyGraphsEqualTheCommittedGoldenFiles() throws Exception {
        for (String name : new String[] {"tiny-lstm14", "tiny-lstm28"}) {
            ExportFixture f = ExportFixture.load(name);
            byte[] graph = OnnxLstmGraph.toBytes(f.weights(1), f.sequenceLength());
            Path golden = ExportFixture.repoRoot().resolve("fixtures/export/" + name + ".onnx");
            if (UPDATE) {
                Files.write(golden, graph);
            }
            assertThat(graph).as("%s (regenerate with -Dexport.updateGolden=true if the change is intended)",
                    golden).isEqualTo(Files.readAllBytes(golden));
        }
    }

    @Test
    void aSequenceLengthBelowOneIsRefused() {
        LstmWeights w = ExportFixture.load("tiny-lstm14").weights(1);
        assertThatThrownBy(() -> OnnxLstmGraph.toBytes(w, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sequenceLength must be >= 1 but is 0");
    }
}
