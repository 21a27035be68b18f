package dev.candlesignal.cli;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.ModelLoadException;
import dev.candlesignal.StreamKey;
import dev.candlesignal.backtest.BacktestRange;
import dev.candlesignal.backtest.BacktestReport;
import dev.candlesignal.backtest.BacktestResult;
import dev.candlesignal.backtest.Backtester;
import dev.candlesignal.backtest.Metrics;
import dev.candlesignal.backtest.Predictions;
import dev.candlesignal.backtest.Progress;
import dev.candlesignal.backtest.Simulation;
import dev.candlesignal.backtest.Strategy;
import dev.candlesignal.backtest.SweepGrid;
import dev.candlesignal.backtest.WalkForward;
import dev.candlesignal.train.TrainingListener;
import dev.candlesignal.train.TrainingProgress;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.indicators.FeatureSets;
import dev.candlesignal.journal.OutcomeRule;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelBundle;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code candlesignal backtest}: what would the signals have done? Trades a model's signals on kline files with the
 * journal's outcome rule and writes {@code trades.csv}, {@code equity.csv}, {@code metrics.json} and
 * {@code report.html} into {@code --out}; a summary beside the baselines goes to stderr.
 *
 * <pre>
 * candlesignal backtest --candles data/binance/BTCUSDT-1h.csv --model models/demo-btcusdt-1h --from 2020-03-01 --out bt
 * candlesignal backtest --candles BTCUSDT-1h.csv --model DIR --from 2020-03-01 --sweep min-confidence=0.5:0.7:0.02 --out bt
 * candlesignal backtest --candles BTCUSDT-1h.csv --walk-forward --train 180d --test 30d --arch lstm14 --out wf
 * </pre>
 */
@Command(name = "backtest",
        description = "Backtests a model's signals on kline files (the journal's outcome rule, costs, one position per "
                + "stream) and writes trades.csv, equity.csv, metrics.json and report.html into --out.",
        mixinStandardHelpOptions = true)
