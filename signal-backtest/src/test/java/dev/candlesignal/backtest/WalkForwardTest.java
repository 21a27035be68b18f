package dev.candlesignal.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.model.LabelSpec;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.model.Scaler;
import dev.candlesignal.model.TrainingInfo;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.TestFeatureSet;
import dev.candlesignal.testkit.TestModel;
import dev.candlesignal.training.Trainer;
import dev.candlesignal.training.TrainingJob;
import dev.candlesignal.training.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Walk-forward through a fake trainer that records its jobs and writes the training range into its manifest. */
class WalkForwardTest {
    private static final StreamKey STREAM = StreamKey.of("BTCUSDT", Interval.HOUR_1);
    private static final TestFeatureSet FEATURES = TestFeatureSet.create();

    @TempDir
    Path work;

    /** Trains nothing: writes a directory and a manifest whose training range is the job's (or a lie). */
    private static final class FakeTrainer implements Trainer {
        final List<TrainingJob> jobs = new ArrayList<>();
        final Duration lie;

        FakeTrainer(Duration lie) {
            this.lie = lie;
        }

        @Override
        public TrainingResult train(TrainingJob job, Path outDir) {
            jobs.add(job);
            List<Candle> c = job.candles().values().iterator().next();
            Instant from = c.get(0).openTime();
            Instant to = Interval.HOUR_1.next(c.get(c.size() - 1).openTime()).plus(lie);
            TrainingInfo info = new TrainingInfo(List.of("BTCUSDT"), Interval.HOUR_1, from, to);
            ModelManifest manifest = new ModelManifest(1, job.modelId(), job.version(),
                    Optional.ofNullable(job.parentVersion()), Instant.EPOCH, "fake", FEATURES.id(), FEATURES.columns(),
                    10, Scaler.identity(3), LabelSpec.nextCandleUp(), info, Map.of("val_accuracy", 0.5), Map.of());
            try {
                Files.createDirectory(outDir);
                Files.writeString(outDir.resolve("range"), from + " " + to);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new TrainingResult(outDir, manifest, 1, 1, Map.of("val_accuracy", 0.5), Duration.ZERO);
        }
    }

    private static TestModel open(Path dir) throws Exception {
        String[] range = Files.readString(dir.resolve("range")).split(" ");
        TestModel base = TestModel.linear(FEATURES, 10, dir.getFileName().toString());
        return TestModel.withSpec(base.spec().withTraining(new TrainingInfo(List.of("BTCUSDT"), Interval.HOUR_1,
                Instant.parse(range[0]), Instant.parse(range[1]))));
    }

    @Test
    void trainsEachFoldBeforeItsTestWindowAndStitchesTheOutOfSampleParts() {
        List<Candle> candles = Candles.randomWalk(3, 60 * 24);
        FakeTrainer trainer = new FakeTrainer(Duration.ZERO);
        Backtester backtester = Backtester.builder().featureSet(FEATURES).randomRuns(10).build();
        WalkForward wf = new WalkForward(backtester, trainer, WalkForwardTest::open, work, "wf-test");
        WalkForward.Plan plan = new WalkForward.Plan(Duration.ofDays(20), Duration.ofDays(5), Duration.ofDays(5),
                Optional.empty());
        BacktestResult r = wf.run(Map.of(STREAM, candles), plan, Strategy.defaults(Interval.HOUR_1), Progress.NONE);

        // folds while a training window still ends before the data does: 60 days, 20-day windows every 5 days
        assertThat(trainer.jobs).hasSize(8);
        assertThat(r.folds()).hasSize(8);
        assertThat(r.inSample()).isFalse();
        Instant t0 = candles.get(0).openTime();
        for (int f = 0; f < r.folds().size(); f++) {
            FoldResult fold = r.folds().get(f);
            assertThat(fold.trainFrom()).isEqualTo(t0.plus(Duration.ofDays(5L * f)));
            assertThat(fold.trainTo()).isEqualTo(fold.trainFrom().plus(Duration.ofDays(20)));
            // purged: the model's window (10) plus its label horizon (1)
            assertThat(fold.testFrom()).isEqualTo(fold.trainTo().plus(Duration.ofHours(11)));
            List<Candle> trainedOn = trainer.jobs.get(f).candles().get(STREAM);
            assertThat(trainedOn.get(trainedOn.size() - 1).openTime()).isBefore(fold.trainTo());
            if (f > 0) {
                assertThat(fold.testFrom()).isEqualTo(r.folds().get(f - 1).testTo()); // contiguous
            }
        }
        assertThat(r.folds().get(7).testTo()).isEqualTo(Interval.HOUR_1.next(candles.get(candles.size() - 1).openTime()));
        assertThat(r.start()).isEqualTo(r.folds().get(0).testFrom());
        StreamPredictions sp = r.predictions().streams().get(STREAM);
        for (int i = 0; i < sp.size(); i++) {
            Instant t = sp.candle(i).openTime();
            boolean inTest = !t.isBefore(r.folds().get(0).testFrom());
            assertThat(sp.predicted(i)).as("candle %s", t).isEqualTo(inTest);
            if (inTest) {
                FoldResult owner = r.folds().get(sp.model(i));
                assertThat(t).isAfterOrEqualTo(owner.testFrom()).isBefore(owner.testTo());
            }
        }
        assertThat(r.run().trades()).isNotEmpty().allSatisfy(t ->
                assertThat(t.entryTime()).isAfterOrEqualTo(r.folds().get(0).testFrom()));
        assertThat(r.folds().stream().mapToInt(FoldResult::trades).sum()).isEqualTo(r.run().trades().size());
    }

    @Test
    void aFoldModelWhoseTrainingRangeReachesIntoItsTestWindowIsRefused() {
        List<Candle> candles = Candles.randomWalk(3, 40 * 24);
        WalkForward wf = new WalkForward(Backtester.builder().featureSet(FEATURES).build(),
                new FakeTrainer(Duration.ofDays(2)), WalkForwardTest::open, work, "wf-test");
        assertThatThrownBy(() -> wf.run(Map.of(STREAM, candles), new WalkForward.Plan(Duration.ofDays(20),
                Duration.ofDays(5), Duration.ofDays(5), Optional.of(0)), Strategy.defaults(Interval.HOUR_1),
                Progress.NONE))
                .isInstanceOf(BacktestException.class)
                .hasMessageContaining("overlaps the training range");
    }
}
