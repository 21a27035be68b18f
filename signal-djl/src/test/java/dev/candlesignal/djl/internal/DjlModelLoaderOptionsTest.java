package dev.candlesignal.djl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.djl.DjlOptions;
import dev.candlesignal.model.BackendOptions;
import org.junit.jupiter.api.Test;

class DjlModelLoaderOptionsTest {

    @Test
    void backendOptionsMapOntoDjlOptions() {
        assertThat(DjlModelLoader.options(BackendOptions.builder().intraOpThreads(0).build()))
                .as("0 = DJL's own default").isEqualTo(DjlOptions.defaults());
        assertThat(DjlModelLoader.options(BackendOptions.defaults()))
                .isEqualTo(DjlOptions.builder().intraOpThreads(1).build());
        DjlOptions gpu = DjlModelLoader.options(BackendOptions.builder().gpu(2).intraOpThreads(0).build());
        assertThat(gpu.gpuIndex()).hasValue(2);
        assertThat(gpu.intraOpThreads()).isEmpty();
        assertThat(new DjlModelLoader().name()).isEqualTo("djl");
        assertThat(new DjlModelLoader().weightsFormat()).isEqualTo("torchscript");
    }
}
