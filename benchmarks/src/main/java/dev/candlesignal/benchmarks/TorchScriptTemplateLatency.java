package dev.candlesignal.benchmarks;

import dev.candlesignal.djl.DjlModel;
import dev.candlesignal.djl.DjlOptions;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.Models;
import dev.candlesignal.testkit.ModelFixtures;
import dev.candlesignal.train.export.BundleWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;

/**
 * Batch-1 latency of a Java-written {@code model.pt} (the scripted template) next to the traced export of the same
 * weights, measured <em>interleaved</em> in one JVM: rounds of {@code --calls} predictions alternate between the two
 * modules (the order flips every round), so load on a shared machine hits both alike; {@link
 * TorchScriptTemplateBenchmark} measures them in separate JMH forks instead. Prints per variant the median, p90 and
 * p99 of single calls over all rounds, and the median over rounds of the per-round ratio of medians (template /
 * traced).
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     dev.candlesignal.benchmarks.TorchScriptTemplateLatency [--model demo|lstm28-x3] [--rounds 40] [--calls 500]
 * </pre>
 */
public final class TorchScriptTemplateLatency {
    private TorchScriptTemplateLatency() {
    }

    public static void main(String[] args) throws Exception {
        String model = "demo";
        int rounds = 40;
        int calls = 500;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--model" -> model = args[i + 1];
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--calls" -> calls = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path traced = model.equals("demo") ? Path.of("models/demo-btcusdt-1h") : ModelFixtures.bundle(model);
        ModelBundle bundle = ModelBundle.load(traced);
        Path tmp = Files.createTempDirectory("template-latency");
        Path copy = tmp.resolve("bundle");
        BundleWriter.verifyingWith(Models.discover())
                .write(TorchScriptTemplateBenchmark.weightsOf(bundle), bundle.manifest().toBuilder(), copy);
        DjlOptions options = DjlOptions.builder().intraOpThreads(1).build();
        try (DjlModel a = DjlModel.load(bundle, options);
                DjlModel b = DjlModel.load(ModelBundle.load(copy), options)) {
            DjlModel[] models = {a, b};
            float[][][] windows = RandomWindows.batches(16, 1, a.spec().windowSize(), 42);
            for (DjlModel m : models) { // warm-up: the profiling executor optimises after a few runs; JIT
                for (int i = 0; i < 2_000; i++) {
                    m.predict(windows[i & 15][0], 0);
                }
            }
            long[][] all = new long[2][rounds * calls];
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                double[] median = new double[2];
                for (int k = 0; k < 2; k++) {
                    int v = (r + k) % 2;
                    long[] lat = new long[calls];
                    for (int i = 0; i < calls; i++) {
                        long t0 = System.nanoTime();
                        models[v].predict(windows[i & 15][0], 0);
                        lat[i] = System.nanoTime() - t0;
                    }
                    System.arraycopy(lat, 0, all[v], r * calls, calls);
                    Arrays.sort(lat);
                    median[v] = lat[calls / 2];
                }
                ratios[r] = median[1] / median[0];
            }
            Arrays.sort(ratios);
            System.out.printf(Locale.ROOT, "model %s, %d rounds x %d calls each, batch 1, 1 intra-op thread%n", model,
                    rounds, calls);
            String[] names = {"traced  ", "template"};
            for (int v = 0; v < 2; v++) {
                long[] s = all[v];
                Arrays.sort(s);
                System.out.printf(Locale.ROOT, "%s p50 %7.1f us  p90 %7.1f us  p99 %7.1f us%n", names[v],
                        s[s.length / 2] / 1e3, s[(int) (s.length * 0.9)] / 1e3, s[(int) (s.length * 0.99)] / 1e3);
            }
            System.out.printf(Locale.ROOT, "template / traced, median of per-round p50 ratios: %.3f (rounds: min %.3f,"
                    + " max %.3f)%n", ratios[rounds / 2], ratios[0], ratios[rounds - 1]);
        } finally {
            try (var files = Files.walk(tmp)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
