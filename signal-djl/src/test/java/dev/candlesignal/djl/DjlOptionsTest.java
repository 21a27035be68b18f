package dev.candlesignal.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DjlOptionsTest {

    @Test
    void defaultsAreCpuWithThreadCountsLeftToTheDocumentedDefaults() {
        DjlOptions d = DjlOptions.defaults();
        assertThat(d.gpuIndex()).isEmpty();
        assertThat(d.deviceName()).isEqualTo("cpu()");
        assertThat(d.intraOpThreads()).isEmpty();
        assertThat(d.interOpThreads()).isEmpty();
        assertThat(d.poolSize()).isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors()));
        assertThat(d).isEqualTo(DjlOptions.builder().build()).hasSameHashCodeAs(DjlOptions.builder().build());
    }

    @Test
    void settersKeepTheirValuesAndToBuilderCopiesThem() {
        DjlOptions o = DjlOptions.builder().gpu(1).intraOpThreads(2).interOpThreads(3).poolSize(4).build();
        assertThat(o.gpuIndex()).hasValue(1);
        assertThat(o.deviceName()).isEqualTo("gpu(1)");
        assertThat(o.intraOpThreads()).hasValue(2);
        assertThat(o.interOpThreads()).hasValue(3);
        assertThat(o.poolSize()).isEqualTo(4);
        assertThat(o.toBuilder().build()).isEqualTo(o);
        assertThat(o.toBuilder().cpu().build().gpuIndex()).isEmpty();
        assertThat(o.toString()).contains("gpu(1)", "intraOpThreads=2", "interOpThreads=3", "poolSize=4");
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> DjlOptions.builder().gpu(-1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> DjlOptions.builder().intraOpThreads(0)).hasMessageContaining("intraOpThreads")
                .hasMessageContaining("0");
        assertThatThrownBy(() -> DjlOptions.builder().interOpThreads(-2)).hasMessageContaining("interOpThreads")
                .hasMessageContaining("-2");
        assertThatThrownBy(() -> DjlOptions.builder().poolSize(0)).hasMessageContaining("poolSize");
    }
}
