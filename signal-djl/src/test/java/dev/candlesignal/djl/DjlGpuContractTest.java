package dev.candlesignal.djl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import dev.candlesignal.djl.internal.PyTorchRuntime;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.testkit.ModelContract;
import dev.candlesignal.testkit.ModelFixtures;
import dev.candlesignal.testkit.ReferenceCase;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/**
 * The backend contract on {@code gpu(0)}, for both reference architectures. Opt-in ({@code -Dgroups=gpu}, with the
 * CUDA libtorch on the test classpath; see docs/djl.md) and self-skipping when libtorch has no CUDA or sees no device.
 */
@Tag("gpu")
class DjlGpuContractTest {

    /** cuDNN may pick different kernels per batch size; never measured here (no GPU was available). */
    static final double GPU_BATCH_TOLERANCE = 1e-5;

    static Model onGpu(String fixture) throws Exception {
        Engine engine = PyTorchRuntime.engine();
        assumeTrue(engine.hasCapability(StandardCapabilities.CUDA) && engine.getGpuCount() > 0,
                "needs a CUDA libtorch and a GPU; have " + PyTorchRuntime.describe(engine) + " with "
                        + engine.getGpuCount() + " CUDA devices");
        return DjlModel.load(ModelBundle.load(ModelFixtures.bundle(fixture)), DjlOptions.builder().gpu(0).build());
    }

    @Nested
    class Lstm14 extends ModelContract {
        @Override
        protected Model createModel() throws Exception {
            return onGpu(ModelFixtures.LSTM14_X3);
        }

        @Override
        protected List<ReferenceCase> referenceCases() {
            return ModelFixtures.reference(ModelFixtures.LSTM14_X3).allCases();
        }

        @Override
        protected double batchTolerance() {
            return GPU_BATCH_TOLERANCE;
        }
    }

    @Nested
    class Lstm28 extends ModelContract {
        @Override
        protected Model createModel() throws Exception {
            return onGpu(ModelFixtures.LSTM28_X3);
        }

        @Override
        protected List<ReferenceCase> referenceCases() {
            return ModelFixtures.reference(ModelFixtures.LSTM28_X3).allCases();
        }

        @Override
        protected double batchTolerance() {
            return GPU_BATCH_TOLERANCE;
        }
    }
}
