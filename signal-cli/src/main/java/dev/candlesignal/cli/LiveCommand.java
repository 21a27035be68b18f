package dev.candlesignal.cli;

import dev.candlesignal.Candle;
import dev.candlesignal.CandleListener;
import dev.candlesignal.Gap;
import dev.candlesignal.ModelLoadException;
import dev.candlesignal.SignalException;
import dev.candlesignal.SourceNeeds;
import dev.candlesignal.StreamKey;
import dev.candlesignal.Subscription;
import dev.candlesignal.binance.BinanceCandleSource;
import dev.candlesignal.binance.BinanceHealth;
import dev.candlesignal.binance.StartPosition;
import dev.candlesignal.Evaluation;
import dev.candlesignal.engine.DriftPolicy;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.engine.StreamStatus;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.retrain.RetrainLoop;
import dev.candlesignal.store.ModelStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code candlesignal live}: backfills the candles the model needs over Binance REST, then follows the live kline
 * stream and prints one line per closed candle (the same format as {@code replay}) until stopped (Ctrl-C) or, with
 * {@code --max-candles}, after that many lines. Diagnostics and the final health summary go to stderr.
 *
 * <pre>
 * candlesignal live --symbol BTCUSDT --interval 1h --model models/demo-btcusdt-1h
 * </pre>
 */
@Command(name = "live",
        description = "Follows a Binance symbol live: backfills the history the model needs, then prints one line per "
                + "closed candle (same format as replay) until stopped.",
        mixinStandardHelpOptions = true)
