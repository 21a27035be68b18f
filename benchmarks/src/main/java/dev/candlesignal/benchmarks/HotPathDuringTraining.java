package dev.candlesignal.benchmarks;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.CandleResult;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.indicators.FeatureSets;
import dev.candlesignal.model.Model;
import dev.candlesignal.onnx.OnnxModel;
import dev.candlesignal.train.LstmTrainer;
import dev.candlesignal.train.export.Architecture;
import dev.candlesignal.training.TrainingJob;
import dev.candlesignal.training.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A measuring main: the serving hot path while a retraining trains in the background, the way the retraining loop
 * runs it: {@link LstmTrainer} (lstm14 on the last 180 days of the bundled BTCUSDT year, {@code --train-threads}
 * libtorch threads, default 1) on a thread of minimum priority, and on the main thread the engine's allocation-free
 * {@code onCandle} with the demo model on ONNX Runtime, back to back. Three phases: before (no training), during
 * (until the training ends), after; p50 and p99 of each, and the ratio during / before.
 *
 * <pre>
 * ./build -pl benchmarks -am package -DskipTests
 * java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     dev.candlesignal.benchmarks.HotPathDuringTraining [--seconds 15] [--train-threads 1] [--epochs 100]
 * </pre>
 * Run from the repository root.
 */
public final class HotPathDuringTraining {
    private HotPathDuringTraining() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = intArg(args, "--seconds", 15);
        int trainThreads = intArg(args, "--train-threads", 1);
        int epochs = intArg(args, "--epochs", 100);

        List<Candle> year = RealCandles.year("BTCUSDT");
        List<Candle> trainOn = year.subList(year.size() - 180 * 24, year.size());
        // the same 100,000 candles for up to 20 streams in turn: up to 2 million back-to-back candles, shared objects
        Candle[] serve = RealCandles.series(year, 0, 100_000);
        try (Model model = OnnxModel.load(Path.of("models", "demo-btcusdt-1h"));
                SignalEngine engine = SignalEngine.builder().featureSet(FeatureSets.byId(model.featureSetId()))
                        .model(model).build()) {
            StreamKey stream = StreamKey.of("BTCUSDT", Interval.HOUR_1);
            StreamKey[] streams = new StreamKey[20];
            for (int s = 0; s < streams.length; s++) {
                streams[s] = StreamKey.of("BTCUSDT_" + s, Interval.HOUR_1);
            }
            CandleResult result = new CandleResult();
            int[] next = {0};
            Runnable candle = () -> {
                int k = next[0]++;
                engine.onCandle(streams[k / serve.length], serve[k % serve.length], result);
            };
            for (int i = 0; i < 20_000; i++) { // warm-up: JIT, ONNX Runtime
                candle.run();
            }
            long[] before = measure(candle, () -> false, seconds);

            FeatureSet features = FeatureSets.byId(model.featureSetId());
            LstmTrainer trainer = LstmTrainer.builder().featureSet(features).architecture(Architecture.LSTM14)
                    .epochs(epochs).threads(trainThreads).build();
            Path out = Files.createTempDirectory("hot-path-training").resolve("bundle");
            AtomicReference<Object> trained = new AtomicReference<>();
            Thread training = new Thread(() -> {
                try {
                    TrainingResult r = trainer.train(TrainingJob.of("bench", "2", stream, trainOn), out);
                    trained.set(r);
                } catch (Exception e) {
                    trained.set(e);
                }
            }, "candlesignal-retrain-1");
            training.setPriority(Thread.MIN_PRIORITY);
            long trainStart = System.nanoTime();
            training.start();
            long[] during = measure(candle, () -> !training.isAlive(), Integer.MAX_VALUE);
            double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
            training.join();
            long[] after = measure(candle, () -> false, seconds);

            String load = Files.readString(Path.of("/proc/loadavg")).strip();
            System.out.printf(Locale.ROOT, "HotPathDuringTraining: demo model (standard14, ONNX Runtime, 1 thread) "
                    + "serving while LstmTrainer lstm14 trains on 180 days with %d thread(s); load average after: %s%n",
                    trainThreads, load);
            Object r = trained.get();
            System.out.printf(Locale.ROOT, "training: %.1f s, %s%n", trainSeconds, r instanceof TrainingResult t
                    ? t.epochsRun() + " epochs (best " + t.bestEpoch() + ")" : "failed: " + r);
            print("before", before);
            print("during", during);
            print("after", after);
            System.out.printf(Locale.ROOT, "p50 during / before: %.2f x (target <= 1.3 x); p50 during / after: %.2f x%n",
                    percentile(during, 0.5) / percentile(before, 0.5), percentile(during, 0.5) / percentile(after, 0.5));
        }
    }

    /** Latencies of back-to-back candles for {@code seconds}, or until {@code stop} says so; sorted, in ns. */
    private static long[] measure(Runnable candle, java.util.function.BooleanSupplier stop, int seconds) {
        long[] samples = new long[1 << 20];
        int n = 0;
        long end = seconds == Integer.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end && !stop.getAsBoolean()) {
            long a = System.nanoTime();
            candle.run();
            long b = System.nanoTime();
            if (n == samples.length) {
                samples = Arrays.copyOf(samples, n * 2);
            }
            samples[n++] = b - a;
        }
        long[] out = Arrays.copyOf(samples, n);
        Arrays.sort(out);
        return out;
    }

    private static void print(String phase, long[] sorted) {
        System.out.printf(Locale.ROOT, "%-6s: %d candles, p50 %.1f us, p99 %.1f us%n", phase, sorted.length,
                percentile(sorted, 0.5) / 1e3, percentile(sorted, 0.99) / 1e3);
    }

    private static double percentile(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.floor(q * (sorted.length - 1))];
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
