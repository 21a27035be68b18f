package dev.candlesignal.engine;

import dev.candlesignal.Evaluation;
import static dev.candlesignal.engine.EngineFixtures.BTC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Candle;
import dev.candlesignal.ModelMismatchException;
import dev.candlesignal.model.ModelSpec;
import dev.candlesignal.model.Scaler;
import dev.candlesignal.policy.SignalPolicy;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.TestFeatureSet;
import dev.candlesignal.testkit.TestModel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EngineModelSwapTest {
    final TestFeatureSet fs = TestFeatureSet.create();

    SignalEngine engine(dev.candlesignal.model.Model model) {
        return SignalEngine.builder().featureSet(fs).model(model)
                .policy(ThresholdPolicy.builder().atrPeriod(2).build()).build();
    }

    @Test
    void refusesAModelForAnotherFeatureSetNamingBoth() {
        TestFeatureSet other = TestFeatureSet.withPeriod(7);
        assertThatThrownBy(() -> engine(TestModel.linear(other, 3, "1")))
                .isInstanceOf(ModelMismatchException.class)
                .hasMessage("model test-model v1 expects [3, 3] (test3@7) but the engine is configured with test3@3 [3, 3]");
        SignalEngine engine = engine(TestModel.linear(fs, 3, "1"));
        assertThatThrownBy(() -> engine.swapModel(TestModel.linear(other, 3, "2")))
                .isInstanceOf(ModelMismatchException.class).hasMessageContaining("test3@7").hasMessageContaining("test3@3");
    }

    @Test
    void refusesAModelWithTheSameIdButOtherColumns() {
        ModelSpec spec = new ModelSpec("m", "1", fs.id(), List.of("return_1", "log_volume", "sma_ratio_3"), 3,
                Scaler.identity(3));
        assertThatThrownBy(() -> engine(TestModel.withSpec(spec))).isInstanceOf(ModelMismatchException.class)
                .hasMessageContaining("their columns differ: model [return_1, log_volume, sma_ratio_3], engine "
                        + "[return_1, sma_ratio_3, log_volume]");
    }

    @Test
    void refusesASwapToAnotherWindowLength() {
        SignalEngine engine = engine(TestModel.linear(fs, 3, "1"));
        assertThatThrownBy(() -> engine.swapModel(TestModel.linear(fs, 5, "2")))
                .isInstanceOf(ModelMismatchException.class)
                .hasMessage("cannot swap model test-model v1 [3, 3] (test3@3) for test-model v2 [5, 3] (test3@3): "
                        + "the window shape differs");
        assertThat(engine.model().version()).isEqualTo("1");
    }

    @Test
    void theNewModelSeesWindowsScaledWithItsOwnScaler() {
        EngineFixtures.CapturingModel first = new EngineFixtures.CapturingModel(TestModel.linear(fs, 3, "1"));
        Scaler scaler = new Scaler(new double[] {0.01, -0.02, 6}, new double[] {2, 4, 0.5}, 1e-8);
        EngineFixtures.CapturingModel second = new EngineFixtures.CapturingModel(
                TestModel.linear(fs, 3, "2", scaler, 1.0));
        SignalEngine engine = engine(first);
        List<Candle> candles = Candles.randomWalk(21, 12);
        for (int i = 0; i < 8; i++) {
            engine.onCandle(BTC, candles.get(i));
        }
        assertThat(engine.swapModel(second)).isSameAs(first);
        Evaluation e = engine.onCandle(BTC, candles.get(8));
        assertThat(e.signal().orElseThrow().modelVersion()).isEqualTo("2");
        double[][] raw = fs.compute(candles.subList(0, 9));
        float[] window = second.windows.get(0);
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                float expected = (float) ((raw[6 + r][c] - scaler.means()[c]) / (scaler.stds()[c] + 1e-8));
                assertThat(window[r * 3 + c]).as("row %d col %d", r, c).isEqualTo(expected);
            }
        }
    }

    @Test
    void aPredictionInFlightFinishesOnTheOldModelAndTheSwapWaitsForIt() throws Exception {
        TestModel old = TestModel.linear(fs, 3, "old");
        TestModel next = TestModel.linear(fs, 3, "new");
        SignalEngine engine = engine(old);
        List<Candle> candles = Candles.randomWalk(22, 10);
        for (int i = 0; i < 7; i++) {
            engine.onCandle(BTC, candles.get(i));
        }
        long oldBefore = old.windowsPredicted();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        old.onPredict(() -> {
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CompletableFuture<Evaluation> inFlight = CompletableFuture.supplyAsync(() -> engine.onCandle(BTC, candles.get(7)));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<dev.candlesignal.model.Model> swap = new CompletableFuture<>();
        Thread swapper = new Thread(() -> {
            try {
                swap.complete(engine.swapModel(next));
            } catch (Throwable t) {
                swap.completeExceptionally(t);
            }
        }, "swapper");
        swapper.start();
        EngineFixtures.awaitParkedOrDone(swapper, swap);
        assertThat(swap).as("the swap waits for the prediction in flight").isNotDone();
        assertThat(swapper.getState()).isIn(Thread.State.WAITING, Thread.State.TIMED_WAITING);
        release.countDown();
        assertThat(inFlight.get(10, TimeUnit.SECONDS).signal().orElseThrow().modelVersion()).isEqualTo("old");
        assertThat(swap.get(10, TimeUnit.SECONDS)).isSameAs(old);
        old.close();
        assertThat(engine.onCandle(BTC, candles.get(8)).signal().orElseThrow().modelVersion()).isEqualTo("new");
        assertThat(old.windowsPredicted() - oldBefore).isEqualTo(1);
        assertThat(next.windowsPredicted()).isEqualTo(1);
    }

    @Test
    void signalsAndResultsNameTheModelThatProducedThemByIdAndVersion() {
        SignalEngine engine = engine(TestModel.linear(fs, 3, "1"));
        List<Candle> candles = Candles.randomWalk(23, 12);
        for (int i = 0; i < 8; i++) {
            engine.onCandle(BTC, candles.get(i));
        }
        Evaluation before = engine.onCandle(BTC, candles.get(8));
        assertThat(before.signal().orElseThrow().modelId()).isEqualTo("test-model");
        assertThat(before.signal().orElseThrow().modelVersion()).isEqualTo("1");
        ModelSpec other = new ModelSpec("other-model", "2026-01", fs.id(), fs.columns(), 3, Scaler.identity(3));
        engine.swapModel(TestModel.withSpec(other));
        CandleResult out = new CandleResult();
        engine.onCandle(BTC, candles.get(9), out);
        assertThat(out.modelId()).isEqualTo("other-model");
        assertThat(out.modelVersion()).isEqualTo("2026-01");
        assertThat(out.toSignal().orElseThrow().modelId()).isEqualTo("other-model");
        assertThat(out.toSignal().orElseThrow().modelVersion()).isEqualTo("2026-01");
    }

    @Test
    void theEngineNeverClosesTheModelItWasGiven() {
        TestModel model = TestModel.linear(fs, 3, "1");
        SignalEngine engine = engine(model);
        engine.close();
        assertThat(model.isClosed()).isFalse();
    }
}
