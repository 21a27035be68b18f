package dev.candlesignal.cli;

import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.training.Trainer;

/**
 * Where {@code backtest --walk-forward} gets its {@link Trainer}: the one place that knows the trainer
 * implementation.
 */
final class Trainers {
    private Trainers() {
    }

    /** What a walk-forward fold is trained with. */
    record Settings(FeatureSet featureSet, String architecture, int epochs, long seed, int threads) {
    }

    /** Makes a trainer from settings. */
    @FunctionalInterface
    interface Factory {
        Trainer create(Settings settings);
    }

    /**
     * The Java LSTM trainer (signal-train). This build does not have it yet: it is being written (issue 15), and
     * the walk-forward backtest trains through the {@link Trainer} contract only, so it plugs in here.
     */
    static Trainer lstm(Settings settings) {
        throw new CandleSignalCli.UserError("--walk-forward needs the Java trainer (signal-train, issue 15), which this "
                + "build does not include yet");
    }
}
