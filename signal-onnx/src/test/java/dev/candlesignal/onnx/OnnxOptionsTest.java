package dev.candlesignal.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.onnx.OnnxOptions.Optimization;
import dev.candlesignal.onnx.OnnxOptions.Provider;
import org.junit.jupiter.api.Test;

class OnnxOptionsTest {

    @Test
    void defaultsAreCpuWithOneIntraOpThread() {
        OnnxOptions o = OnnxOptions.defaults();
        assertThat(o.provider()).isEqualTo(Provider.CPU);
        assertThat(o.intraOpThreads()).isEqualTo(1);
        assertThat(o.optimization()).isEqualTo(Optimization.ALL);
        assertThat(o.fallbackToCpu()).isFalse();
        assertThat(o).isEqualTo(OnnxOptions.builder().build()).hasSameHashCodeAs(OnnxOptions.builder().build());
    }

    @Test
    void builderSetsAndToBuilderCopies() {
        OnnxOptions o = OnnxOptions.builder().intraOpThreads(0).optimization(Optimization.BASIC).cuda(2)
                .fallbackToCpu(true).build();
        assertThat(o.provider()).isEqualTo(Provider.CUDA);
        assertThat(o.deviceId()).isEqualTo(2);
        assertThat(o.toBuilder().build()).isEqualTo(o);
        assertThat(o.toBuilder().cpu().build().provider()).isEqualTo(Provider.CPU);
        assertThat(o.toString()).contains("CUDA(2)", "fallback CPU", "ORT default", "BASIC");
    }

    @Test
    void settersNameTheBadValue() {
        assertThatThrownBy(() -> OnnxOptions.builder().intraOpThreads(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> OnnxOptions.builder().cuda(-3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-3");
        assertThatThrownBy(() -> OnnxOptions.builder().optimization(null)).isInstanceOf(NullPointerException.class);
    }
}
