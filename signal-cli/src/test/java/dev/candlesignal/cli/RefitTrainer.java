package dev.candlesignal.cli;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.model.Scaler;
import dev.candlesignal.model.TrainingInfo;
import dev.candlesignal.testkit.BundleCopy;
import dev.candlesignal.training.Trainer;
import dev.candlesignal.training.TrainingException;
import dev.candlesignal.training.TrainingJob;
import dev.candlesignal.training.TrainingResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for the Java trainer in CLI tests: "trains" a challenger by copying the demo bundle's weights under a
 * scaler refitted on the job's candles (a real, loadable bundle whose predictions differ from the champion's),
 * deterministically. Thread-safe.
 */
final class RefitTrainer implements Trainer {
    private final FeatureSet featureSet;

    RefitTrainer(FeatureSet featureSet) {
        this.featureSet = featureSet;
    }

    /** The factory the CLI's retraining options take. */
    static RetrainOptions.TrainerFactory factory() {
        return (featureSet, champion, options, clock) -> new RefitTrainer(featureSet);
    }

    /** Runs the CLI with this trainer behind {@code --auto-retrain}. */
    static Cli.Result run(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine.IFactory factory = new picocli.CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == RetrainOptions.class) {
                    return cls.cast(new RetrainOptions(factory()));
                }
                return picocli.CommandLine.defaultFactory().create(cls);
            }
        };
        int status = CandleSignalCli.run(args, new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true),
                factory);
        return new Cli.Result(status, out.toString(), err.toString());
    }

    @Override
    public TrainingResult train(TrainingJob job, Path outDir) throws TrainingException {
        List<Candle> candles = new ArrayList<>();
        job.candles().values().forEach(candles::addAll);
        if (candles.size() < 200) {
            throw new TrainingException(TrainingException.Reason.TOO_FEW_CANDLES, "only " + candles.size()
                    + " candles");
        }
        double[][] rows = featureSet.compute(candles);
        Scaler scaler = Scaler.fit(rows, 0, rows.length, featureSet.columns(), Scaler.DEFAULT_EPSILON);
        Candle first = candles.get(0);
        Candle last = candles.get(candles.size() - 1);
        Interval interval = job.candles().keySet().iterator().next().interval();
        TrainingInfo training = new TrainingInfo(job.candles().keySet().stream().map(s -> s.symbol()).toList(),
                interval, first.openTime(), interval.next(last.openTime()));
        ModelBundle b = BundleCopy.of(DemoBundles.DEMO, outDir, m -> m.modelId(job.modelId()).version(job.version())
                .parentVersion(job.parentVersion()).createdAt(training.to()).scaler(scaler).training(training));
        ModelManifest manifest = b.manifest();
        return new TrainingResult(b.directory(), manifest, 1, 1, Map.of(), Duration.ofMillis(1));
    }
}