final class BacktestCommand implements Callable<Integer> {
    private static final Pattern DAYS = Pattern.compile("(\\d{1,6})([dhw])");

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--candles", required = true, arity = "1..*", paramLabel = "FILE",
            description = "Kline CSV files, one stream each (all of one interval; .gz allowed). With several, the "
                    + "capital is split equally between them.")
    List<Path> candles;

    @Option(names = "--symbol", paramLabel = "SYMBOL",
            description = "Symbol of the candles (one file only). Default: from the file name (BTCUSDT-1h.csv).")
    Optional<String> symbol;

    @Option(names = "--interval", paramLabel = "INTERVAL",
            description = "Interval of the candles. Default: from the file name, else inferred from the data.")
    Optional<String> interval;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model bundle directory. Required unless --walk-forward trains one per fold.")
    Path model;

    @Option(names = "--set", paramLabel = "ID",
            description = "Feature set id. Default: the model's (with --walk-forward: standard14/takerFlow for "
                    + "lstm14, standard28 for lstm28).")
    Optional<String> set;

    @Option(names = "--from", paramLabel = "TIME",
            description = "First candle traded (open time, inclusive): 2020-03-01 or 2020-03-01T00:00:00Z. Earlier "
                    + "candles only warm the features up (with --walk-forward: the first candle used). Default: the "
                    + "first candle.")
    Optional<String> from;

    @Option(names = "--to", paramLabel = "TIME", description = "End of the range traded (exclusive). Default: the end.")
    Optional<String> to;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Directory for the outputs (created if missing; the four files are replaced atomically).")
    Path out;

    @Option(names = "--max-hold", defaultValue = "24c", paramLabel = "HOLD",
            description = "Maximum hold: Nc candles (default ${DEFAULT-VALUE}, the seed backtest's) or a duration "
                    + "(48h, 2d, 90m; a bare number is hours), counted in candle time.")
    String maxHold;

    @Option(names = "--commission", defaultValue = "0.1", paramLabel = "PCT",
            description = "Commission per side in percent (default ${DEFAULT-VALUE}).")
    String commission;

    @Option(names = "--slippage", defaultValue = "0.05", paramLabel = "PCT",
            description = "Slippage per side in percent, against the trade (default ${DEFAULT-VALUE}).")
    String slippage;

    @Option(names = "--max-open-positions", defaultValue = "1", paramLabel = "N",
            description = "Positions a stream may hold at once, 1..1000 (default ${DEFAULT-VALUE}).")
    int maxOpenPositions;

    @Option(names = "--long-only", description = "SELL signals open no short position (a spot account).")
    boolean longOnly;

    @Option(names = "--allow-in-sample",
            description = "Run even if the range overlaps the model's training range; every output is marked IN-SAMPLE.")
    boolean allowInSample;

    @Option(names = "--max-gap", defaultValue = "24", paramLabel = "CANDLES",
            description = "Longest run of missing candles accepted (default ${DEFAULT-VALUE}); longer gaps are refused.")
    int maxGap;

    @Option(names = "--random-runs", defaultValue = "100", paramLabel = "N",
            description = "Runs of the random-entry baseline (default ${DEFAULT-VALUE}).")
    int randomRuns;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Seed of the random-entry baseline (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--parallelism", paramLabel = "N",
            description = "Threads for predictions and sweeps (default: the CPUs, at most 4). Results do not depend on it.")
    int parallelism = Math.min(4, Runtime.getRuntime().availableProcessors());

    @Option(names = "--sweep", paramLabel = "GRID",
            description = "Also run a grid of policy parameters over the same predictions, one row per combination in "
                    + "sweep.csv: name=from:to:step,... with min-confidence, strong-confidence, stop-atr, target-atr, "
                    + "max-hold (candles), cooldown (candles).")
    Optional<String> sweep;

    @Option(names = "--walk-forward",
            description = "Train a model per fold with the Java trainer and trade each on the window after its "
                    + "training range; needs --train and --test.")
    boolean walkForward;

    @Option(names = "--train", paramLabel = "DAYS", description = "Walk-forward training window, e.g. 180d.")
    Optional<String> train;

    @Option(names = "--test", paramLabel = "DAYS", description = "Walk-forward test window, e.g. 30d.")
    Optional<String> test;

    @Option(names = "--step", paramLabel = "DAYS", description = "How far each fold moves (default: --test).")
    Optional<String> step;

    @Option(names = "--purge", paramLabel = "CANDLES",
            description = "Candles between a fold's training range and its test window (default: the model's window + "
                    + "label horizon).")
    Optional<Integer> purge;

    @Option(names = "--arch", defaultValue = "lstm28", paramLabel = "ARCH",
            description = "Walk-forward architecture: lstm14 or lstm28 (default ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--epochs", defaultValue = "20", paramLabel = "N",
            description = "Walk-forward: maximum epochs per fold (default ${DEFAULT-VALUE}; early stopping may end sooner).")
    int epochs;

    @Option(names = "--train-threads", defaultValue = "1", paramLabel = "N",
            description = "Walk-forward: intra-op threads of each fold's training (default ${DEFAULT-VALUE}: two "
                    + "help only on an otherwise idle machine, and are several times slower when anything else runs).")
    int trainThreads;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    PolicyOptions policyOptions;

    private final Trainers.Factory trainers;

    BacktestCommand() {
        this(Trainers::lstm);
    }

    BacktestCommand(Trainers.Factory trainers) {
        this.trainers = trainers;
    }

    @Override
    public Integer call() throws ModelLoadException {
        PrintWriter err = spec.commandLine().getErr();
        check();
        Map<StreamKey, List<Candle>> data = read();
        Interval iv = data.keySet().iterator().next().interval();
        Strategy strategy = strategy(iv);
        BacktestRange range = new BacktestRange(from.map(t -> DownloadCommand.time("--from", t)),
                to.map(t -> DownloadCommand.time("--to", t)));
        prepareOut();
        try (StageProgress progress = new StageProgress(quiet || !ProgressBar.interactive() ? null : err)) {
            if (walkForward) {
                // --from/--to bound the data the folds train and test on
                data.replaceAll((k, list) -> list.stream().filter(c -> range.contains(c.openTime())).toList());
                walkForward(data, strategy, progress, err);
                return 0;
            }
            ModelBundle bundle = ModelOptions.bundle(model);
            try (Model m = modelOptions.load(bundle).model()) {
                FeatureSet fs = ReplayCommand.featureSet(set.orElse(m.featureSetId()), bundle.manifest());
                Backtester backtester = backtester(fs, progress).model(m).build();
                long started = System.nanoTime();
                Predictions predictions = backtester.predict(data);
                BacktestResult result = backtester.evaluate(predictions, range, strategy);
                if (sweep.isPresent()) {
                    sweep(backtester, predictions, range, strategy, iv, progress, err, result.inSampleNotes());
                }
                progress.close();
                BacktestReport.write(result, out);
                summary(result, err, System.nanoTime() - started);
            }
        }
        return 0;
    }

    private void check() {
        if (maxOpenPositions < 1 || maxOpenPositions > 1000) {
            throw new CandleSignalCli.UserError("--max-open-positions must be 1..1000 but was " + maxOpenPositions);
        }
        if (maxGap < 0) {
            throw new CandleSignalCli.UserError("--max-gap must be >= 0 but was " + maxGap);
        }
        if (randomRuns < 1 || randomRuns > 100_000) {
            throw new CandleSignalCli.UserError("--random-runs must be 1..100000 but was " + randomRuns);
        }
        if (parallelism < 1 || parallelism > 64) {
            throw new CandleSignalCli.UserError("--parallelism must be in [1, 64] but was " + parallelism);
        }
        if (symbol.isPresent() && candles.size() > 1) {
            throw new CandleSignalCli.UserError("--symbol names the stream of one --candles file, but " + candles.size()
                    + " were given (name the files SYMBOL-INTERVAL.csv instead)");
        }
        if (walkForward) {
            if (model != null) {
                throw new CandleSignalCli.UserError("--walk-forward trains its own models: drop --model");
            }
            if (train.isEmpty() || test.isEmpty()) {
                throw new CandleSignalCli.UserError("--walk-forward needs --train and --test (e.g. --train 180d --test 30d)");
            }
            if (sweep.isPresent()) {
                throw new CandleSignalCli.UserError("--sweep and --walk-forward cannot be combined");
            }
        } else {
            if (model == null) {
                throw new CandleSignalCli.UserError("backtest needs --model DIR (or --walk-forward to train per fold)");
            }
            for (Optional<?> wf : List.of(train, test, step, purge)) {
                if (wf.isPresent()) {
                    throw new CandleSignalCli.UserError("--train, --test, --step and --purge belong to --walk-forward");
                }
            }
        }
    }

    private Map<StreamKey, List<Candle>> read() {
        Map<StreamKey, List<Candle>> data = new LinkedHashMap<>();
        for (Path file : candles) {
            if (!Files.isRegularFile(file)) {
                throw new CandleSignalCli.UserError("cannot read candles: " + file + " is not a file");
            }
            Optional<Interval> stated = StreamOptions.interval(interval, file);
            List<Candle> list = StreamOptions.read(file, stated);
            StreamKey key = stream(file, stated, list);
            if (data.containsKey(key)) {
                throw new CandleSignalCli.UserError(file + " holds " + key + " again (one file per stream)");
            }
            data.put(key, list);
        }
        return data;
    }

    private StreamKey stream(Path file, Optional<Interval> stated, List<Candle> list) {
        Matcher m = Pattern.compile("([A-Za-z0-9]+)-(\\d+[smhdwM])\\b.*").matcher(file.getFileName().toString());
        String s = symbol.or(() -> m.matches() ? Optional.of(m.group(1)) : Optional.empty())
                .orElseThrow(() -> new CandleSignalCli.UserError("cannot tell the symbol of " + file
                        + ": name it SYMBOL-INTERVAL.csv (BTCUSDT-1h.csv) or give --symbol"));
        Interval i = stated.or(() -> dev.candlesignal.replay.KlineCsv.inferInterval(list))
                .orElseThrow(() -> new CandleSignalCli.UserError("cannot tell the interval of " + file
                        + ": give --interval"));
        try {
            return StreamKey.of(s, i);
        } catch (IllegalArgumentException e) {
            throw new CandleSignalCli.UserError(e.getMessage(), e);
        }
    }

    private Strategy strategy(Interval iv) {
        OutcomeRule.Builder rule = OutcomeRule.builder();
        try {
            rule.maxHold(hold(iv)).commission(JournalOptions.parsePercent("--commission", commission))
                    .slippage(JournalOptions.parsePercent("--slippage", slippage));
        } catch (IllegalArgumentException e) {
            throw new CandleSignalCli.UserError(e.getMessage(), e);
        }
        return new Strategy(policyOptions.policy(), PolicyOptions.parseCooldown(policyOptions.cooldown),
                policyOptions.driftPolicy(), rule.build(), maxOpenPositions, longOnly);
    }

    private Duration hold(Interval iv) {
        String h = maxHold.strip();
        if (h.matches("\\d{1,6}c")) {
            int n = Integer.parseInt(h.substring(0, h.length() - 1));
            if (n < 1) {
                throw new CandleSignalCli.UserError("--max-hold must be at least 1c, not '" + maxHold + "'");
            }
            try {
                return Strategy.holdOf(n, iv);
            } catch (IllegalArgumentException e) {
                throw new CandleSignalCli.UserError("--max-hold " + maxHold + ": " + e.getMessage(), e);
            }
        }
        return JournalOptions.parseHold(h);
    }

    private Backtester.Builder backtester(FeatureSet fs, Progress progress) {
        return Backtester.builder().featureSet(fs)
                .engineOptions(b -> b.imputation(policyOptions.imputation())
                        .allowIntervalMismatch(policyOptions.allowIntervalMismatch).parallelism(parallelism))
                .allowInSample(allowInSample).maxGapCandles(maxGap).randomRuns(randomRuns).randomSeed(seed)
                .progress(progress);
    }

    private void prepareOut() {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new CandleSignalCli.UserError("--out " + out + " is a file, not a directory");
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create --out " + out + ": " + e.getMessage(), e);
        }
        Map<String, Path> inputs = new LinkedHashMap<>();
        for (int i = 0; i < candles.size(); i++) {
            inputs.put("--candles", candles.get(i));
            for (String name : List.of("trades.csv", "equity.csv", "metrics.json", "report.html", "sweep.csv")) {
                OutputFile.refuseInputs("--out", out.resolve(name), inputs);
            }
        }
    }

    private void sweep(Backtester backtester, Predictions predictions, BacktestRange range, Strategy base,
            Interval iv, StageProgress progress, PrintWriter err, List<String> inSampleNotes) {
        SweepGrid grid = SweepGrid.parse(sweep.get());
        List<Map<String, BigDecimal>> combinations = grid.combinations();
        List<Strategy> strategies = new ArrayList<>(combinations.size());
        for (Map<String, BigDecimal> c : combinations) {
            strategies.add(SweepGrid.apply(base, c, iv));
        }
        long started = System.nanoTime();
        List<Simulation> results = backtester.sweep(predictions, range, strategies, parallelism);
        List<Map<String, Simulation>> baselines = SweepGrid.baselines(backtester, predictions, range, combinations,
                strategies);
        grid.write(out.resolve("sweep.csv"), combinations, results, baselines, inSampleNotes);
        progress.close();
        err.printf(Locale.ROOT, "swept %d combinations over the same predictions in %.2f s: %s%n", results.size(),
                (System.nanoTime() - started) / 1e9, out.resolve("sweep.csv"));
        err.println("candlesignal: warning: picking the best row of sweep.csv is itself fitted to this range (an "
                + "in-sample choice); confirm it on later candles, or with --walk-forward");
    }

    private void walkForward(Map<StreamKey, List<Candle>> data, Strategy strategy, StageProgress progress,
            PrintWriter err) {
        String a = arch.toLowerCase(Locale.ROOT);
        if (!a.equals("lstm14") && !a.equals("lstm28")) {
            throw new CandleSignalCli.UserError("--arch must be lstm14 or lstm28, not '" + arch + "'");
        }
        if (epochs < 1 || epochs > 10_000) {
            throw new CandleSignalCli.UserError("--epochs must be 1..10000 but was " + epochs);
        }
        if (trainThreads < 1 || trainThreads > ModelOptions.MAX_THREADS) {
            throw new CandleSignalCli.UserError("--train-threads must be 1.." + ModelOptions.MAX_THREADS + " but was "
                    + trainThreads);
        }
        FeatureSet fs;
        try {
            fs = FeatureSets.byId(set.orElse(a.equals("lstm14") ? "standard14/takerFlow" : "standard28"));
        } catch (RuntimeException e) {
            throw new CandleSignalCli.UserError("--set: " + e.getMessage(), e);
        }
        Duration trainD = days("--train", train.get());
        Duration testD = days("--test", test.get());
        Duration stepD = step.map(s -> days("--step", s)).orElse(testD);
        Path folds = out.resolve("folds");
        if (Files.exists(folds)) {
            throw new CandleSignalCli.UserError(folds + " exists (the fold models of an earlier run): remove it or "
                    + "choose another --out");
        }
        try {
            Files.createDirectory(folds);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folds + ": " + e.getMessage(), e);
        }
        TrainingListener foldProgress = new TrainingListener() {
            @Override
            public void onBatch(TrainingProgress p) {
                progress.within(p.share(), String.format(Locale.ROOT, "epoch %d/%d  batch %d/%d  loss %.4f",
                        p.epoch(), p.maxEpochs(), p.batch(), p.batches(), p.trainLoss()));
            }
        };
        var trainer = trainers.create(new Trainers.Settings(fs, a, epochs, seed, trainThreads, foldProgress));
        WalkForward wf = new WalkForward(backtester(fs, progress).build(), trainer,
                dir -> modelOptions.load(ModelBundle.load(dir)).model(), folds, "walk-forward-" + a);
        long started = System.nanoTime();
        BacktestResult result = wf.run(data, new WalkForward.Plan(trainD, testD, stepD, purge), strategy, progress);
        progress.close();
        BacktestReport.write(result, out);
        TextTable t = new TextTable(List.of("fold", "train", "test", "trades", "return", "hit rate"), 3);
        for (var f : result.folds()) {
            t.add(List.of(Integer.toString(f.fold()), f.trainFrom().toString().substring(0, 10) + ".."
                    + f.trainTo().toString().substring(0, 10), f.testFrom().toString().substring(0, 10) + ".."
                    + f.testTo().toString().substring(0, 10), Integer.toString(f.trades()), pct(f.returnPct()),
                    Double.isNaN(f.hitRate()) ? "-" : pct(100 * f.hitRate())));
        }
        t.print(err);
        summary(result, err, System.nanoTime() - started);
    }

    private static Duration days(String option, String text) {
        Matcher m = DAYS.matcher(text.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new CandleSignalCli.UserError(option + " must be a positive number of days, hours or weeks such as "
                    + "180d, 720h or 4w, not '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "h" -> Duration.ofHours(n);
            case "w" -> Duration.ofDays(7 * n);
            default -> Duration.ofDays(n);
        };
    }

    private void summary(BacktestResult r, PrintWriter err, long nanos) {
        if (r.inSample()) {
            err.println("candlesignal: warning: IN-SAMPLE: " + String.join("; ", r.inSampleNotes())
                    + " (--allow-in-sample); these numbers describe the training data, not the future");
        }
        err.printf(Locale.ROOT, "backtest %s %s .. %s, %d candles traded, %d gaps%n", String.join(",",
                r.spans().stream().map(s -> s.stream().toString()).toList()), r.start(), r.end(),
                r.spans().stream().mapToInt(s -> s.last() - s.first() + 1).sum(), r.gaps().size());
        TextTable t = new TextTable(List.of("", "trades", "win rate", "return", "max drawdown", "Sharpe", "Sortino",
                "profit factor"), 1);
        row(t, "strategy", r.metrics());
        r.baselines().forEach((name, sim) -> row(t, name.replace('_', ' '), sim.metrics()));
        row(t, "random (median)", r.random().median());
        t.print(err);
        err.printf(Locale.ROOT, "the strategy beats %.0f%% of %d random-entry runs on return; next-candle hit rate %s "
                + "(always up %s, previous direction %s)%n", r.random().strategyPercentile(), r.random().runs(),
                pct(100 * r.quality().hitRate()), pct(100 * r.quality().alwaysUpHitRate()),
                pct(100 * r.quality().previousDirectionHitRate()));
        err.printf(Locale.ROOT, "wrote %s (trades.csv, equity.csv, metrics.json, report.html) in %.2f s%n", out,
                nanos / 1e9);
        err.flush();
    }

    private static void row(TextTable t, String name, Metrics m) {
        t.add(List.of(name, Integer.toString(m.trades()), Double.isNaN(m.winRate()) ? "-" : pct(100 * m.winRate()),
                pct(m.totalReturnPct()), pct(m.maxDrawdownPct()), num(m.sharpe()), num(m.sortino()),
                num(m.profitFactor())));
    }

    private static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f%%", v) : "-";
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "-";
    }

    /**
     * A one-line progress display on stderr: the stage and a bar, redrawn in place and erased when done; nothing
     * when {@code err} is null (not a terminal, or {@code --quiet}). Thread-safe (a sweep reports from workers).
     */
    static final class StageProgress implements Progress, AutoCloseable {
        private final PrintWriter err;
        private int drawn;
        private long lastDraw;
        private final java.util.function.LongSupplier nanoTime;
        private String stage = "";
        private long done;
        private long total;

        StageProgress(PrintWriter err) {
            this(err, System::nanoTime);
        }

        StageProgress(PrintWriter err, java.util.function.LongSupplier nanoTime) {
            this.err = err;
            this.nanoTime = nanoTime;
        }

        @Override
        public synchronized void update(String stage, long done, long total) {
            this.stage = stage;
            this.done = done;
            this.total = total;
            if (err == null) {
                return;
            }
            long now = nanoTime.getAsLong();
            if (done < total && now - lastDraw < 100_000_000L) {
                return; // at most ten redraws a second
            }
            lastDraw = now;
            draw(total <= 0 ? 1 : (double) done / total, "");
        }

        /**
         * Progress inside the current stage's unit (an epoch of the fold being trained): the bar moves by
         * {@code share} (0 to 1) of one unit and {@code detail} follows it.
         */
        synchronized void within(double share, String detail) {
            if (err == null) {
                return;
            }
            long now = nanoTime.getAsLong();
            if (now - lastDraw < 100_000_000L) {
                return;
            }
            lastDraw = now;
            double s = Math.max(0, Math.min(1, share));
            draw(total <= 0 ? 1 : (done + s) / total, "  " + detail);
        }

        private void draw(double share, String detail) {
            share = Math.min(1, share);
            int filled = (int) Math.round(share * 24);
            String line = String.format(Locale.ROOT, "%s [%s%s] %3d%%%s", stage, "#".repeat(filled),
                    ".".repeat(24 - filled), Math.round(share * 100), detail);
            err.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
            err.flush();
            drawn = line.length();
        }

        @Override
        public synchronized void close() {
            if (err != null && drawn > 0) {
                err.print("\r" + " ".repeat(drawn) + "\r");
                err.flush();
                drawn = 0;
            }
        }
    }

}
