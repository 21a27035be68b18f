package dev.candlesignal.cli;

import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.training.Trainer;
import java.time.Clock;

/** The Java trainer, configured from the retraining options: what {@code --auto-retrain} trains challengers with. */
final class JavaTrainer {
    private JavaTrainer() {
    }

    static Trainer create(FeatureSet featureSet, ModelManifest champion, RetrainOptions options, Clock clock) {
        throw new CandleSignalCli.UserError("--auto-retrain trains with the Java trainer (signal-train), which this "
                + "build does not include yet");
    }
}
