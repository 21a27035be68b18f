package dev.candlesignal.train;

import static dev.candlesignal.train.TrainingFixtures.job;
import static dev.candlesignal.train.TrainingFixtures.quick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.Models;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.train.export.Architecture;
import dev.candlesignal.train.internal.Libtorch;
import dev.candlesignal.train.internal.TrainingData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Training on CUDA device 0, into a bundle both backends serve on the CPU. Opt-in ({@code -Dgroups=gpu}, with the
 * CUDA libtorch on the test class path: {@code -Pdjl-cu124}, see docs/djl.md) and self-skipping without CUDA or a
 * device. Never run here (no GPU was lent to this work): the tolerance is the CPU parity's, unmeasured on a GPU.
 */
@Tag("gpu")
class GpuTrainingTest {

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void trainsOnTheGpuIntoABundleThatServesOnTheCpu(Architecture architecture, @TempDir Path dir) throws Exception {
        Engine engine = Libtorch.engine();
        assumeTrue(engine.hasCapability(StandardCapabilities.CUDA) && engine.getGpuCount() > 0,
                "needs a CUDA libtorch and a GPU; have " + Libtorch.describe(engine) + " with "
                        + engine.getGpuCount() + " CUDA devices");
        Path out = dir.resolve("gpu-bundle");
        LstmTrainer.Trained trained = quick(architecture).epochs(2).device(TrainingDevice.GPU).build()
                .trainAndKeep(job(Candles.randomWalk(31, 260)), out);
        TrainingData data = trained.fitted().data();
        float[] logits = trained.fitted().outcome().validationLogits();
        float[][] windows = new float[data.validationCount()][data.spec().sequenceLength() * data.featureCount()];
        for (int i = 0; i < windows.length; i++) {
            data.copyValidationWindow(i, windows[i], 0);
        }
        for (String backend : List.of("onnx", "djl")) {
            try (Model model = Models.discover().load(out, backend)) {
                float[] served = model.predictBatch(windows);
                for (int i = 0; i < windows.length; i++) {
                    assertThat((double) served[i]).as(backend + " window " + i)
                            .isCloseTo(1 / (1 + Math.exp(-logits[i])), org.assertj.core.api.Assertions.within(1e-5));
                }
            }
        }
    }
}
