package dev.candlesignal.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.candlesignal.onnx.OnnxOptions.Provider;
import dev.candlesignal.testkit.ModelFixtures;
import dev.candlesignal.testkit.ReferenceCase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PyTorch parity on CUDA. Opt-in and self-skipping: run with onnxruntime_gpu, CUDA 12 and cuDNN 9 on a machine with
 * an NVIDIA GPU:
 * <pre>
 * ./build -pl signal-onnx -am verify -Pgpu -Dsurefire.excludedGroups= -Dgroups=gpu
 * </pre>
 * Skipped when the ONNX Runtime on the class path has no CUDA provider (the default CPU artifact). CUDA kernels are
 * not bit-compatible with the CPU ones (cuDNN's LSTM, TF32 math on Ampere and newer), so the tolerance here is
 * 1e-4 rather than the CPU's 1e-5.
 */
@Tag("gpu")
class GpuParityTest {
    static final double GPU_TOLERANCE = 1e-4;

    @BeforeEach
    void needsCuda() {
        assumeTrue(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
                "no CUDA provider in this ONNX Runtime build (run with -Pgpu on a CUDA machine)");
    }

    @ParameterizedTest
    @ValueSource(strings = {ModelFixtures.LSTM14, ModelFixtures.LSTM14_X3, ModelFixtures.LSTM28,
            ModelFixtures.LSTM28_X3})
    void cudaMatchesPyTorch(String fixture) throws Exception {
        double max = 0;
        try (OnnxModel model = OnnxModel.load(ModelFixtures.bundle(fixture), OnnxOptions.builder().cuda(0).build())) {
            assertThat(model.provider()).isEqualTo(Provider.CUDA);
            ModelFixtures.Reference ref = ModelFixtures.reference(fixture);
            for (ReferenceCase c : ref.cases()) {
                max = Math.max(max, Math.abs(model.predict(c.window(), 0) - c.expected()));
            }
            for (ModelFixtures.Batch b : ref.batches()) {
                float[] out = model.predictBatch(b.windows().toArray(new float[0][]));
                for (int i = 0; i < out.length; i++) {
                    max = Math.max(max, Math.abs(out[i] - b.expected(i)));
                }
            }
        }
        System.out.printf("CUDA %-10s max|Java - PyTorch| %.2e%n", fixture, max);
        assertThat(max).isLessThanOrEqualTo(GPU_TOLERANCE);
    }
}
