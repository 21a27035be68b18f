package dev.candlesignal.benchmarks;

import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.testkit.ModelFixtures;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Soak test for native memory: runs up to a million predictions on one model and samples the process's resident
 * set size ({@code VmRSS} in {@code /proc/self/status}, Linux only) at intervals, then reports whether it grew
 * after warm-up. Not a JMH benchmark: it measures memory, not time (the rate it prints is only for orientation).
 *
 * <p>Run from the repository root; a fixed, pre-touched heap keeps Java heap growth out of the RSS:
 * <pre>
 * ./build -pl benchmarks -am package -DskipTests
 * java -Xms256m -Xmx256m -XX:+AlwaysPreTouch --enable-native-access=ALL-UNNAMED \
 *      -cp benchmarks/target/benchmarks.jar dev.candlesignal.benchmarks.DjlSoak \
 *      [--predictions 1000000] [--batch 1] [--samples 20] [--fixture lstm14-x3] [--backend djl|onnx] \
 *      [--max-growth-mb 32]
 * </pre>
 * Each prediction is one call: {@code predict} for batch 1, else {@code predictBatch} of that many windows. The
 * first 10 % of the calls are warm-up (libtorch's profiling executor, allocator pools and the JIT settle there); the
 * verdict compares the RSS at the end of warm-up with the last sample and with the maximum. Exit status 1 if the
 * growth exceeds {@code --max-growth-mb}.
 */
public final class DjlSoak {

    private DjlSoak() {
    }

    public static void main(String[] args) throws Exception {
        long predictions = 1_000_000;
        int batch = 1;
        int samples = 20;
        String fixture = ModelFixtures.LSTM14_X3;
        String backend = "djl";
        double maxGrowthMb = 32;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--predictions" -> predictions = Long.parseLong(value);
                case "--batch" -> batch = Integer.parseInt(value);
                case "--samples" -> samples = Integer.parseInt(value);
                case "--fixture" -> fixture = value;
                case "--backend" -> backend = value;
                case "--max-growth-mb" -> maxGrowthMb = Double.parseDouble(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see the class Javadoc)");
            }
            i++;
        }
        if (predictions < 10 || batch < 1 || samples < 2) {
            throw new IllegalArgumentException("need --predictions >= 10, --batch >= 1, --samples >= 2");
        }
        System.exit(run(predictions, batch, samples, fixture, backend, maxGrowthMb) ? 0 : 1);
    }

    static boolean run(long predictions, int batch, int samples, String fixture, String backend, double maxGrowthMb)
            throws Exception {
        long rssStart = rssKb();
        try (Model model = DjlVsOnnxBenchmark.load(backend, ModelBundle.load(ModelFixtures.bundle(fixture)), 1)) {
            int size = model.spec().windowSize();
            float[][][] inputs = RandomWindows.batches(16, batch, size, 7);
            int[] offsets = new int[batch];
            float[] out = new float[batch];
            long warmup = Math.max(1, predictions / 10);
            long step = Math.max(1, (predictions - warmup) / samples);
            System.out.printf("%s on %s, %d calls of batch %d; RSS before load %.1f MiB, after load %.1f MiB%n",
                    backend, fixture, predictions, batch, rssStart / 1024.0, rssKb() / 1024.0);
            System.out.printf("%12s %10s %10s %12s%n", "calls", "RSS MiB", "heap MiB", "calls/s");
            List<long[]> table = new ArrayList<>();
            long t0 = System.nanoTime();
            long tPrev = t0;
            long nextSample = warmup;
            float sink = 0;
            for (long n = 1; n <= predictions; n++) {
                float[][] windows = inputs[(int) (n & 15)];
                if (batch == 1) {
                    sink += model.predict(windows[0], 0);
                } else {
                    model.predictBatch(windows, offsets, batch, out);
                    sink += out[0];
                }
                if (n == nextSample || n == predictions) {
                    long now = System.nanoTime();
                    long rss = rssKb();
                    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                    long prevN = table.isEmpty() ? 0 : table.get(table.size() - 1)[0];
                    table.add(new long[] {n, rss});
                    System.out.printf("%12d %10.1f %10.1f %12.0f%n", n, rss / 1024.0, heap / 1048576.0,
                            (n - prevN) / ((now - tPrev) / 1e9));
                    tPrev = now;
                    nextSample = Math.min(predictions, n + step);
                }
            }
            long warm = table.get(0)[1];
            long last = table.get(table.size() - 1)[1];
            long max = table.stream().mapToLong(r -> r[1]).max().orElse(last);
            double growthMb = (Math.max(last, max) - warm) / 1024.0;
            long measured = table.get(table.size() - 1)[0] - table.get(0)[0];
            System.out.printf("RSS after warm-up %.1f MiB, at the end %.1f MiB, max %.1f MiB: growth %.1f MiB over %d"
                    + " calls (%.1f bytes/call); limit %.0f MiB -> %s (checksum %.3f)%n", warm / 1024.0,
                    last / 1024.0, max / 1024.0, growthMb, measured, measured == 0 ? 0 : growthMb * 1048576 / measured,
                    maxGrowthMb, growthMb <= maxGrowthMb ? "NO GROWTH BEYOND THE LIMIT" : "GROWS", sink);
            return growthMb <= maxGrowthMb;
        }
    }

    /** The process's resident set size in KiB, from {@code /proc/self/status}. */
    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS line in /proc/self/status (Linux only)");
    }
}
