package dev.candlesignal.train.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The pure-Java reference forward pass against PyTorch's float64 outputs of the same weights. */
class ReferenceLstmTest {

    static List<String> fixtures() {
        return ExportFixture.NAMES;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void matchesPyTorchInDoublePrecision(String name) {
        ExportFixture f = ExportFixture.load(name);
        for (double scale : ExportFixture.SCALES) {
            LstmWeights w = f.weights(scale);
            double[] expected = f.expected(scale, "float64");
            double worst = 0;
            for (int i = 0; i < f.windowCount(); i++) {
                double p = ReferenceLstm.probability(w, f.window(i), 0, f.sequenceLength());
                worst = Math.max(worst, Math.abs(p - expected[i]));
            }
            assertThat(worst).as("%s x%s: max |reference - PyTorch float64|", name, scale).isLessThan(1e-12);
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void matchesPyTorchFloat32Within1e6(String name) {
        ExportFixture f = ExportFixture.load(name);
        for (double scale : ExportFixture.SCALES) {
            LstmWeights w = f.weights(scale);
            double[] expected = f.expected(scale, "batch1");
            for (int i = 0; i < f.windowCount(); i++) {
                assertThat(ReferenceLstm.probability(w, f.window(i), 0, f.sequenceLength()))
                        .as("%s x%s window %d", name, scale, i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }

    @Test
    void readsTheWindowAtItsOffset() {
        ExportFixture f = ExportFixture.load("tiny-lstm28");
        LstmWeights w = f.weights(3);
        float[] window = f.window(2);
        float[] padded = new float[window.length + 7];
        System.arraycopy(window, 0, padded, 7, window.length);
        assertThat(ReferenceLstm.probability(w, padded, 7, f.sequenceLength()))
                .isEqualTo(ReferenceLstm.probability(w, window, 0, f.sequenceLength()));
    }

    @Test
    void aWindowThatDoesNotFitIsRefused() {
        ExportFixture f = ExportFixture.load("tiny-lstm14");
        LstmWeights w = f.weights(1);
        assertThatThrownBy(() -> ReferenceLstm.probability(w, new float[14], 0, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 x 3 values at offset 0 does not fit in an array of 14");
    }
}
