package dev.candlesignal.cli;

import dev.candlesignal.Candle;
import dev.candlesignal.Evaluation;
import dev.candlesignal.ModelLoadException;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.engine.StreamStatus;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.replay.ReplaySource;
import dev.candlesignal.retrain.HistoryUpToNow;
import dev.candlesignal.retrain.RetrainLoop;
import dev.candlesignal.retrain.SimulationClock;
import dev.candlesignal.store.ModelStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code replay --auto-retrain}: the whole retraining loop over history, in candle time. A {@link SimulationClock}
 * is set to each candle's close before the candle is fed; the loop's candle source serves only candles closed by
 * then ({@link HistoryUpToNow}); each retraining finishes before the next candle (so the same inputs and seed give
 * the same decisions, byte for byte). The store starts fresh with the given model.
 */
final class AutoRetrainReplay {
    /** A retraining of a year of candles runs for minutes; this is only a guard against a hung trainer. */
    private static final Duration TRAINING_LIMIT = Duration.ofHours(6);

    private final ReplayCommand command;

    AutoRetrainReplay(ReplayCommand command) {
        this.command = command;
    }

    int run(SignalFormat lineFormat, Path candleFile, Path modelDir, List<Candle> history, long started)
            throws ModelLoadException, InterruptedException {
        if (history.isEmpty()) {
            throw new CandleSignalCli.UserError("no candles in " + candleFile);
        }
        PrintWriter out = command.spec.commandLine().getOut();
        PrintWriter err = command.spec.commandLine().getErr();
        SimulationClock clock = new SimulationClock(history.get(0).openTime());
        ModelStore store = Retraining.store(command.retrainOptions, clock);
        ModelBundle bundle = Retraining.serving(store, modelDir, true, err);
        ModelManifest manifest = bundle.manifest();
        ModelOptions.Loaded loaded = command.modelOptions.load(bundle);
        try (Model initial = loaded.model()) {
            FeatureSet featureSet = ReplayCommand.featureSet(command.set.orElse(initial.featureSetId()), manifest);
            StreamKey stream = StreamOptions.resolve(command.symbol, command.statedInterval, candleFile, history,
                    manifest);
            ReplaySummary summary = new ReplaySummary(stream, manifest, loaded.backend());
            Retraining.Log log = new Retraining.Log(err);
            SignalEngine engine = command.policyOptions.engine(featureSet, initial)
                    .parallelism(command.checkedParallelism()).build();
            try (engine) {
                engine.checkStream(stream);
                command.policyOptions.noteIntervalMismatch(manifest, stream, err);
                try (JournalSession journal = JournalSession.openOrInMemory(command.journalOptions, engine, err);
                        RetrainLoop loop = Retraining.loop(command.retrainOptions, store, featureSet, manifest,
                                new HistoryUpToNow(ReplaySource.of(stream, history), clock),
                                bundleToLoad -> command.modelOptions.load(bundleToLoad).model(), clock, log)) {
                    loop.attach(engine, journal.tracker(), List.of(stream));
                    if (lineFormat.header() != null) {
                        out.println(lineFormat.header());
                    }
                    long withheld = 0;
                    for (Candle candle : history) {
                        clock.set(stream.interval().next(candle.openTime()));
                        Evaluation e = engine.onCandle(stream, candle);
                        summary.add(e);
                        if (e.signal().isPresent()) {
                            if (loop.stopped(stream)) {
                                withheld++;
                            } else {
                                out.println(lineFormat.line(e));
                            }
                        }
                        if (!loop.awaitIdle(TRAINING_LIMIT)) {
                            throw new CandleSignalCli.UserError("a retraining did not finish within "
                                    + TRAINING_LIMIT.toHours() + " h");
                        }
                    }
                    summary.foreignSymbolPredictions(
                            engine.status(stream).map(StreamStatus::foreignSymbolPredictions).orElse(0L));
                    summary.outOfDomain(engine.status(stream).map(StreamStatus::outOfDomain).orElse(0L),
                            engine.domainGuard(), engine.driftPolicy());
                    out.flush();
                    summary.print(err, history, System.nanoTime() - started);
                    if (withheld > 0) {
                        err.println("  " + withheld + " lines withheld: the serving model was older than "
                                + "--max-model-age (--on-stale stop)");
                    }
                    err.println("  auto-retrain: " + DecisionTable.summary(log.decisions) + "; " + manifest.modelId()
                            + " v" + engine.model().version() + " serves at the end (store " + store.directory()
                            + ")");
                    DecisionTable.print(err, log.decisions);
                    if (command.decisions != null) {
                        DecisionTable.write(command.decisions, log.decisions);
                    }
                }
            } finally {
                Model last = engine.model();
                if (last != initial) {
                    last.close(); // a challenger the loop promoted: it is ours to close now
                }
            }
        }
        out.flush();
        err.flush();
        return 0;
    }
}
