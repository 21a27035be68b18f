package dev.candlesignal.cli;

import dev.candlesignal.Candle;
import dev.candlesignal.FeatureConfigurationException;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.indicators.FeatureSets;
import dev.candlesignal.model.LabelSpec;
import dev.candlesignal.replay.KlineCsv;
import dev.candlesignal.train.LstmTrainer;
import dev.candlesignal.train.TrainingDevice;
import dev.candlesignal.train.TrainingListener;
import dev.candlesignal.train.TrainingProgress;
import dev.candlesignal.train.export.Architecture;
import dev.candlesignal.training.TrainingException;
import dev.candlesignal.training.TrainingJob;
import dev.candlesignal.training.TrainingResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code candlesignal train}: trains an LSTM in Java (DJL's PyTorch engine) on kline CSVs and writes a model bundle
 * that {@code replay --model DIR} serves on either backend. Progress on standard error (a bar on a terminal, a line
 * per epoch otherwise), a summary table at the end (validation metrics beside the baselines, best epoch, wall time),
 * and the bundle's directory on standard output.
 *
 * <pre>
 * candlesignal train --candles data/binance/BTCUSDT-1h.csv --set standard14/takerFlow --arch lstm14 \
 *     --from 2019-07-01 --to 2020-01-01 --out models/btc-lstm14
 * </pre>
 *
 * <p>Ctrl-C (or any other shutdown of the JVM) interrupts the training, waits until it has stopped, and leaves nothing
 * at {@code --out}: the bundle is written atomically at the very end (see {@code LstmTrainer}).
 */
@Command(name = "train",
        description = "Trains an LSTM (lstm14 or lstm28) on kline CSVs with the Java trainer and writes a model bundle "
                + "that replay --model serves on both backends. Windows never span a gap in the candles.",
        mixinStandardHelpOptions = true)
final class TrainCommand implements Callable<Integer> {
    private static final Pattern FILE_NAME = Pattern.compile("([A-Za-z0-9]+)-(\\d+[smhdwM])\\b.*");
    /** How long a shutdown waits for the training to stop and clean up. */
    private static final long STOP_WAIT_SECONDS = 60;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--candles", required = true, arity = "1..*", paramLabel = "FILE",
            description = "Kline CSV(s), one stream each (header or Binance archive layout, .gz allowed); all of one "
                    + "interval.")
    List<Path> candles;

    @Option(names = "--symbol", paramLabel = "SYMBOL",
            description = "Symbol of each --candles file, in the same order (repeat it). Default: from the file name "
                    + "(BTCUSDT-1h.csv).")
    List<String> symbols = new ArrayList<>();

    @Option(names = "--interval", paramLabel = "INTERVAL",
            description = "Interval of the candles (1m, 1h, ...). Default: from the file name, else inferred from the "
                    + "data. The candles' times are checked against it.")
    Optional<String> interval;

    @Option(names = "--set", required = true, paramLabel = "ID",
            description = "Feature set id: standard28, standard14/takerFlow (the width follows the set).")
    String set;

    @Option(names = "--arch", required = true, paramLabel = "ARCH", description = "lstm14 or lstm28.")
    String arch;

    @Option(names = "--from", paramLabel = "TIME",
            description = "Use candles opened at or after this time: an ISO-8601 instant (2024-01-01T00:00:00Z) or "
                    + "date (2024-01-01, midnight UTC).")
    Optional<String> from;

    @Option(names = "--to", paramLabel = "TIME",
            description = "Use candles opened before this time (labels never look past it); same forms as --from.")
    Optional<String> to;

    @Option(names = "--epochs", defaultValue = "100", paramLabel = "N", description = "Epoch limit (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--patience", defaultValue = "10", paramLabel = "N",
            description = "Early stopping: epochs without a lower validation loss (default ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S",
            description = "Seed of everything random (default ${DEFAULT-VALUE}); the same seed gives the same bundle.")
    long seed;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEVICE",
            description = "cpu (default) or gpu (needs a CUDA libtorch, see docs/djl.md).")
    String device;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "libtorch intra-op threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N", description = "Mini-batch (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "0.001", paramLabel = "LR",
            description = "Adam's initial learning rate (default ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--sequence-length", defaultValue = "60", paramLabel = "N",
            description = "Candles per window (default ${DEFAULT-VALUE}).")
    int sequenceLength;

    @Option(names = "--horizon", defaultValue = "1", paramLabel = "N",
            description = "Label: close[t + N] > close[t] x (1 + threshold) (default ${DEFAULT-VALUE}).")
    int horizon;

    @Option(names = "--threshold", defaultValue = "0", paramLabel = "X", description = "Label threshold (default ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--validation", defaultValue = "0.2", paramLabel = "F",
            description = "Share of the windows (the latest) for validation (default ${DEFAULT-VALUE}).")
    double validation;

    @Option(names = "--model-id", paramLabel = "ID",
            description = "The bundle's model id. Default: <symbols>-<interval>-<set>, e.g. btcusdt-1h-standard28.")
    Optional<String> modelId;

    @Option(names = "--model-version", defaultValue = "1", paramLabel = "V",
            description = "The bundle's version (default ${DEFAULT-VALUE}).")
    String version;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Bundle directory to create; it must not exist. Written only when the training is complete.")
    Path out;

    @Option(names = "--quiet", description = "No progress on standard error (the summary is still printed).")
    boolean quiet;

    @Override
    public Integer call() {
        FeatureSet featureSet = featureSet();
        Architecture architecture = architecture();
        LstmTrainer.Builder builder = trainerBuilder(featureSet, architecture);
        if (Files.exists(out)) {
            throw new CandleSignalCli.UserError("--out " + out + " exists; a bundle is written to a new directory");
        }
        Map<StreamKey, List<Candle>> streams = readStreams();
        PrintWriter err = spec.commandLine().getErr();
        String label = String.join("+", streams.keySet().stream().map(k -> k.symbol()).toList()) + " "
                + streams.keySet().iterator().next().interval() + " " + architecture.id();
        Progress progress = new Progress(err, label, quiet ? Mode.QUIET
                : ProgressBar.interactive() ? Mode.BAR : Mode.LINES);
        LstmTrainer trainer = builder.listener(progress).build();
        TrainingJob job = new TrainingJob(modelId.orElseGet(() -> defaultModelId(streams.keySet(), featureSet)),
                version, null, streams);
        err.println("candlesignal: training " + architecture.id() + " on " + featureSet.id() + " ("
                + featureSet.featureCount() + " features) over " + describe(streams) + ", up to " + epochs
                + " epochs, seed " + seed + ", " + device + ", " + threads + " thread" + (threads == 1 ? "" : "s"));
        err.flush();
        TrainingResult result = trainStoppable(trainer, job, err, progress);
        new TrainSummary(result, architecture, featureSet).print(err);
        spec.commandLine().getOut().println(result.bundleDir());
        spec.commandLine().getOut().flush();
        return 0;
    }

    /**
     * Trains on this thread; a shutdown of the JVM (Ctrl-C) interrupts it and waits until it has stopped, so that the
     * trainer can remove what it started to write.
     */
    private TrainingResult trainStoppable(LstmTrainer trainer, TrainingJob job, PrintWriter err, Progress progress) {
        try (StopOnShutdown stop = StopOnShutdown.install(Thread.currentThread(), STOP_WAIT_SECONDS)) {
            try {
                return trainer.train(job, out);
            } catch (TrainingException e) {
                progress.done();
                if (e.reason() == TrainingException.Reason.CANCELLED) {
                    err.println("candlesignal: training stopped; nothing was written to " + out);
                    err.flush();
                }
                throw new CandleSignalCli.UserError(e.getMessage(), e);
            } finally {
                progress.done();
                stop.finished();
            }
        }
    }

    private LstmTrainer.Builder trainerBuilder(FeatureSet featureSet, Architecture architecture) {
        TrainingDevice trainingDevice;
        try {
            trainingDevice = TrainingDevice.byId(device);
        } catch (IllegalArgumentException e) {
            throw new CandleSignalCli.UserError("--device: " + e.getMessage(), e);
        }
        try {
            return LstmTrainer.builder()
                    .featureSet(featureSet)
                    .architecture(architecture)
                    .label(new LabelSpec(horizon, threshold))
                    .sequenceLength(sequenceLength)
                    .validationFraction(validation)
                    .epochs(epochs)
                    .patience(patience)
                    .batchSize(batchSize)
                    .adam(learningRate)
                    .seed(seed)
                    .device(trainingDevice)
                    .threads(threads);
        } catch (IllegalArgumentException e) {
            throw new CandleSignalCli.UserError(e.getMessage(), e);
        }
    }

    private FeatureSet featureSet() {
        try {
            return FeatureSets.byId(set);
        } catch (FeatureConfigurationException e) {
            throw new CandleSignalCli.UserError("--set: " + e.getMessage(), e);
        }
    }

    private Architecture architecture() {
        try {
            return Architecture.byId(arch);
        } catch (IllegalArgumentException e) {
            throw new CandleSignalCli.UserError("--arch: " + e.getMessage(), e);
        }
    }

    /** Each file's candles in {@code [--from, --to)}, by stream. */
    private Map<StreamKey, List<Candle>> readStreams() {
        if (!symbols.isEmpty() && symbols.size() != candles.size()) {
            throw new CandleSignalCli.UserError("--symbol is given " + symbols.size() + " times for " + candles.size()
                    + " --candles files; give one per file, in the same order, or none");
        }
        Optional<Instant> start = from.map(t -> DownloadCommand.time("--from", t));
        Optional<Instant> end = to.map(t -> DownloadCommand.time("--to", t));
        if (start.isPresent() && end.isPresent() && !start.get().isBefore(end.get())) {
            throw new CandleSignalCli.UserError("--from " + start.get() + " must be before --to " + end.get());
        }
        Map<StreamKey, List<Candle>> streams = new LinkedHashMap<>();
        for (int i = 0; i < candles.size(); i++) {
            Path file = candles.get(i);
            if (!Files.isRegularFile(file)) {
                throw new CandleSignalCli.UserError("cannot read candles: " + file + " is not a file");
            }
            Optional<Interval> stated = StreamOptions.interval(interval, file);
            List<Candle> all = StreamOptions.read(file, stated);
            Interval iv = stated.or(() -> KlineCsv.inferInterval(all)).orElseThrow(() -> new CandleSignalCli.UserError(
                    "cannot tell the interval of " + file + ": name it like BTCUSDT-1h.csv or pass --interval"));
            StreamKey key;
            try {
                key = StreamKey.of(symbol(i, file), iv);
            } catch (IllegalArgumentException e) {
                throw new CandleSignalCli.UserError(e.getMessage(), e);
            }
            List<Candle> range = all.stream()
                    .filter(c -> start.map(s -> !c.openTime().isBefore(s)).orElse(true))
                    .filter(c -> end.map(e -> c.openTime().isBefore(e)).orElse(true))
                    .toList();
            if (range.isEmpty()) {
                throw new CandleSignalCli.UserError(file + " has no candle opened in the range " + start.map(
                        Instant::toString).orElse("(start)") + " .. " + end.map(Instant::toString).orElse("(end)")
                        + " (its candles open from " + all.get(0).openTime() + " to "
                        + all.get(all.size() - 1).openTime() + ")");
            }
            if (streams.put(key, range) != null) {
                throw new CandleSignalCli.UserError("two --candles files are both " + key + "; give each stream once");
            }
        }
        return streams;
    }

    private String symbol(int i, Path file) {
        if (!symbols.isEmpty()) {
            return symbols.get(i).toUpperCase(Locale.ROOT);
        }
        Matcher m = FILE_NAME.matcher(file.getFileName().toString());
        if (m.matches()) {
            return m.group(1).toUpperCase(Locale.ROOT);
        }
        throw new CandleSignalCli.UserError("cannot tell the symbol of " + file + ": name it like BTCUSDT-1h.csv or "
                + "pass --symbol");
    }

    static String defaultModelId(Iterable<StreamKey> streams, FeatureSet featureSet) {
        StringBuilder id = new StringBuilder();
        Interval iv = null;
        for (StreamKey k : streams) {
            id.append(id.isEmpty() ? "" : "-").append(k.symbol().toLowerCase(Locale.ROOT));
            iv = k.interval();
        }
        return id + "-" + iv.wireName() + "-" + featureSet.id().replaceAll("[^A-Za-z0-9._-]", "-");
    }

    private static String describe(Map<StreamKey, List<Candle>> streams) {
        StringBuilder s = new StringBuilder();
        streams.forEach((k, v) -> s.append(s.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT,
                "%,d candles of %s %s (%s .. %s)", v.size(), k.symbol(), k.interval(), v.get(0).openTime(),
                v.get(v.size() - 1).openTime())));
        return s.toString();
    }

    /** How progress is shown. */
    enum Mode { BAR, LINES, QUIET }

    /** The training's progress on standard error: a bar redrawn at most 10 times a second, or a line per epoch. */
    static final class Progress implements TrainingListener {
        private static final long REDRAW_NANOS = 100_000_000L;
        private final PrintWriter err;
        private final Mode mode;
        private final ProgressBar bar;
        private long lastDraw = Long.MIN_VALUE;

        Progress(PrintWriter err, String label, Mode mode) {
            this.err = err;
            this.mode = mode;
            this.bar = mode == Mode.BAR ? new ProgressBar(err, label) : ProgressBar.silent();
        }

        @Override
        public void onBatch(TrainingProgress p) {
            long now = System.nanoTime();
            if (mode == Mode.BAR && (lastDraw == Long.MIN_VALUE || now - lastDraw >= REDRAW_NANOS)) {
                lastDraw = now;
                draw(p);
            }
        }

        @Override
        public void onEpoch(TrainingProgress p, boolean improved) {
            if (mode == Mode.BAR) {
                draw(p);
            } else if (mode == Mode.LINES) {
                err.println(String.format(Locale.ROOT, "candlesignal: epoch %d/%d  train loss %.5f  validation loss"
                        + " %.5f%s  learning rate %.3g  %s elapsed", p.epoch(), p.maxEpochs(), p.trainLoss(),
                        p.validationLoss(), improved ? " (best)" : "", p.learningRate(), seconds(p.elapsed())));
                err.flush();
            }
        }

        private void draw(TrainingProgress p) {
            bar.show(p.share(), String.format(Locale.ROOT, "epoch %d/%d  batch %d/%d  loss %.4f  val %s",
                    p.epoch(), p.maxEpochs(), p.batch(), p.batches(), p.trainLoss(),
                    Double.isNaN(p.validationLoss()) ? "-" : String.format(Locale.ROOT, "%.4f", p.validationLoss())),
                    p.remaining());
        }

        void done() {
            bar.done();
        }

        static String seconds(java.time.Duration d) {
            return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
    }
}
