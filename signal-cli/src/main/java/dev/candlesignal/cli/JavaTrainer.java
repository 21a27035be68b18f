package dev.candlesignal.cli;

import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.train.LstmTrainer;
import dev.candlesignal.train.export.Architecture;
import dev.candlesignal.training.Trainer;
import java.time.Clock;

/**
 * The Java trainer, configured from the retraining options: what {@code --auto-retrain} trains challengers with.
 * Challengers get the champion's window and label (the engine refuses a swap to another window), the options'
 * architecture, epochs, patience, seed and threads, and bundles stamped with the loop's clock (candle time in a
 * simulation, so the same run writes the same manifests).
 */
final class JavaTrainer {
    private JavaTrainer() {
    }

    static Trainer create(FeatureSet featureSet, ModelManifest champion, RetrainOptions options, Clock clock) {
        try {
            return LstmTrainer.builder()
                    .featureSet(featureSet)
                    .architecture(Architecture.byId(options.architecture(featureSet)))
                    .sequenceLength(champion.sequenceLength())
                    .label(champion.label())
                    .epochs(options.epochs)
                    .patience(options.patience)
                    .seed(options.seed)
                    .threads(options.trainThreads)
                    .clock(clock)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new CandleSignalCli.UserError(e.getMessage(), e);
        }
    }
}
