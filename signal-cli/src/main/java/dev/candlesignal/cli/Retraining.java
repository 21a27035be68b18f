package dev.candlesignal.cli;

import dev.candlesignal.CandleSource;
import dev.candlesignal.ModelLoadException;
import dev.candlesignal.StreamKey;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.retrain.ModelOpener;
import dev.candlesignal.retrain.RetrainListener;
import dev.candlesignal.retrain.RetrainLoop;
import dev.candlesignal.retrain.Trigger;
import dev.candlesignal.store.ModelStore;
import dev.candlesignal.store.StoredVersion;
import dev.candlesignal.training.RetrainDecision;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What {@code --auto-retrain} sets up for replay and live: the store (with the served model in it), the retraining
 * loop, and a log of its decisions that prints one line per event on stderr.
 */
final class Retraining {
    private Retraining() {
    }

    /** Opens the store of {@code --store}, creating it if the directory is missing or empty. */
    static ModelStore store(RetrainOptions options, Clock clock) {
        return ModelStore.builder(options.store).clock(clock).create(true).open();
    }

    /**
     * The bundle to serve from the store: its current version of the model in {@code modelDir}, after importing that
     * bundle if the store has none yet. With {@code fresh}, a store that already holds the model is refused (a
     * simulation starts from nothing).
     */
    static ModelBundle serving(ModelStore store, Path modelDir, boolean fresh, PrintWriter err)
            throws ModelLoadException {
        ModelManifest given = ModelOptions.bundle(modelDir).manifest();
        String modelId = given.modelId();
        List<StoredVersion> versions = store.versions(modelId);
        if (fresh && !versions.isEmpty()) {
            throw new CandleSignalCli.UserError("replay --auto-retrain simulates from a fresh store, but "
                    + store.directory() + " already holds " + modelId + " (versions " + String.join(", ",
                            versions.stream().map(StoredVersion::version).toList()) + "); give --store a new directory");
        }
        if (store.current(modelId).isEmpty()) {
            if (store.version(modelId, given.version()).isEmpty()) {
                store.save(modelDir);
            }
            store.promote(modelId, given.version(), "imported from " + modelDir);
            err.println("candlesignal: model store " + store.directory() + ": " + modelId + " v" + given.version()
                    + " imported and serving");
        } else {
            StoredVersion current = store.current(modelId).orElseThrow();
            err.println("candlesignal: model store " + store.directory() + ": serving " + modelId + " v"
                    + current.version() + (current.version().equals(given.version()) ? ""
                            : " (the store's current version, not " + modelDir + "'s v" + given.version() + ")"));
        }
        return store.openCurrent(modelId);
    }

    /** The loop of {@code options} on {@code store}, training challengers of {@code champion} with the options' trainer. */
    static RetrainLoop loop(RetrainOptions options, ModelStore store, FeatureSet featureSet, ModelManifest champion,
            CandleSource source, ModelOpener opener, Clock clock, Log log) {
        RetrainLoop.Builder b = RetrainLoop.builder().store(store)
                .trainer(options.trainer(featureSet, champion, clock))
                .source(source).opener(opener).clock(clock).history(options.historySpan())
                .heldOut(options.heldOutSpan()).margin(options.margin).listener(log);
        options.ageLimit().ifPresent(b::ageLimit);
        return b.build();
    }

    /** Keeps the decisions and prints a line per trigger and decision. Thread-safe. */
    static final class Log implements RetrainListener {
        private final PrintWriter err;
        final List<RetrainDecision> decisions = new CopyOnWriteArrayList<>();

        Log(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void onTrigger(StreamKey stream, String modelId, Trigger trigger) {
            err.println("candlesignal: " + stream + ": retraining " + modelId + " (" + trigger.name() + ": "
                    + trigger.reason() + ")");
            err.flush();
        }

        @Override
        public void onPromoted(RetrainDecision decision) {
            decided(decision);
        }

        @Override
        public void onRejected(RetrainDecision decision) {
            decided(decision);
        }

        @Override
        public void onFailed(RetrainDecision decision) {
            decided(decision);
        }

        private void decided(RetrainDecision d) {
            decisions.add(d);
            err.println("candlesignal: " + d.time() + " " + d.stream() + ": " + d.modelId() + " "
                    + d.challengerVersion().map(v -> "v" + v + " ").orElse("") + d.outcome());
            err.flush();
        }
    }
}
