package dev.candlesignal.backtest;

import dev.candlesignal.Candle;
import dev.candlesignal.Gap;
import dev.candlesignal.backtest.internal.Json;
import dev.candlesignal.engine.ThresholdPolicy;
import dev.candlesignal.io.AtomicFile;
import dev.candlesignal.journal.OutcomeRule;
import dev.candlesignal.journal.ProbabilityStats;
import dev.candlesignal.model.ModelSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Writes a backtest's four outputs into a directory, each atomically (a temporary file beside it, renamed when
 * complete): {@code trades.csv}, {@code equity.csv}, {@code metrics.json} and {@code report.html}, one
 * self-contained page (uPlot, from its Maven Central webjar, and the data inlined; no network). An in-sample result
 * is marked in every file: a first line {@code # IN-SAMPLE: ...} in the CSV files, {@code "in_sample": true} in the
 * JSON, a banner in the page.
 *
 * <p>Stateless and thread-safe.
 */
public final class BacktestReport {
    /** {@code trades.csv}'s header. */
    public static final String TRADES_HEADER =
            "symbol,entry_time,exit_time,side,entry,exit,exit_reason,pnl_pct,mfe_pct,mae_pct";
    /** {@code equity.csv}'s header. */
    public static final String EQUITY_HEADER = "time,equity";

    private BacktestReport() {
    }

    /**
     * Writes the four files into {@code dir}, which must exist.
     *
     * @throws UncheckedIOException if a file cannot be written (those already written stay)
     */
    public static void write(BacktestResult result, Path dir) {
        write(result, dir, Map.of());
    }

    /** {@link #write(BacktestResult, Path)} with extra entries for {@code metrics.json}'s top level. */
    public static void write(BacktestResult result, Path dir, Map<String, Object> extra) {
        try {
            AtomicFile.writeText(dir.resolve("trades.csv"), w -> trades(result, w));
            AtomicFile.writeText(dir.resolve("equity.csv"), w -> equity(result, w));
            Map<String, Object> metrics = metrics(result);
            metrics.putAll(extra);
            AtomicFile.writeString(dir.resolve("metrics.json"), Json.pretty(metrics));
            AtomicFile.writeString(dir.resolve("report.html"), html(result, metrics));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the backtest report in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void inSampleLine(BacktestResult r, Writer w) throws IOException {
        if (r.inSample()) {
            w.write("# IN-SAMPLE: " + String.join("; ", r.inSampleNotes()) + "\n");
        }
    }

    static void trades(BacktestResult r, Writer w) throws IOException {
        inSampleLine(r, w);
        w.write(TRADES_HEADER + "\n");
        for (Trade t : r.run().trades()) {
            w.write(t.stream().symbol() + "," + t.entryTime() + "," + t.exitTime() + ","
                    + (t.side() == dev.candlesignal.Action.BUY ? "long" : "short") + "," + num(t.entry()) + ","
                    + num(t.exit()) + "," + t.exitReason().csvName() + "," + num(t.pnlPct()) + "," + num(t.mfePct())
                    + "," + num(t.maePct()) + "\n");
        }
    }

    static void equity(BacktestResult r, Writer w) throws IOException {
        inSampleLine(r, w);
        w.write(EQUITY_HEADER + "\n");
        EquityCurve e = r.run().equity();
        for (int i = 0; i < e.size(); i++) {
            w.write(e.time(i) + "," + num(e.value(i)) + "\n");
        }
    }

    private static String num(double d) {
        return Double.isFinite(d) ? Double.toString(d) : "";
    }

    /** {@code metrics.json} as a map: the strategy's metrics at the top level, then everything else. */
    public static Map<String, Object> metrics(BacktestResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("in_sample", r.inSample());
        if (r.inSample()) {
            m.put("in_sample_notes", r.inSampleNotes());
        }
        m.put("from", r.start().toString());
        m.put("to", r.end().toString());
        m.put("interval", r.predictions().interval().wireName());
        m.put("streams", r.spans().stream().map(s -> s.stream().symbol()).toList());
        m.putAll(r.metrics().toMap());
        Map<String, Object> baselines = new LinkedHashMap<>();
        r.baselines().forEach((name, sim) -> baselines.put(name, sim.metrics().toMap()));
        RandomBaseline rb = r.random();
        Map<String, Object> random = new LinkedHashMap<>(rb.median().toMap());
        random.put("runs", rb.runs());
        random.put("seed", rb.seed());
        random.put("mean_trades", rb.meanTrades());
        random.put("total_return_pct_p5", rb.totalReturnP5());
        random.put("total_return_pct_p50", rb.totalReturnP50());
        random.put("total_return_pct_p95", rb.totalReturnP95());
        random.put("sharpe_p50", rb.sharpeP50());
        random.put("strategy_percentile", rb.strategyPercentile());
        random.put("strategy_sharpe_percentile", rb.strategySharpePercentile());
        baselines.put("random", random);
        m.put("baselines", baselines);
        ProbabilityStats q = r.quality();
        Map<String, Object> quality = new LinkedHashMap<>();
        quality.put("scored", q.count());
        quality.put("hit_rate", q.hitRate());
        quality.put("brier", q.brier());
        quality.put("log_loss", q.logLoss());
        quality.put("always_up_hit_rate", q.alwaysUpHitRate());
        quality.put("base_rate_brier", q.baseRateBrier());
        quality.put("base_rate_log_loss", q.baseRateLogLoss());
        quality.put("previous_direction_hit_rate", q.previousDirectionHitRate());
        m.put("predictions", quality);
        List<Object> calibration = new ArrayList<>();
        for (Calibration.Bin b : r.calibration().bins()) {
            Map<String, Object> bin = new LinkedHashMap<>();
            bin.put("decile", b.decile());
            bin.put("count", b.count());
            bin.put("min_probability", b.minProbability());
            bin.put("max_probability", b.maxProbability());
            bin.put("mean_probability", b.meanProbability());
            bin.put("up_frequency", b.upFrequency());
            calibration.add(bin);
        }
        m.put("calibration", calibration);
        List<Object> monthly = new ArrayList<>();
        for (MonthlyReturn mr : MonthlyReturn.of(r.run().equity())) {
            monthly.add(Map.of("month", mr.month().toString(), "return_pct", mr.returnPct()));
        }
        m.put("monthly_returns", monthly);
        long missing = r.gaps().stream().mapToLong(Gap::missingCandles).sum();
        m.put("gaps", r.gaps().size());
        m.put("missing_candles", missing);
        m.put("settings", settings(r.strategy()));
        List<Object> models = new ArrayList<>();
        for (ModelSpec spec : r.predictions().models()) {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("model_id", spec.modelId());
            model.put("version", spec.version());
            model.put("feature_set", spec.featureSetId());
            spec.training().ifPresent(t -> {
                model.put("training_from", t.from().toString());
                model.put("training_to", t.to().toString());
            });
            models.add(model);
        }
        m.put("models", models);
        if (!r.folds().isEmpty()) {
            List<Object> folds = new ArrayList<>();
            for (FoldResult f : r.folds()) {
                Map<String, Object> fold = new LinkedHashMap<>();
                fold.put("fold", f.fold());
                fold.put("model_version", f.modelVersion());
                fold.put("train_from", f.trainFrom().toString());
                fold.put("train_to", f.trainTo().toString());
                fold.put("test_from", f.testFrom().toString());
                fold.put("test_to", f.testTo().toString());
                fold.put("trades", f.trades());
                fold.put("return_pct", f.returnPct());
                fold.put("hit_rate", f.hitRate());
                fold.put("validation_metrics", new java.util.TreeMap<>(f.validationMetrics()));
                folds.add(fold);
            }
            m.put("folds", folds);
        }
        return m;
    }

    private static Map<String, Object> settings(Strategy s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", s.policy().toString());
        if (s.policy() instanceof ThresholdPolicy t) {
            m.put("min_confidence", t.minConfidence());
            m.put("stop_atr", t.stopAtrMultiple());
            m.put("target_atr", t.targetAtrMultiple());
        }
        m.put("cooldown", s.cooldown().toString());
        m.put("on_drift", s.onDrift().name().toLowerCase(java.util.Locale.ROOT));
        OutcomeRule rule = s.rule();
        m.put("max_hold_hours", rule.maxHold().toMillis() / 3.6e6);
        m.put("commission_pct", 100 * rule.commission());
        m.put("slippage_pct", 100 * rule.slippage());
        m.put("max_open_positions", s.maxOpenPositions());
        m.put("long_only", s.longOnly());
        return m;
    }

    // ------------------------------------------------------------------------------------------------ the page

    static String html(BacktestResult r, Map<String, Object> metrics) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("metrics", metrics);
        EquityCurve e = r.run().equity();
        data.put("time", seconds(e.timesMillis()));
        data.put("equity", e.values());
        data.put("buy_and_hold", r.baselines().get("buy_and_hold").equity().values());
        List<Object> prices = new ArrayList<>();
        for (BacktestResult.Span span : r.spans()) {
            StreamPredictions sp = r.predictions().streams().get(span.stream());
            int n = span.last() - span.first() + 1;
            long[] t = new long[n];
            double[] close = new double[n];
            for (int i = 0; i < n; i++) {
                Candle c = sp.candle(span.first() + i);
                t[i] = c.openTime().getEpochSecond();
                close[i] = c.close();
            }
            List<Object> trades = new ArrayList<>();
            for (Trade tr : r.run().trades()) {
                if (tr.stream().equals(span.stream())) {
                    trades.add(List.of(tr.entryTime().getEpochSecond(), tr.entry(), tr.exitTime().getEpochSecond(),
                            tr.exit(), tr.side() == dev.candlesignal.Action.BUY ? 1 : -1, tr.pnlPct(),
                            tr.exitReason().csvName()));
                }
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("symbol", span.stream().symbol());
            p.put("time", t);
            p.put("close", close);
            p.put("trades", trades);
            prices.add(p);
        }
        data.put("prices", prices);
        List<Object> bhMonthly = new ArrayList<>();
        for (MonthlyReturn mr : MonthlyReturn.of(r.baselines().get("buy_and_hold").equity())) {
            bhMonthly.add(mr.returnPct());
        }
        data.put("buy_and_hold_monthly", bhMonthly);
        String template = resource("report.html");
        Properties uplot = new Properties();
        try (InputStream in = BacktestReport.class.getResourceAsStream("uplot.properties")) {
            uplot.load(in);
        } catch (IOException | NullPointerException ex) {
            throw new IllegalStateException("uplot.properties is missing from signal-backtest's jar", ex);
        }
        String base = "/META-INF/resources/webjars/uplot/" + uplot.getProperty("version") + "/dist/";
        return template
                .replace("/*UPLOT_CSS*/", resource(base + "uPlot.min.css"))
                .replace("/*UPLOT_JS*/", resource(base + "uPlot.iife.min.js").replace("</script", "<\\/script"))
                .replace("/*DATA*/", Json.write(data))
                .replace("<!--TITLE-->", escape("candlesignal backtest: " + String.join(", ",
                        r.spans().stream().map(s -> s.stream().symbol()).toList()) + " "
                        + r.predictions().interval().wireName() + (r.inSample() ? " (IN-SAMPLE)" : "")));
    }

    private static long[] seconds(long[] millis) {
        long[] s = new long[millis.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = millis[i] / 1000;
        }
        return s;
    }

    private static String resource(String name) {
        try (InputStream in = BacktestReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path (signal-backtest's jar, or the "
                        + "uPlot webjar)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Whether {@code dir} holds the four outputs. */
    public static boolean complete(Path dir) {
        return List.of("trades.csv", "equity.csv", "metrics.json", "report.html").stream()
                .allMatch(f -> Files.isRegularFile(dir.resolve(f)));
    }
}
