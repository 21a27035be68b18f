package dev.candlesignal.cli;

import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.train.LstmTrainer;
import dev.candlesignal.train.TrainingListener;
import dev.candlesignal.train.export.Architecture;
import dev.candlesignal.training.Trainer;

/**
 * Where {@code backtest --walk-forward} gets its {@link Trainer}: the one place that knows the trainer
 * implementation.
 */
final class Trainers {
    private Trainers() {
    }

    /** What a walk-forward fold is trained with, and who hears of its epochs and batches. */
    record Settings(FeatureSet featureSet, String architecture, int epochs, long seed, int threads,
            TrainingListener listener) {
    }

    /** Makes a trainer from settings. */
    @FunctionalInterface
    interface Factory {
        Trainer create(Settings settings);
    }

    /**
     * The Java LSTM trainer (signal-train) with the fold's feature set, architecture, epochs, seed and threads; the
     * rest (window 60, label: next candle up, validation share, purge, patience, learning rate) are its defaults.
     */
    static Trainer lstm(Settings settings) {
        try {
            return LstmTrainer.builder()
                    .featureSet(settings.featureSet())
                    .architecture(Architecture.byId(settings.architecture()))
                    .epochs(settings.epochs())
                    .seed(settings.seed())
                    .threads(settings.threads())
                    .listener(settings.listener())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new CandleSignalCli.UserError("--walk-forward: " + e.getMessage(), e);
        }
    }
}
