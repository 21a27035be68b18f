package dev.candlesignal.cli;

import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.Cooldown;
import dev.candlesignal.engine.DriftPolicy;
import dev.candlesignal.engine.Imputation;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.policy.SignalPolicy;
import dev.candlesignal.engine.ThresholdPolicy;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    @Option(names = "--cooldown", defaultValue = "60", paramLabel = "MINUTES|Nc",
            description = "Suppress a same-direction signal whose candle opens less than MINUTES after the last one "
                    + "(default ${DEFAULT-VALUE}: the next hour on 1m..30m candles, nothing on 1h and longer), or, "
                    + "written Nc (e.g. 3c), on the next N candles.")
    String cooldown;

    @Option(names = "--on-drift", defaultValue = "suppress", paramLabel = "POLICY",
            description = "What to do with a prediction whose window lies far outside the model's training data "
                    + "(another symbol, other prices): suppress (default: print it as HOLD, emit nothing) or warn "
                    + "(emit it); either way the summary counts them.")
    String onDrift;

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
                .policy(policy()).cooldown(parseCooldown(cooldown)).imputation(imputation()).onDrift(driftPolicy())
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

    /** The policy the options describe. */
    ThresholdPolicy policy() {
        try {
            return ThresholdPolicy.builder().minConfidence(minConfidence).strongConfidence(strongConfidence)
                    .stopAtrMultiple(stopAtr).targetAtrMultiple(targetAtr).build();
        } catch (IllegalArgumentException e) {
            throw new CandleSignalCli.UserError("invalid policy option: " + e.getMessage(), e);
        }
    }

    /** A year of minutes: longer cooldowns mean "never signal twice", and larger numbers overflow time arithmetic. */
    static final long MAX_COOLDOWN_MINUTES = 366L * 24 * 60;

    /** The same bound in candles: a year of 1m candles. */
    static final long MAX_COOLDOWN_CANDLES = MAX_COOLDOWN_MINUTES;

    private static final Pattern COOLDOWN = Pattern.compile("([0-9]+)(c?)");

    /**
     * The one parser of {@code --cooldown}: {@code MINUTES} (a plain number, the flag's meaning since the first
     * release) or {@code Nc} for N candles, each bounded.
     *
     * @throws CandleSignalCli.UserError naming the value and the accepted forms
     */
    static Cooldown parseCooldown(String value) {
        Matcher m = COOLDOWN.matcher(value);
        if (m.matches()) {
            boolean candles = !m.group(2).isEmpty();
            long max = candles ? MAX_COOLDOWN_CANDLES : MAX_COOLDOWN_MINUTES;
            String digits = m.group(1);
            // more digits than the bound has cannot be in range (and may not fit in a long)
            if (digits.length() <= Long.toString(max).length() && Long.parseLong(digits) <= max) {
                long n = Long.parseLong(digits);
                return candles ? Cooldown.ofCandles((int) n) : Cooldown.of(Duration.ofMinutes(n));
            }
        }
        throw new CandleSignalCli.UserError("--cooldown must be 0.." + MAX_COOLDOWN_MINUTES + " minutes or 0c.."
                + MAX_COOLDOWN_CANDLES + "c candles (e.g. 60 or 3c) but was '" + value + "'");
    }

    DriftPolicy driftPolicy() {
        return switch (onDrift) {
            case "suppress" -> DriftPolicy.SUPPRESS;
            case "warn" -> DriftPolicy.WARN;
            default -> throw new CandleSignalCli.UserError("--on-drift must be suppress or warn, not '" + onDrift + "'");
        };
    }

    Imputation imputation() {
        return switch (imputation) {
            case "none" -> Imputation.NONE;
            case "seed" -> Imputation.FORWARD_FILL_THEN_ZERO;
            default -> throw new CandleSignalCli.UserError("--imputation must be none or seed, not '" + imputation + "'");
        };
    }
}
