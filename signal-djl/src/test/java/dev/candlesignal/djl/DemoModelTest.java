package dev.candlesignal.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.candlesignal.onnx.OnnxModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The bundled demo model ({@code models/demo-btcusdt-1h}, the one the CLI's replay uses) loads on DJL with
 * {@link DjlModel#load(Path)} alone, and DJL agrees with ONNX Runtime on it.
 */
class DemoModelTest {

    static final Path DEMO = Path.of("..", "models", "demo-btcusdt-1h");

    @Test
    void theDemoBundleRunsOnDjlLikeOnOnnxRuntime() throws Exception {
        try (DjlModel djl = DjlModel.load(DEMO); OnnxModel onnx = OnnxModel.load(DEMO)) {
            assertThat(djl.spec()).isEqualTo(onnx.spec());
            float[][] windows = DjlModelConcurrencyTest.windows(32, 23, djl.spec().windowSize());
            float[] fromDjl = djl.predictBatch(windows);
            float[] fromOnnx = onnx.predictBatch(windows);
            for (int i = 0; i < windows.length; i++) {
                assertThat((double) fromDjl[i]).as("window %d", i).isCloseTo(fromOnnx[i], within(1e-5));
                assertThat((double) djl.predict(windows[i], 0)).isCloseTo(fromDjl[i], within(1e-6));
            }
        }
    }
}
