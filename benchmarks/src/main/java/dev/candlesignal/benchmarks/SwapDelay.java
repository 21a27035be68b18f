package dev.candlesignal.benchmarks;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.CandleResult;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.indicators.FeatureSets;
import dev.candlesignal.model.Model;
import dev.candlesignal.onnx.OnnxModel;
import dev.candlesignal.store.ModelStore;
import dev.candlesignal.testkit.BundleCopy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A measuring main: what a promotion costs the serving path. Feeder threads push real candles through the engine as
 * fast as they can (the allocation-free {@code onCandle}, the demo model on ONNX Runtime, several streams each), while
 * a promoter does what the retraining loop does on a promotion every few milliseconds: the store's pointer
 * ({@link ModelStore#promote}, which checks the version's hashes and replaces the pointer with fsync), then
 * {@link SignalEngine#swapModel} between two loaded versions of the demo model.
 *
 * <p>Reported: the latency of every candle, split into those that started while a {@code swapModel} call was in
 * progress (the ones that would wait if predictions waited for swaps; chosen by start time so that long candles are
 * not over-represented) and the others, and the difference of their percentiles (what a swap adds to a candle's latency); the durations of
 * {@code swapModel} (the promoting thread waits there for the predictions still on the old model) and of the pointer
 * update. On a loaded machine the largest latencies of both groups are the operating system's scheduling, not the
 * engine's: compare the groups, not a maximum with a median.
 *
 * <pre>
 * ./build -pl benchmarks -am package -DskipTests
 * java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar dev.candlesignal.benchmarks.SwapDelay \
 *     [--seconds 20] [--threads 2] [--streams 4] [--every-ms 20]
 * </pre>
 * Run from the repository root.
 */
public final class SwapDelay {
    private SwapDelay() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = intArg(args, "--seconds", 20);
        int threads = intArg(args, "--threads", 2);
        int streamsPerThread = intArg(args, "--streams", 4);
        int everyMs = intArg(args, "--every-ms", 20);

        Path dir = Files.createTempDirectory("swap-delay");
        Path demo = Path.of("models", "demo-btcusdt-1h");
        ModelStore store = ModelStore.openOrCreate(dir.resolve("store"));
        String id = store.save(demo).modelId();
        store.save(BundleCopy.of(demo, dir.resolve("v2"), m -> m.version("2").parentVersion("1")).directory());
        store.promote(id, "1", "first");
        Model[] versions = {OnnxModel.load(store.open(id, "1").directory()),
            OnnxModel.load(store.open(id, "2").directory())};

        List<Candle> year = RealCandles.year("BTCUSDT");
        int perStream = 40_000;
        try (SignalEngine engine = SignalEngine.builder().featureSet(FeatureSets.byId(versions[0].featureSetId()))
                .model(versions[0]).build()) {
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch warm = new CountDownLatch(threads);
            long[][] starts = new long[threads][];
            long[][] ends = new long[threads][];
            int[] counts = new int[threads];
            List<Thread> feeders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                StreamKey[] keys = new StreamKey[streamsPerThread];
                Candle[][] series = new Candle[streamsPerThread][];
                for (int s = 0; s < streamsPerThread; s++) {
                    keys[s] = StreamKey.of("BTC_" + thread + "_" + s, Interval.HOUR_1);
                    series[s] = RealCandles.series(year, (thread * streamsPerThread + s) * 997, perStream);
                }
                starts[t] = new long[perStream * streamsPerThread];
                ends[t] = new long[perStream * streamsPerThread];
                Thread feeder = new Thread(() -> {
                    CandleResult result = new CandleResult();
                    int warmUp = 2_000;
                    int n = 0;
                    for (int i = 0; i < perStream && !stop.get(); i++) {
                        for (int s = 0; s < keys.length; s++) {
                            long a = System.nanoTime();
                            engine.onCandle(keys[s], series[s][i], result);
                            long b = System.nanoTime();
                            if (i >= warmUp) {
                                starts[thread][n] = a;
                                ends[thread][n] = b;
                                n++;
                            }
                        }
                        if (i == warmUp) {
                            warm.countDown();
                        }
                    }
                    counts[thread] = n;
                }, "feeder-" + t);
                feeders.add(feeder);
                feeder.start();
            }
            warm.await();

            List<long[]> swaps = new ArrayList<>(); // {before pointer, after pointer, after swap}
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            int next = 1;
            while (System.nanoTime() < deadline && feeders.stream().anyMatch(Thread::isAlive)) {
                Thread.sleep(everyMs);
                long a = System.nanoTime();
                store.promote(id, Integer.toString(next + 1), "benchmark");
                long b = System.nanoTime();
                engine.swapModel(versions[next]);
                long c = System.nanoTime();
                swaps.add(new long[] {a, b, c});
                next = 1 - next;
            }
            stop.set(true);
            for (Thread f : feeders) {
                f.join();
            }
            report(starts, ends, counts, swaps, threads, streamsPerThread, everyMs);
        } finally {
            for (Model m : versions) {
                m.close();
            }
        }
    }

    private static void report(long[][] starts, long[][] ends, int[] counts, List<long[]> swaps, int threads,
            int streams, int everyMs) throws Exception {
        List<Long> normal = new ArrayList<>();
        List<Long> overlapping = new ArrayList<>();
        for (int t = 0; t < starts.length; t++) {
            int k = 0;
            for (int i = 0; i < counts[t]; i++) {
                long a = starts[t][i];
                long b = ends[t][i];
                while (k < swaps.size() && swaps.get(k)[2] < a) {
                    k++;
                }
                // started while a swap was in progress: the candles that would wait if predictions waited for swaps
                // (chosen by start time, so that long candles are not over-represented)
                boolean overlaps = k < swaps.size() && swaps.get(k)[1] <= a;
                (overlaps ? overlapping : normal).add(b - a);
            }
        }
        long[] n = sorted(normal);
        long[] o = sorted(overlapping);
        long[] swap = sorted(swaps.stream().map(s -> s[2] - s[1]).toList());
        long[] pointer = sorted(swaps.stream().map(s -> s[1] - s[0]).toList());
        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        System.out.printf(Locale.ROOT, "SwapDelay: %d feeder threads x %d streams, demo model on ONNX Runtime, a "
                + "promotion every %d ms; load average after: %s%n", threads, streams, everyMs, load);
        System.out.printf(Locale.ROOT, "candles: %d (%d started during a swapModel call); promotions: %d%n",
                n.length + o.length, o.length, swaps.size());
        System.out.printf(Locale.ROOT, "candle latency, started outside a swap: p50 %s  p99 %s  max %s%n", us(n, 0.5),
                us(n, 0.99), us(n, 1.0));
        System.out.printf(Locale.ROOT, "candle latency, started during a swap: p50 %s  p99 %s  max %s%n", us(o, 0.5),
                us(o, 0.99), us(o, 1.0));
        System.out.printf(Locale.ROOT, "during minus outside: p50 %+.1f us, p99 %+.1f us, max %+.1f us "
                + "(target: a swap delays no signal by more than 10 ms)%n", (percentile(o, 0.5) - percentile(n, 0.5)) / 1e3,
                (percentile(o, 0.99) - percentile(n, 0.99)) / 1e3, (percentile(o, 1.0) - percentile(n, 1.0)) / 1e3);
        System.out.printf(Locale.ROOT, "swapModel call (the promoting thread waits for the predictions still on the old "
                + "model; predictions do not wait): p50 %s  p99 %s  max %s%n", us(swap, 0.5), us(swap, 0.99),
                us(swap, 1.0));
        System.out.printf(Locale.ROOT, "store pointer (hash check + fsync, on the loop's thread): p50 %s  max %s%n",
                us(pointer, 0.5), us(pointer, 1.0));
    }

    private static long[] sorted(List<Long> values) {
        long[] a = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a;
    }

    private static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))];
    }

    private static String us(long[] sorted, double q) {
        return sorted.length == 0 ? "-" : String.format(Locale.ROOT, "%.1f us", percentile(sorted, q) / 1e3);
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
