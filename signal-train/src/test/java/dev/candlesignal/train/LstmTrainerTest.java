package dev.candlesignal.train;

import static dev.candlesignal.train.TrainingFixtures.BTC;
import static dev.candlesignal.train.TrainingFixtures.job;
import static dev.candlesignal.train.TrainingFixtures.quick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.feature.Feature;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.model.Models;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.train.export.Architecture;
import dev.candlesignal.train.internal.TrainingData;
import dev.candlesignal.training.TrainingException;
import dev.candlesignal.training.TrainingException.Reason;
import dev.candlesignal.training.TrainingJob;
import dev.candlesignal.training.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Training into a bundle: parity of both backends with the training-time forward pass, manifest, errors, cancellation. */
class LstmTrainerTest {
    static final Instant CREATED = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted(); // a cancellation test leaves the flag set, as documented
    }

    static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * The parity test: the same windows give the same probabilities on ONNX Runtime, on DJL (the bundle's
     * TorchScript) and in DJL's training-time forward pass, within 1e-5.
     */
    @ParameterizedTest
    @EnumSource(Architecture.class)
    void theBundleServesTheTrainingTimeForwardPassOnBothBackends(Architecture architecture) throws Exception {
        Path out = dir.resolve("bundle");
        LstmTrainer.Trained trained = quick(architecture).epochs(2).clock(Clock.fixed(CREATED, ZoneOffset.UTC))
                .build().trainAndKeep(job(Candles.randomWalk(21, 260)), out);
        TrainingData data = trained.fitted().data();
        float[] logits = trained.fitted().outcome().validationLogits();
        int window = data.spec().sequenceLength() * data.featureCount();
        float[][] windows = new float[data.validationCount()][window];
        for (int i = 0; i < windows.length; i++) {
            data.copyValidationWindow(i, windows[i], 0);
        }
        ModelBundle bundle = ModelBundle.load(out);
        for (String backend : List.of("onnx", "djl")) {
            try (Model model = Models.discover().load(out, backend)) {
                float[] batch = model.predictBatch(windows);
                double maxDiff = 0;
                for (int i = 0; i < windows.length; i++) {
                    double trainingTime = 1 / (1 + Math.exp(-logits[i]));
                    maxDiff = Math.max(maxDiff, Math.abs(trainingTime - batch[i]));
                    maxDiff = Math.max(maxDiff, Math.abs(trainingTime - model.predict(windows[i], 0)));
                }
                assertThat(maxDiff).as("%s: max |training-time - served| over %d windows", backend, windows.length)
                        .isLessThan(1e-5);
            }
        }
        assertThat(bundle.manifest().weights()).containsOnlyKeys(ModelManifest.ONNX, ModelManifest.TORCHSCRIPT);
        assertThat(listing(dir)).containsExactly("bundle");
    }

    @Test
    void theManifestRecordsDataLabelSplitSeedEpochsAndMetrics() throws Exception {
        Path out = dir.resolve("m");
        TrainingResult result = quick(Architecture.LSTM14).epochs(2).seed(77).clock(Clock.fixed(CREATED,
                ZoneOffset.UTC)).build().train(new TrainingJob("btc-small", "3", "2", Map.of(BTC,
                        Candles.randomWalk(5, 260))), out);
        ModelManifest m = ModelBundle.load(out).manifest();
        assertThat(result.manifest()).isEqualTo(m);
        assertThat(result.bundleDir()).isEqualTo(out.toAbsolutePath().normalize());
        assertThat(m.modelId()).isEqualTo("btc-small");
        assertThat(m.version()).isEqualTo("3");
        assertThat(m.parentVersion()).contains("2");
        assertThat(m.createdAt()).isEqualTo(CREATED);
        assertThat(m.featureSetId()).isEqualTo(TrainingFixtures.SMALL.id());
        assertThat(m.columns()).containsExactly("ret_1", "range");
        assertThat(m.sequenceLength()).isEqualTo(8);
        assertThat(m.architecture()).isEqualTo("lstm(input=2, hidden=64, layers=2) -> linear(64, 1) -> sigmoid");
        assertThat(m.training().symbols()).containsExactly("BTCUSDT");
        assertThat(m.training().interval()).isEqualTo(Interval.HOUR_1);
        // the first window's first row is candle 1 (ret_1's warm-up is 2 candles); the last label candle is 259
        assertThat(m.training().from()).isEqualTo(Candles.START.plusSeconds(3600));
        assertThat(m.training().to()).isEqualTo(Candles.START.plusSeconds(260 * 3600));
        assertThat(m.label().horizon()).isEqualTo(1);
        assertThat(m.metrics()).containsKeys("val_loss", "val_brier", "val_accuracy", "val_precision", "val_recall",
                "val_f1", "val_positive_rate", "baseline_always_up_accuracy", "baseline_always_up_f1",
                "baseline_previous_direction_accuracy", "baseline_previous_direction_f1", "best_epoch", "epochs_run",
                "train_samples", "val_samples", "seed", "split_validation_fraction", "split_purge");
        assertThat(m.metrics().get("seed")).isEqualTo(77.0);
        assertThat(m.metrics().get("epochs_run")).isEqualTo(result.epochsRun());
        assertThat(m.metrics().get("best_epoch")).isEqualTo(result.bestEpoch());
        assertThat(m.metrics().get("split_purge")).isEqualTo(9.0); // sequence length 8 + horizon 1
        assertThat(result.validationMetrics()).isEqualTo(m.metrics());
        assertThat(m.scaler().columns()).isEqualTo(2);
    }

    /** Records whether any epoch or batch ran. */
    static final class Recorder implements TrainingListener {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void onBatch(TrainingProgress progress) {
            calls.incrementAndGet();
        }

        @Override
        public void onEpoch(TrainingProgress progress, boolean improved) {
            calls.incrementAndGet();
        }
    }

    void assertRefusedBeforeAnyEpoch(LstmTrainer.Builder builder, TrainingJob job, Path out, Reason reason,
            String... messageParts) {
        Recorder recorder = new Recorder();
        assertThatThrownBy(() -> builder.listener(recorder).build().train(job, out))
                .isInstanceOfSatisfying(TrainingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    for (String part : messageParts) {
                        assertThat(e.getMessage()).contains(part);
                    }
                });
        assertThat(recorder.calls).as("listener calls").hasValue(0);
    }

    @Test
    void badInputIsATypedErrorBeforeAnyEpoch() throws Exception {
        Path out = dir.resolve("out");
        var candles = Candles.randomWalk(5, 260);
        // an output that exists
        Files.createDirectory(dir.resolve("exists"));
        assertRefusedBeforeAnyEpoch(quick(Architecture.LSTM14), job(candles), dir.resolve("exists"),
                Reason.INVALID_JOB, "exists");
        // a parent that does not
        assertRefusedBeforeAnyEpoch(quick(Architecture.LSTM14), job(candles), dir.resolve("no/such/out"),
                Reason.INVALID_JOB, "does not exist");
        // too few candles
        assertRefusedBeforeAnyEpoch(quick(Architecture.LSTM14), job(candles.subList(0, 15)), out,
                Reason.TOO_FEW_CANDLES, "15 candles");
        // non-finite features
        FeatureSet bad = FeatureSet.builder().add(Feature.of("c", 1, w -> w.close(0)))
                .add(Feature.of("inf", 1, w -> w.open(0) == candles.get(100).open() ? Double.NaN : 0)).build();
        assertRefusedBeforeAnyEpoch(quick(Architecture.LSTM14).featureSet(bad), job(candles), out,
                Reason.NON_FINITE_FEATURES, "'inf'", candles.get(100).openTime().toString());
        // streams of different intervals
        Map<StreamKey, List<Candle>> mixed = new LinkedHashMap<>();
        mixed.put(BTC, candles);
        mixed.put(StreamKey.of("BTCUSDT", Interval.MINUTE_15), Candles.randomWalk(1, 260, Interval.MINUTE_15, 100));
        assertRefusedBeforeAnyEpoch(quick(Architecture.LSTM14), new TrainingJob("m", "1", null, mixed), out,
                Reason.INVALID_JOB, "different intervals");
        // a set that needs order books on klines
        assertRefusedBeforeAnyEpoch(quick(Architecture.LSTM28).featureSet(
                dev.candlesignal.indicators.FeatureSets.byId("standard14/orderBook(10)")), job(candles), out,
                Reason.FEATURE_SET_MISMATCH, "order book");
        assertThat(listing(dir)).containsExactly("exists");
    }

    @Test
    void gpuWithoutCudaIsAClearTypedError() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(dev.candlesignal.train.internal.Libtorch.engine().getGpuCount()
                > 0, "a GPU is present: GpuTrainingTest covers it");
        assertRefusedBeforeAnyEpoch(quick(Architecture.LSTM14).device(TrainingDevice.GPU),
                job(Candles.randomWalk(5, 260)), dir.resolve("gpu"), Reason.DEVICE_UNAVAILABLE, "gpu");
        assertThat(listing(dir)).isEmpty();
    }

    @Test
    void interruptingTheTrainingCancelsItBetweenBatchesAndWritesNothing() throws Exception {
        List<String> seen = new ArrayList<>();
        TrainingListener interrupter = new TrainingListener() {
            @Override
            public void onBatch(TrainingProgress p) {
                seen.add(p.epoch() + "/" + p.batch());
                if (p.epoch() == 2 && p.batch() == 2) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Path out = dir.resolve("cancelled");
        assertThatThrownBy(() -> quick(Architecture.LSTM14).listener(interrupter).build()
                .train(job(Candles.randomWalk(6, 260)), out))
                .isInstanceOfSatisfying(TrainingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CANCELLED))
                .hasMessageContaining("epoch 2 at batch 3");
        assertThat(Thread.currentThread().isInterrupted()).as("the interrupt status stays set").isTrue();
        assertThat(seen).endsWith("2/1", "2/2");
        assertThat(listing(dir)).isEmpty();
    }

    @Test
    void anInterruptWhileTheBundleIsWrittenCancelsAndLeavesNothing() throws Exception {
        TrainingListener interrupter = new TrainingListener() {
            @Override
            public void onEpoch(TrainingProgress p, boolean improved) {
                Thread.currentThread().interrupt(); // after the last epoch: the writer sees it
            }
        };
        assertThatThrownBy(() -> quick(Architecture.LSTM14).epochs(1).listener(interrupter).build()
                .train(job(Candles.randomWalk(6, 260)), dir.resolve("cancelled")))
                .isInstanceOfSatisfying(TrainingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CANCELLED));
        assertThat(listing(dir)).isEmpty();
    }

    @Test
    void buildersNameTheBadValue() {
        assertThatThrownBy(() -> LstmTrainer.builder().epochs(0)).hasMessageContaining("epochs").hasMessageContaining("0");
        assertThatThrownBy(() -> LstmTrainer.builder().validationFraction(1.0)).hasMessageContaining("1.0");
        assertThatThrownBy(() -> LstmTrainer.builder().adam(-1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> LstmTrainer.builder().seed(1L << 60)).hasMessageContaining("2^53");
        assertThatThrownBy(() -> LstmTrainer.builder().threads(0)).hasMessageContaining("threads");
        assertThatThrownBy(() -> LstmTrainer.builder().plateau(10, 1.5)).hasMessageContaining("1.5");
        assertThatThrownBy(() -> LstmTrainer.builder().architecture(Architecture.LSTM14).build())
                .hasMessageContaining("featureSet");
        assertThatThrownBy(() -> quick(Architecture.LSTM14).purge(8).build())
                .hasMessageContaining("purge 8").hasMessageContaining("= 9");
    }
}
