package dev.candlesignal.onnx.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.model.BackendOptions;
import dev.candlesignal.onnx.OnnxOptions;
import org.junit.jupiter.api.Test;

class OnnxModelLoaderOptionsTest {

    @Test
    void backendOptionsMapOntoOnnxOptions() {
        OnnxOptions gpu = OnnxModelLoader.options(BackendOptions.builder().gpu(1).intraOpThreads(0).build());
        assertThat(gpu.provider()).isEqualTo(OnnxOptions.Provider.CUDA);
        assertThat(gpu.deviceId()).isEqualTo(1);
        assertThat(gpu.fallbackToCpu()).as("never silently on the CPU").isFalse();
        assertThat(gpu.intraOpThreads()).as("0 = ONNX Runtime's default").isZero();
        assertThat(OnnxModelLoader.options(BackendOptions.defaults())).isEqualTo(OnnxOptions.defaults());
        assertThat(OnnxModelLoader.options(BackendOptions.builder().intraOpThreads(3).build()))
                .isEqualTo(OnnxOptions.builder().intraOpThreads(3).build());
        assertThat(new OnnxModelLoader().name()).isEqualTo("onnx");
        assertThat(new OnnxModelLoader().weightsFormat()).isEqualTo("onnx");
    }
}
