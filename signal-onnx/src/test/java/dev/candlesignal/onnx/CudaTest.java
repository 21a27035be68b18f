package dev.candlesignal.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.candlesignal.ModelLoadException;
import dev.candlesignal.ModelLoadException.Reason;
import dev.candlesignal.onnx.OnnxOptions.Provider;
import dev.candlesignal.onnx.internal.Sessions;
import dev.candlesignal.testkit.ModelFixtures;
import dev.candlesignal.testkit.ReferenceCase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * CUDA requested where the provider is unavailable (the CPU artifact): a clear error, or, only when asked for, a
 * logged fallback to the CPU. The GPU itself is exercised by {@link GpuParityTest} (tag {@code gpu}).
 */
class CudaTest {

    private static void assumeCpuBuild() {
        assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
                "this ONNX Runtime build has CUDA; the unavailable-CUDA paths cannot be observed");
    }

    @Test
    void cudaWithoutTheProviderFailsAndSaysHowToFixIt() {
        assumeCpuBuild();
        OnnxOptions cuda = OnnxOptions.builder().cuda(0).build();
        assertThatThrownBy(() -> OnnxModel.load(ModelFixtures.bundle(ModelFixtures.LSTM14), cuda))
                .isInstanceOfSatisfying(ModelLoadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BACKEND_ERROR))
                .hasMessageContaining("CUDA was requested (device 0) but is not available")
                .hasMessageContaining("this ONNX Runtime build has no CUDA execution provider")
                .hasMessageContaining("replace the dependency com.microsoft.onnxruntime:onnxruntime with "
                        + "com.microsoft.onnxruntime:onnxruntime_gpu:1.29.0")
                .hasMessageContaining("CUDA 12 and cuDNN 9 libraries on the library path")
                .hasMessageContaining("fallbackToCpu(true)");
    }

    @Test
    void fallbackToCpuOnlyWhenAskedAndNeverSilently() throws Exception {
        assumeCpuBuild();
        OnnxOptions options = OnnxOptions.builder().cuda(0).fallbackToCpu(true).build();
        String log = captureStderr(() -> {
            try (OnnxModel model = OnnxModel.load(ModelFixtures.bundle(ModelFixtures.LSTM14_X3), options)) {
                assertThat(model.provider()).isEqualTo(Provider.CPU);
                assertThat(model.options()).isEqualTo(options);
                for (ReferenceCase c : ModelFixtures.reference(ModelFixtures.LSTM14_X3).cases()) {
                    assertThat((double) model.predict(c.window(), 0)).isCloseTo(c.expected(),
                            org.assertj.core.api.Assertions.within(1e-5));
                }
            }
        });
        assertThat(log).contains("WARN").contains("CUDA was requested (device 0) but is not available")
                .contains("Running on the CPU instead");
    }

    @Test
    void providerListedButNotStartableIsReportedToo() throws Exception {
        assumeCpuBuild();
        // pretend the build had CUDA: adding the provider then fails inside ONNX Runtime
        byte[] graph = Files.readAllBytes(ModelFixtures.bundle(ModelFixtures.LSTM14).resolve("model.onnx"));
        assertThatThrownBy(() -> Sessions.create(OrtEnvironment.getEnvironment(), graph,
                OnnxOptions.builder().cuda(1).build(), () -> Set.of(OrtProvider.CPU, OrtProvider.CUDA), "bundle x"))
                .isInstanceOfSatisfying(ModelLoadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BACKEND_ERROR))
                .hasMessageContaining("bundle x: CUDA was requested (device 1)")
                .hasMessageContaining("could not start the CUDA execution provider on device 1")
                .hasMessageContaining("onnxruntime_gpu");
    }

    static String captureStderr(ThrowingRunnable body) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
