package dev.candlesignal.cli;

import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.retrain.AgeLimit;
import dev.candlesignal.training.Trainer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The automatic retraining options shared by {@code replay} and {@code live}: the model store, the loop's history,
 * held-out window and margin, the trainer's settings and the model-age limit. The trainer comes from a
 * {@link TrainerFactory}: the app's is the Java trainer; tests give a fake one through picocli's factory.
 */
final class RetrainOptions {
    private static final Pattern SPAN = Pattern.compile("(\\d{1,6})([hdw]?)");

    /** Makes the trainer the loop trains challengers with. */
    interface TrainerFactory {
        /**
         * A trainer for challengers of {@code champion} (its feature set, window and label), configured by
         * {@code options}, stamping bundles with {@code clock}'s time.
         */
        Trainer create(FeatureSet featureSet, ModelManifest champion, RetrainOptions options, Clock clock);
    }

    private final TrainerFactory trainers;

    /** The app's options: challengers are trained by the Java trainer. */
    RetrainOptions() {
        this(JavaTrainer::create);
    }

    /** Options whose trainer comes from {@code trainers} (for tests). */
    RetrainOptions(TrainerFactory trainers) {
        this.trainers = trainers;
    }

    @Option(names = "--auto-retrain",
            description = "Retrain the model automatically when the journal's results call for it (the retraining "
                    + "policy), evaluate the challenger against the serving model on held-out candles and promote it "
                    + "only if it is better; needs --store.")
    boolean autoRetrain;

    @Option(names = "--store", paramLabel = "DIR",
            description = "The model store: versions of the model, the current pointer and every retraining decision "
                    + "(created if missing).")
    Path store;

    @Option(names = "--history", defaultValue = "180d", paramLabel = "SPAN",
            description = "History a retraining fetches, e.g. 180d, 26w (default ${DEFAULT-VALUE}).")
    String history;

    @Option(names = "--held-out", defaultValue = "30d", paramLabel = "SPAN",
            description = "The end of that history held out to compare the models on (default ${DEFAULT-VALUE}).")
    String heldOut;

    @Option(names = "--margin", defaultValue = "0.002", paramLabel = "X",
            description = "How much lower the challenger's log loss must be than the champion's (default "
                    + "${DEFAULT-VALUE}).")
    double margin;

    @Option(names = "--arch", paramLabel = "ARCH",
            description = "Network of the challengers: lstm14 or lstm28. Default: lstm28 for a 28-feature set, else "
                    + "lstm14.")
    Optional<String> arch;

    @Option(names = "--epochs", defaultValue = "100", paramLabel = "N",
            description = "Epoch limit of a training (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--patience", defaultValue = "10", paramLabel = "N",
            description = "Early stopping: epochs without a better validation loss (default ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S",
            description = "Seed of the trainings (default ${DEFAULT-VALUE}): the same inputs and seed give the same "
                    + "decisions.")
    long seed;

    @Option(names = "--train-threads", defaultValue = "1", paramLabel = "N",
            description = "Threads a training may use (default ${DEFAULT-VALUE}, so that serving keeps its latency).")
    int trainThreads;

    @Option(names = "--max-model-age", paramLabel = "SPAN",
            description = "Age limit of the serving model, counted from the end of its training data, e.g. 60d.")
    String maxModelAge;

    @Option(names = "--on-stale", defaultValue = "warn", paramLabel = "ACTION",
            description = "Past --max-model-age: warn (default: report the stream stale) or stop (also stop its "
                    + "signals until a newer model serves).")
    String onStale;

    /** Checks the combination of flags for {@code command}. */
    void check(String command) {
        if (!autoRetrain) {
            if (store != null || maxModelAge != null) {
                throw new CandleSignalCli.UserError("--store and --max-model-age belong to automatic retraining; add "
                        + "--auto-retrain to " + command);
            }
            return;
        }
        if (store == null) {
            throw new CandleSignalCli.UserError(command + " --auto-retrain needs --store DIR (the model store)");
        }
        if (historySpan().compareTo(heldOutSpan()) <= 0) {
            throw new CandleSignalCli.UserError("--held-out " + heldOut + " must be shorter than --history " + history);
        }
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new CandleSignalCli.UserError("--margin must be a finite number >= 0 but was " + margin);
        }
        if (epochs < 1 || patience < 1) {
            throw new CandleSignalCli.UserError("--epochs and --patience must be >= 1 but were " + epochs + " and "
                    + patience);
        }
        if (trainThreads < 1 || trainThreads > ModelOptions.MAX_THREADS) {
            throw new CandleSignalCli.UserError("--train-threads must be 1.." + ModelOptions.MAX_THREADS + " but was "
                    + trainThreads);
        }
        ageLimit();
        arch.ifPresent(a -> architectureName(a));
    }

    /** The trainer for challengers of {@code champion}. */
    Trainer trainer(FeatureSet featureSet, ModelManifest champion, Clock clock) {
        return trainers.create(featureSet, champion, this, clock);
    }

    Duration historySpan() {
        return span("--history", history);
    }

    Duration heldOutSpan() {
        return span("--held-out", heldOut);
    }

    /** The age limit, if one was given. */
    Optional<AgeLimit> ageLimit() {
        if (maxModelAge == null) {
            if (!"warn".equals(onStale)) {
                throw new CandleSignalCli.UserError("--on-stale needs --max-model-age");
            }
            return Optional.empty();
        }
        AgeLimit.Action action = switch (onStale) {
            case "warn" -> AgeLimit.Action.STALE;
            case "stop" -> AgeLimit.Action.STOP;
            default -> throw new CandleSignalCli.UserError("--on-stale must be warn or stop, not '" + onStale + "'");
        };
        return Optional.of(new AgeLimit(span("--max-model-age", maxModelAge), action));
    }

    /** {@code lstm14} or {@code lstm28}: given, or by the feature set's width. */
    String architecture(FeatureSet featureSet) {
        return arch.map(RetrainOptions::architectureName).orElse(featureSet.featureCount() == 28 ? "lstm28" : "lstm14");
    }

    private static String architectureName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (!n.equals("lstm14") && !n.equals("lstm28")) {
            throw new CandleSignalCli.UserError("--arch must be lstm14 or lstm28, not '" + name + "'");
        }
        return n;
    }

    /** A span such as {@code 180d}, {@code 26w} or {@code 72h} (a bare number is days). */
    static Duration span(String flag, String text) {
        Matcher m = SPAN.matcher(text.strip());
        if (!m.matches()) {
            throw new CandleSignalCli.UserError(flag + " must be a number with an optional unit h, d or w (e.g. 180d), "
                    + "not '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "h" -> Duration.ofHours(n);
            case "w" -> Duration.ofDays(7 * n);
            default -> Duration.ofDays(n);
        };
        if (d.isZero()) {
            throw new CandleSignalCli.UserError(flag + " must be > 0, not '" + text + "'");
        }
        return d;
    }
}
