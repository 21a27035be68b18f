package dev.candlesignal.cli;

import dev.candlesignal.Candle;
import dev.candlesignal.FeatureConfigurationException;
import dev.candlesignal.Interval;
import dev.candlesignal.ModelLoadException;
import dev.candlesignal.StreamKey;
import dev.candlesignal.Evaluation;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.engine.StreamStatus;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.indicators.FeatureSets;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.ModelManifest;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code candlesignal replay}: streams a kline CSV through features, model and policy, one line per closed candle
 * after warm-up on stdout (CSV or JSON lines), and a summary on stderr. With no arguments it replays the bundled
 * year of BTCUSDT 1h candles through the bundled demo model.
 *
 * <pre>
 * candlesignal replay
 * candlesignal replay --candles data/binance/BTCUSDT-1h.csv --model models/demo-btcusdt-1h --format json
 * candlesignal replay --auto-retrain --store /tmp/store --decisions decisions.csv
 * </pre>
 *
 * <p>With {@code --auto-retrain} the replay simulates the retraining loop over the candles ({@link AutoRetrainReplay}).
 */
@Command(name = "replay",
        description = "Replays a kline CSV through features -> model -> policy and prints one line per closed candle "
                + "after warm-up (summary on stderr). Without --candles/--model: the bundled BTCUSDT 1h year and demo model.",
        mixinStandardHelpOptions = true)
final class ReplayCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--candles", paramLabel = "FILE",
            description = "Kline CSV (header or Binance archive layout, .gz allowed). Default: the bundled BTCUSDT 1h year.")
    Path candles;

    @Option(names = "--symbol", paramLabel = "SYMBOL",
            description = "Symbol of the candles. Default: from the file name (BTCUSDT-1h.csv), else the model's.")
    Optional<String> symbol;

    @Option(names = "--interval", paramLabel = "INTERVAL",
            description = "Interval of the candles (1m, 1h, ...). Default: from the file name, else inferred from the "
                    + "data. The candles' times are checked against it.")
    Optional<String> interval;

    @Option(names = "--set", paramLabel = "ID",
            description = "Feature set id. Default: the one the model was trained on (a different one is refused).")
    Optional<String> set;

    @Option(names = "--format", defaultValue = "csv", paramLabel = "FORMAT",
            description = "csv (default) or json (JSON lines).")
    String format;

    @Option(names = "--parallelism", paramLabel = "N",
            description = "Threads for the batched predictions of the replay (default: the number of CPUs, at most 4). "
                    + "The output does not depend on it.")
    int parallelism = Math.min(4, Runtime.getRuntime().availableProcessors());

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model bundle directory (manifest.json + weights). Default: the bundled demo model.")
    Path model;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    PolicyOptions policyOptions;

    @Mixin
    JournalOptions journalOptions;

    @Mixin
    RetrainOptions retrainOptions;

    @Option(names = "--decisions", paramLabel = "FILE",
            description = "With --auto-retrain: write the retraining decisions as CSV (time, symbol, interval, trigger, "
                    + "versions, log losses, promoted, reason).")
    Path decisions;

    /** The interval stated by --interval or the file name, once known. */
    Optional<Interval> statedInterval;

    @Override
    public Integer call() throws ModelLoadException, InterruptedException {
        SignalFormat lineFormat = parseFormat(format);
        journalOptions.requireJournalForRuleFlags("replay");
        retrainOptions.check("replay");
        if (decisions != null && !retrainOptions.autoRetrain) {
            throw new CandleSignalCli.UserError("--decisions writes the decisions of --auto-retrain; add --auto-retrain "
                    + "--store DIR");
        }
        Path candleFile = candles;
        Path modelDir = model;
        if (candleFile == null || modelDir == null) {
            DemoData.Paths demo = DemoData.extract();
            candleFile = candleFile == null ? demo.candles() : candleFile;
            modelDir = modelDir == null ? demo.model() : modelDir;
        }
        if (!Files.isRegularFile(candleFile)) {
            throw new CandleSignalCli.UserError("cannot read candles: " + candleFile + " is not a file");
        }
        long started = System.nanoTime();
        statedInterval = StreamOptions.interval(interval, candleFile);
        List<Candle> history = StreamOptions.read(candleFile, statedInterval);
        if (retrainOptions.autoRetrain) {
            return new AutoRetrainReplay(this).run(lineFormat, candleFile, modelDir, history, started);
        }
        ModelBundle bundle = ModelOptions.bundle(modelDir);
        ModelOptions.Loaded loaded = modelOptions.load(bundle);
        try (Model model = loaded.model()) {
            ModelManifest manifest = bundle.manifest();
            FeatureSet featureSet = featureSet(set.orElse(model.featureSetId()), manifest);
            StreamKey stream = StreamOptions.resolve(symbol, statedInterval, candleFile, history, manifest);
            ReplaySummary summary = new ReplaySummary(stream, manifest, loaded.backend());
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (SignalEngine engine = policyOptions.engine(featureSet, model).parallelism(checkedParallelism()).build()) {
                engine.checkStream(stream);
                policyOptions.noteIntervalMismatch(manifest, stream, err);
                // with --journal: opened once the stream is known to be usable; closed (and summarised) after the run
                try (JournalSession journal = JournalSession.open(journalOptions, engine, err)) {
                    if (lineFormat.header() != null) {
                        out.println(lineFormat.header());
                    }
                    for (Evaluation e : engine.replay(stream, history)) {
                        summary.add(e);
                        if (e.signal().isPresent()) {
                            out.println(lineFormat.line(e));
                        }
                    }
                    summary.foreignSymbolPredictions(
                            engine.status(stream).map(StreamStatus::foreignSymbolPredictions).orElse(0L));
                    summary.outOfDomain(engine.status(stream).map(StreamStatus::outOfDomain).orElse(0L),
                            engine.domainGuard(), engine.driftPolicy());
                    out.flush();
                    summary.print(err, history, System.nanoTime() - started);
                }
            }
            out.flush();
        }
        return 0;
    }

    int checkedParallelism() {
        if (parallelism < 1 || parallelism > 64) {
            throw new CandleSignalCli.UserError("--parallelism must be in [1, 64] but was " + parallelism);
        }
        return parallelism;
    }

    static SignalFormat parseFormat(String format) {
        return switch (format) {
            case "csv" -> SignalFormat.CSV;
            case "json" -> SignalFormat.JSON;
            default -> throw new CandleSignalCli.UserError("--format must be csv or json, not '" + format + "'");
        };
    }

    static FeatureSet featureSet(String id, ModelManifest manifest) {
        try {
            return FeatureSets.byId(id);
        } catch (FeatureConfigurationException e) {
            throw new CandleSignalCli.UserError("model " + manifest.modelId() + " v" + manifest.version()
                    + " uses feature set '" + id + "', which the CLI cannot compute: " + e.getMessage(), e);
        }
    }
}