final class LiveCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--symbol", required = true, paramLabel = "SYMBOL", description = "Binance symbol, e.g. BTCUSDT.")
    String symbol;

    @Option(names = "--interval", defaultValue = "1h", paramLabel = "INTERVAL",
            description = "Kline interval (1m, 1h, ...; default ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--rest-url", paramLabel = "URL",
            description = "REST base URL (default https://data-api.binance.vision, market data without a key).")
    Optional<String> restUrl;

    @Option(names = "--ws-url", paramLabel = "URL",
            description = "WebSocket base URL (default wss://data-stream.binance.vision).")
    Optional<String> wsUrl;

    @Option(names = "--format", defaultValue = "csv", paramLabel = "FORMAT", description = "csv (default) or json.")
    String format;

    @Option(names = "--max-candles", defaultValue = "0", paramLabel = "N",
            description = "Stop after printing N lines (default 0: run until stopped).")
    int maxCandles;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Model bundle directory (manifest.json + weights).")
    Path model;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    PolicyOptions policyOptions;

    @Mixin
    JournalOptions journalOptions;

    @Mixin
    RetrainOptions retrainOptions;

    @Override
    public Integer call() throws ModelLoadException, InterruptedException {
        SignalFormat lineFormat = ReplayCommand.parseFormat(format);
        if (maxCandles < 0) {
            throw new CandleSignalCli.UserError("--max-candles must be >= 0 but was " + maxCandles);
        }
        journalOptions.requireJournalForRuleFlags("live");
        retrainOptions.check("live");
        if (retrainOptions.autoRetrain && journalOptions.journal == null) {
            throw new CandleSignalCli.UserError("live --auto-retrain needs --journal FILE: the retraining policy reads "
                    + "the journal's outcomes, which must survive a restart");
        }
        StreamKey stream = StreamKey.of(symbol, StreamOptions.parseInterval(interval));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ModelStore store = retrainOptions.autoRetrain ? Retraining.store(retrainOptions, Clock.systemUTC()) : null;
        ModelBundle bundle = store != null ? Retraining.serving(store, model, false, err) : ModelOptions.bundle(model);
        ModelOptions.Loaded loaded = modelOptions.load(bundle);
        try (Model model = loaded.model()) {
            ModelManifest manifest = bundle.manifest();
            FeatureSet featureSet = ReplayCommand.featureSet(model.featureSetId(), manifest);
            SourceNeeds needs = featureSet.needs();
            try (BinanceCandleSource source = source(featureSet);
                    SignalEngine engine = policyOptions.engine(featureSet, model).build()) {
                engine.checkStream(stream);
                policyOptions.noteIntervalMismatch(manifest, stream, err);
                // with --journal: opened once the stream is known to be usable; closed (and summarised) at the end
                Retraining.Log log = new Retraining.Log(err);
                try {
                    try (JournalSession journal = JournalSession.open(journalOptions, engine, err);
                            RetrainLoop loop = store == null ? null : Retraining.loop(retrainOptions, store,
                                    featureSet, manifest, source, bundleToLoad -> modelOptions.load(bundleToLoad).model(),
                                    Clock.systemUTC(), log)) {
                        if (loop != null) {
                            loop.attach(engine, journal.tracker(), List.of(stream));
                        }
                        // history has no order books, so a set that needs one must warm up on live candles
                        boolean liveOnly = needs.needsOrderBook();
                        StartPosition start = liveOnly ? StartPosition.live()
                                : StartPosition.lastClosed(engine.candlesToReady());
                        err.println("candlesignal: following " + stream + " with " + manifest.modelId() + " v"
                                + manifest.version() + " (" + featureSet.id() + ", " + loaded.backend() + "); "
                                + (liveOnly ? "warming up on " + engine.candlesToReady() + " live candles"
                                        : "backfilling " + engine.candlesToReady() + " closed candles"));
                        if (lineFormat.header() != null) {
                            out.println(lineFormat.header());
                            out.flush();
                        }
                        Follower follower = new Follower(engine, loop, lineFormat, out, err);
                        Subscription subscription = source.subscribe(List.of(stream), start, follower);
                        Thread hook = new Thread(follower.done::countDown, "candlesignal-live-stop");
                        Runtime.getRuntime().addShutdownHook(hook);
                        try {
                            follower.done.await();
                        } finally {
                            subscription.close();
                            removeHook(hook);
                        }
                        BinanceHealth health = source.health();
                        err.println("candlesignal: stopped after " + follower.printed.get() + " lines; " + health
                                + outOfDomain(engine, stream));
                        if (loop != null) {
                            err.println("candlesignal: auto-retrain: " + DecisionTable.summary(log.decisions) + " in this "
                                    + "run; " + manifest.modelId() + " v" + engine.model().version() + " serves (store "
                                    + store.directory() + ")");
                        }
                        if (follower.failure.get() != null) {
                            Throwable t = follower.failure.get();
                            throw t instanceof SignalException se ? se
                                    : new CandleSignalCli.UserError("the Binance stream failed: " + t.getMessage(), t);
                        }
                    }
                } finally {
                    Model last = engine.model();
                    if (last != model) {
                        last.close(); // a model the retraining loop promoted: ours to close now
                    }
                }
            }
        }
        return 0;
    }

    /** The out-of-domain count for the stop line, only when there were any. */
    static String outOfDomain(SignalEngine engine, StreamKey stream) {
        long count = engine.status(stream).map(StreamStatus::outOfDomain).orElse(0L);
        if (count == 0) {
            return "";
        }
        return "; " + count + " prediction" + (count == 1 ? "" : "s") + " out of the model's training domain ("
                + engine.domainGuard().describe() + "), " + (engine.driftPolicy() == DriftPolicy.SUPPRESS
                        ? "not emitted (--on-drift warn emits them)" : "emitted anyway (--on-drift warn)");
    }

    /** A Binance source that serves what the feature set needs (an order book of its depth, if it reads one). */
    private BinanceCandleSource source(FeatureSet featureSet) {
        try {
            BinanceCandleSource.Builder builder = BinanceCandleSource.builder();
            restUrl.ifPresent(builder::restBaseUrl);
            wsUrl.ifPresent(builder::webSocketBaseUrl);
            builder.serve(featureSet.needs());
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new CandleSignalCli.UserError(e.getMessage(), e);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is what ended the wait
        }
    }

    /** Feeds the source's candles to the engine and prints a line per prediction. */
    private final class Follower implements CandleListener {
        final SignalEngine engine;
        /** The retraining loop, or null without --auto-retrain. */
        final RetrainLoop loop;
        final SignalFormat lineFormat;
        final PrintWriter out;
        final PrintWriter err;
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicInteger printed = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Follower(SignalEngine engine, RetrainLoop loop, SignalFormat lineFormat, PrintWriter out, PrintWriter err) {
            this.engine = engine;
            this.loop = loop;
            this.lineFormat = lineFormat;
            this.out = out;
            this.err = err;
        }

        @Override
        public void onCandle(StreamKey stream, Candle candle) {
            Evaluation e;
            try {
                e = engine.onCandle(stream, candle);
            } catch (SignalException ex) {
                err.println("candlesignal: " + ex.getMessage());
                return;
            }
            if (e.signal().isPresent() && done.getCount() > 0 && (loop == null || !loop.stopped(stream))) {
                out.println(lineFormat.line(e));
                out.flush();
                if (printed.incrementAndGet() >= maxCandles && maxCandles > 0) {
                    done.countDown();
                }
            }
        }

        @Override
        public void onGap(Gap gap) {
            err.println("candlesignal: " + gap.missingCandles() + " candles of " + gap.stream() + " are missing at the "
                    + "exchange between " + gap.previousOpenTime() + " and " + gap.nextOpenTime());
        }

        @Override
        public void onFailure(Throwable error) {
            failure.set(error);
            done.countDown();
        }
    }
}
