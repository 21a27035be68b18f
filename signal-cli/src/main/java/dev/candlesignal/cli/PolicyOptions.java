package dev.candlesignal.cli;

import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.Imputation;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.policy.SignalPolicy;
import dev.candlesignal.engine.ThresholdPolicy;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Policy and engine options shared by {@code replay} and {@code live}. */
final class PolicyOptions {

    @Option(names = "--min-confidence", defaultValue = "0.55", paramLabel = "C",
            description = "Confidence max(p, 1-p) a BUY or SELL needs (default ${DEFAULT-VALUE}).")
    double minConfidence;

    @Option(names = "--strong-confidence", defaultValue = "0.65", paramLabel = "C",
            description = "Confidence for STRONG (default ${DEFAULT-VALUE}).")
    double strongConfidence;

    @Option(names = "--stop-atr", defaultValue = "2", paramLabel = "K",
            description = "Stop loss distance in ATR14 (default ${DEFAULT-VALUE}).")
    double stopAtr;

    @Option(names = "--target-atr", defaultValue = "4", paramLabel = "K",
            description = "Take profit distance in ATR14 (default ${DEFAULT-VALUE}).")
    double targetAtr;

    @Option(names = "--cooldown", defaultValue = "60", paramLabel = "MINUTES",
            description = "Suppress a same-direction signal within this many minutes of candle time (default ${DEFAULT-VALUE}).")
    long cooldownMinutes;

    @Option(names = "--imputation", defaultValue = "none", paramLabel = "MODE",
            description = "none (default: no prediction until every window value is defined) or seed (the Python bot's "
                    + "forward-fill-then-zero, for models trained by it).")
    String imputation;

    @Option(names = "--allow-interval-mismatch",
            description = "Serve candles of another interval than the model was trained on (refused by default).")
    boolean allowIntervalMismatch;

    /** An engine builder for {@code featureSet} and {@code model} with this policy, cooldown and imputation. */
    SignalEngine.Builder engine(FeatureSet featureSet, Model model) {
        return SignalEngine.builder().featureSet(featureSet).model(model)
                .policy(policy()).cooldown(cooldown()).imputation(imputation())
                .allowIntervalMismatch(allowIntervalMismatch);
    }

    /** One stderr line when {@code --allow-interval-mismatch} lets a model serve another interval; else nothing. */
    void noteIntervalMismatch(ModelManifest manifest, StreamKey stream, PrintWriter err) {
        Interval trained = manifest.training().interval();
        if (trained != stream.interval()) {
            err.println("candlesignal: note: model " + manifest.modelId() + " was trained on " + trained
                    + " candles, this stream is " + stream.interval() + " (--allow-interval-mismatch)");
        }
    }

    private ThresholdPolicy policy() {
        try {
            return ThresholdPolicy.builder().minConfidence(minConfidence).strongConfidence(strongConfidence)
                    .stopAtrMultiple(stopAtr).targetAtrMultiple(targetAtr).build();
        } catch (IllegalArgumentException e) {
            throw new CandleSignalCli.UserError("invalid policy option: " + e.getMessage(), e);
        }
    }

    /** A year of minutes: longer cooldowns mean "never signal twice", and larger numbers overflow time arithmetic. */
    static final long MAX_COOLDOWN_MINUTES = 366L * 24 * 60;

    private Duration cooldown() {
        if (cooldownMinutes < 0 || cooldownMinutes > MAX_COOLDOWN_MINUTES) {
            throw new CandleSignalCli.UserError("--cooldown must be 0.." + MAX_COOLDOWN_MINUTES + " minutes but was "
                    + cooldownMinutes);
        }
        return Duration.ofMinutes(cooldownMinutes);
    }

    private Imputation imputation() {
        return switch (imputation) {
            case "none" -> Imputation.NONE;
            case "seed" -> Imputation.FORWARD_FILL_THEN_ZERO;
            default -> throw new CandleSignalCli.UserError("--imputation must be none or seed, not '" + imputation + "'");
        };
    }
}
