package dev.candlesignal.benchmarks;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.backtest.BacktestRange;
import dev.candlesignal.backtest.BacktestResult;
import dev.candlesignal.backtest.Backtester;
import dev.candlesignal.backtest.Predictions;
import dev.candlesignal.backtest.Simulation;
import dev.candlesignal.backtest.Strategy;
import dev.candlesignal.backtest.SweepGrid;
import dev.candlesignal.indicators.FeatureSets;
import dev.candlesignal.onnx.OnnxModel;
import dev.candlesignal.replay.KlineCsv;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures the backtest targets of issue 17 in-process, on a warm JVM (a measuring main, not JMH: each measured
 * unit is a whole backtest of 0.1 s to seconds, so a JMH single-shot run measures the same thing):
 * <ul>
 *   <li>{@code year}: the bundled year of BTCUSDT 1h, standard28 + the 28 x 128 LSTM (the fixture, ONNX Runtime):
 *       predictions ({@code Backtester.predict}) plus the backtest with baselines, 100 random runs and scoring
 *       ({@code evaluate}); CSV parsing and model loading are outside;</li>
 *   <li>{@code sweep}: 500 combinations (min-confidence 0.50..0.99 x stop-atr 1..3 in 0.5 x max-hold 12, 24) over
 *       the same predictions, 2 threads.</li>
 * </ul>
 * Prints the median and the range over {@code runs} repetitions after {@code warmup} ones. The fifth argument is the
 * engine's {@code maxBatchSize} (default: the backtester's, 512). The fourth argument
 * {@code demo} measures the bundled demo model (standard14, 14 x 64) instead (in-sample: a timing, not a result).
 *
 * <pre>
 * ./build -pl benchmarks -am package -DskipTests
 * java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar dev.candlesignal.benchmarks.BacktestMeasure [runs] [warmup] [threads] [lstm28|demo] [batch]
 * </pre>
 */
public final class BacktestMeasure {
    private BacktestMeasure() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        String which = args.length > 3 ? args[3] : "lstm28";
        int batch = args.length > 4 ? Integer.parseInt(args[4]) : 0; // 0: the backtester's own (512)
        List<Candle> candles = KlineCsv.read(Path.of("data", "binance", "BTCUSDT-1h.csv"), Interval.HOUR_1);
        StreamKey btc = StreamKey.of("BTCUSDT", Interval.HOUR_1);
        Strategy strategy = Strategy.defaults(Interval.HOUR_1);
        boolean demo = which.equals("demo");
        try (OnnxModel model = OnnxModel.load(demo ? Path.of("models", "demo-btcusdt-1h")
                : Path.of("fixtures", "models", "lstm28-x3"))) {
            Backtester b = Backtester.builder().featureSet(demo ? FeatureSets.standard14() : FeatureSets.standard28())
                    .model(model).allowInSample(demo)
                    .engineOptions(e -> {
                        e.parallelism(threads);
                        if (batch > 0) {
                            e.maxBatchSize(batch);
                        }
                    }).build();
            double[] predict = new double[runs];
            double[] evaluate = new double[runs];
            double[] total = new double[runs];
            Predictions p = null;
            BacktestResult r = null;
            for (int i = -warmup; i < runs; i++) {
                long t0 = System.nanoTime();
                p = b.predict(Map.of(btc, candles));
                long t1 = System.nanoTime();
                r = b.evaluate(p, BacktestRange.all(), strategy);
                long t2 = System.nanoTime();
                if (i >= 0) {
                    predict[i] = (t1 - t0) / 1e6;
                    evaluate[i] = (t2 - t1) / 1e6;
                    total[i] = (t2 - t0) / 1e6;
                }
            }
            System.out.printf(Locale.ROOT, "year: %d candles, %d predictions, %d trades%n", candles.size(),
                    p.list().get(0).predictedCount(), r.run().trades().size());
            report("year predict", predict);
            report("year evaluate (strategy, 3 baselines, 100 random runs, scoring)", evaluate);
            report("year predict + evaluate", total);

            SweepGrid grid = SweepGrid.parse("min-confidence=0.5:0.99:0.01,stop-atr=1:3:0.5,max-hold=12:24:12");
            List<Strategy> strategies = new ArrayList<>();
            for (Map<String, BigDecimal> c : grid.combinations()) {
                strategies.add(SweepGrid.apply(strategy, c, Interval.HOUR_1));
            }
            double[] sweep = new double[runs];
            double[] withBaselines = new double[runs];
            List<Simulation> out = null;
            for (int i = -warmup; i < runs; i++) {
                long t0 = System.nanoTime();
                out = b.sweep(p, BacktestRange.all(), strategies, threads);
                long t1 = System.nanoTime();
                // what backtest --sweep adds for its rows: the trivial baselines per distinct stop/max-hold
                SweepGrid.baselines(b, p, BacktestRange.all(), grid.combinations(), strategies);
                long t2 = System.nanoTime();
                if (i >= 0) {
                    sweep[i] = (t1 - t0) / 1e6;
                    withBaselines[i] = (t2 - t0) / 1e6;
                }
            }
            System.out.printf(Locale.ROOT, "sweep: %d combinations, %d threads (first row %d trades)%n", out.size(),
                    threads, out.get(0).trades().size());
            report("sweep of " + out.size(), sweep);
            report("sweep of " + out.size() + " + the rows' baselines", withBaselines);
        }
    }

    private static void report(String what, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "%-70s median %8.1f ms  min %8.1f  max %8.1f  (n=%d)%n", what,
                s[s.length / 2], s[0], s[s.length - 1], s.length);
    }
}
