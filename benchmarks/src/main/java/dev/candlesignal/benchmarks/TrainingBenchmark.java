package dev.candlesignal.benchmarks;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.indicators.FeatureSets;
import dev.candlesignal.model.Models;
import dev.candlesignal.replay.KlineCsv;
import dev.candlesignal.train.LstmTrainer;
import dev.candlesignal.train.TrainingListener;
import dev.candlesignal.train.TrainingProgress;
import dev.candlesignal.train.export.Architecture;
import dev.candlesignal.train.export.BundleWriter;
import dev.candlesignal.training.TrainingJob;
import dev.candlesignal.training.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Measures the Java trainer ({@code LstmTrainer}) for issue 15's targets. Not JMH: a training is one long run whose
 * time per epoch, wall time and memory are the quantities, so a plain measuring main with its own timing (as
 * {@link DjlSoak}). The Python side of each comparison is {@code benchmarks/python/train_timing.py} with the same
 * candles, split, seed and threads.
 *
 * <p>Run from the repository root after {@code ./build -pl benchmarks -am package -DskipTests}:
 * <pre>
 * J="java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar dev.candlesignal.benchmarks.TrainingBenchmark"
 * $J epochs  --arch lstm14 --epochs 4            # seconds per epoch on the bundled BTCUSDT 1h year (no early stop)
 * $J quality --arch lstm14 --seeds 1,2,3         # to early stopping (patience 10, <= 100 epochs): val loss, accuracy
 * $J early   --arch lstm14 --days 180            # the last 180 days to early stopping: wall time of train()
 * java -Xmx256m ... $J memory --arch lstm28 --epochs 3             # peak RSS (VmHWM) of a training on the year
 * java -Xms256m -Xmx256m -XX:NativeMemoryTracking=summary ... $J soak --trainings 20 --epochs 2  # RSS after each
 * </pre>
 * Options: {@code --candles FILE} (default {@code data/binance/BTCUSDT-1h.csv}), {@code --threads N} (1),
 * {@code --seed S} (42), {@code --plateau-patience N} (default: the trainer's 10; {@code tools/train} uses
 * max(1, patience / 2), so the quality comparison passes 5), {@code --verify backends|hashes} (default backends: the
 * bundle writer loads the new bundle on ONNX Runtime and DJL; hashes: sizes and SHA-256 only, to tell the trainer's
 * memory from the verification's), {@code --soak-candles N} (2000), {@code --keep DIR} (keep each bundle as
 * {@code DIR/ARCH-seedS} instead of deleting it). lstm14 trains on {@code standard14/takerFlow}, lstm28
 * on {@code standard28}. Bundles are written to a temporary directory and deleted.
 */
public final class TrainingBenchmark {
    private TrainingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: TrainingBenchmark epochs|quality|early|memory|soak [options]");
        }
        String mode = args[0];
        Options o = Options.parse(Arrays.copyOfRange(args, 1, args.length));
        List<Candle> year = KlineCsv.read(o.candles);
        System.out.println("# " + mode + " " + String.join(" ", Arrays.copyOfRange(args, 1, args.length)) + "; "
                + year.size() + " candles; load " + Files.readString(Path.of("/proc/loadavg")).strip() + "; "
                + Runtime.version());
        switch (mode) {
            case "epochs" -> epochs(o, year);
            case "quality" -> quality(o, year);
            case "early" -> early(o, year);
            case "memory" -> memory(o, year);
            case "soak" -> soak(o, year);
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        System.out.println("# load after " + Files.readString(Path.of("/proc/loadavg")).strip());
    }

    /** Seconds per epoch, without early stopping. */
    static void epochs(Options o, List<Candle> candles) throws Exception {
        List<Double> seconds = new ArrayList<>();
        long[] last = {System.nanoTime()};
        TrainingListener timer = new TrainingListener() {
            @Override
            public void onBatch(TrainingProgress p) {
                if (p.epoch() == 1 && p.batch() == 1) {
                    last[0] = System.nanoTime(); // the loop has started: data and engine are ready
                }
            }

            @Override
            public void onEpoch(TrainingProgress p, boolean improved) {
                long now = System.nanoTime();
                seconds.add((now - last[0]) / 1e9);
                last[0] = now;
                System.out.printf(Locale.ROOT, "epoch %d: %.3f s  train loss %.5f  val loss %.5f%n", p.epoch(),
                        seconds.get(seconds.size() - 1), p.trainLoss(), p.validationLoss());
            }
        };
        TrainingResult r = train(o, candles, o.epochs, o.epochs, timer);
        List<Double> steady = seconds.subList(Math.min(1, seconds.size() - 1), seconds.size());
        System.out.printf(Locale.ROOT, "RESULT epochs arch=%s threads=%d train=%d val=%d epoch1=%.3f s"
                + " median(epochs 2..)=%.3f s wall=%.1f s%n", o.arch.id(), o.threads,
                Math.round(r.validationMetrics().get("train_samples")),
                Math.round(r.validationMetrics().get("val_samples")), seconds.get(0), median(steady),
                r.wallTime().toMillis() / 1000.0);
    }

    /** Validation log loss and accuracy at early stopping, one run per seed. */
    static void quality(Options o, List<Candle> candles) throws Exception {
        List<Double> losses = new ArrayList<>();
        List<Double> accuracies = new ArrayList<>();
        for (long seed : o.seeds) {
            o.seed = seed;
            TrainingResult r = train(o, candles, o.epochs, o.patience, TrainingListener.none());
            double loss = r.validationMetrics().get("val_loss");
            double accuracy = r.validationMetrics().get("val_accuracy");
            losses.add(loss);
            accuracies.add(accuracy);
            System.out.printf(Locale.ROOT, "RESULT quality arch=%s seed=%d val_loss=%.5f val_accuracy=%.4f best_epoch=%d"
                    + " epochs_run=%d always_up=%.4f previous=%.4f wall=%.1f s%n", o.arch.id(), seed, loss, accuracy,
                    r.bestEpoch(), r.epochsRun(), r.validationMetrics().get("baseline_always_up_accuracy"),
                    r.validationMetrics().get("baseline_previous_direction_accuracy"),
                    r.wallTime().toMillis() / 1000.0);
        }
        System.out.printf(Locale.ROOT, "RESULT quality arch=%s mean val_loss=%.5f (sd %.5f) val_accuracy=%.4f (sd %.4f)%n",
                o.arch.id(), mean(losses), sd(losses), mean(accuracies), sd(accuracies));
    }

    /** The last {@code --days} days to early stopping: the wall time of {@code train()}, bundle included. */
    static void early(Options o, List<Candle> candles) throws Exception {
        Instant end = candles.get(candles.size() - 1).openTime().plus(Duration.ofHours(1));
        Instant start = end.minus(Duration.ofDays(o.days));
        List<Candle> range = candles.stream().filter(c -> !c.openTime().isBefore(start)).toList();
        // where the wall time goes: before the first batch (features, windows, engine), the epochs, after the last
        // epoch (the bundle written and checked)
        long[] marks = new long[3];
        TrainingListener phases = new TrainingListener() {
            @Override
            public void onBatch(TrainingProgress p) {
                if (p.epoch() == 1 && p.batch() == 1) {
                    marks[0] = System.nanoTime();
                }
            }

            @Override
            public void onEpoch(TrainingProgress p, boolean improved) {
                marks[1] = System.nanoTime();
            }
        };
        long begin = System.nanoTime();
        TrainingResult r = train(o, range, o.epochs, o.patience, phases);
        marks[2] = System.nanoTime();
        System.out.printf(Locale.ROOT, "RESULT early arch=%s days=%d threads=%d candles=%d train=%d val=%d"
                + " epochs_run=%d best_epoch=%d val_loss=%.5f val_accuracy=%.4f wall=%.1f s (to first batch %.1f s,"
                + " epochs %.1f s, bundle %.1f s)%n", o.arch.id(), o.days, o.threads, range.size(),
                Math.round(r.validationMetrics().get("train_samples")),
                Math.round(r.validationMetrics().get("val_samples")), r.epochsRun(), r.bestEpoch(),
                r.validationMetrics().get("val_loss"), r.validationMetrics().get("val_accuracy"),
                r.wallTime().toMillis() / 1000.0, (marks[0] - begin) / 1e9, (marks[1] - marks[0]) / 1e9,
                (marks[2] - marks[1]) / 1e9);
    }

    /** Peak resident set size of one training (the process's VmHWM), and the RSS after it. */
    static void memory(Options o, List<Candle> candles) throws Exception {
        System.out.println("before: " + rss());
        System.out.println(dev.candlesignal.djl.PyTorchEngine.start() + " started: " + rss());
        TrainingResult r = train(o, candles, o.epochs, o.epochs, TrainingListener.none());
        System.out.printf(Locale.ROOT, "RESULT memory arch=%s epochs=%d peak_rss=%s rss_after=%s heap_max=%d MiB wall=%.1f s%n",
                o.arch.id(), r.epochsRun(), status("VmHWM"), rss(), Runtime.getRuntime().maxMemory() >> 20,
                r.wallTime().toMillis() / 1000.0);
    }

    /** RSS after each of many trainings in one JVM: native memory must not grow with the count. */
    static void soak(Options o, List<Candle> candles) throws Exception {
        List<Candle> part = candles.subList(0, Math.min(o.soakCandles, candles.size()));
        List<Long> rss = new ArrayList<>();
        for (int i = 1; i <= o.trainings; i++) {
            o.seed = i;
            train(o, part, o.epochs, o.epochs, TrainingListener.none());
            System.gc();
            long kb = kiB("VmRSS");
            rss.add(kb);
            long jvm = jvmCommittedKiB();
            System.out.printf(Locale.ROOT, "training %d: rss %d MiB%s%n", i, kb >> 10, jvm < 0 ? ""
                    : String.format(Locale.ROOT, ", JVM committed (NMT) %d MiB, rest (libtorch, ONNX Runtime, malloc)"
                            + " %d MiB", jvm >> 10, (kb - jvm) >> 10));
        }
        long afterFirst = rss.get(0);
        long afterThird = rss.get(Math.min(2, rss.size() - 1));
        long last = rss.get(rss.size() - 1);
        long max = rss.stream().mapToLong(Long::longValue).max().orElse(0);
        System.out.printf(Locale.ROOT, "RESULT soak arch=%s trainings=%d candles=%d epochs=%d rss_after_1=%d MiB"
                + " rss_after_3=%d MiB rss_last=%d MiB rss_max=%d MiB growth_3_to_last=%d MiB%n", o.arch.id(),
                o.trainings, part.size(), o.epochs, afterFirst >> 10, afterThird >> 10, last >> 10, max >> 10,
                (last - afterThird) >> 10);
    }

    static TrainingResult train(Options o, List<Candle> candles, int epochs, int patience, TrainingListener listener)
            throws Exception {
        FeatureSet set = o.arch == Architecture.LSTM14 ? FeatureSets.standard14() : FeatureSets.standard28();
        LstmTrainer.Builder builder = LstmTrainer.builder().featureSet(set).architecture(o.arch).epochs(epochs)
                .patience(patience).seed(o.seed).threads(o.threads).listener(listener);
        if (o.plateauPatience >= 0) {
            builder.plateau(o.plateauPatience, 0.5);
        }
        if (!o.verify) {
            builder.bundleWriter(BundleWriter.verifyingWith(Models.of(List.of())));
        }
        TrainingJob job = TrainingJob.of("bench", "1", StreamKey.of("BTCUSDT", Interval.HOUR_1), candles);
        if (o.keep != null) { // keep the bundle, e.g. to score it beside tools/train's on the same windows
            Files.createDirectories(o.keep);
            return builder.build().train(job, o.keep.resolve(o.arch.id() + "-seed" + o.seed));
        }
        Path dir = Files.createTempDirectory("training-benchmark");
        try {
            return builder.build().train(job, dir.resolve("bundle"));
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * The JVM's own committed memory from Native Memory Tracking ({@code -XX:NativeMemoryTracking=summary}), or -1
     * without it: RSS minus this is, roughly, the memory of the native libraries.
     */
    private static long jvmCommittedKiB() {
        try {
            Object text = java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB")
                    .matcher(text.toString());
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private static String rss() throws IOException {
        return status("VmRSS");
    }

    private static String status(String key) throws IOException {
        return (kiB(key) >> 10) + " MiB";
    }

    private static long kiB(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.substring(key.length() + 1).replace("kB", "").strip());
            }
        }
        return -1;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double sd(List<Double> values) {
        double m = mean(values);
        return Math.sqrt(values.stream().mapToDouble(v -> (v - m) * (v - m)).sum() / Math.max(1, values.size() - 1));
    }

    /** The command-line options. */
    static final class Options {
        Path candles = Path.of("data/binance/BTCUSDT-1h.csv");
        Architecture arch = Architecture.LSTM14;
        int epochs = 100;
        int patience = 10;
        int plateauPatience = -1;
        int threads = 1;
        long seed = 42;
        long[] seeds = {1, 2, 3};
        int days = 180;
        int trainings = 20;
        int soakCandles = 2000;
        boolean verify = true;
        Path keep;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i += 2) {
                String value = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--candles" -> o.candles = Path.of(value);
                    case "--arch" -> o.arch = Architecture.byId(value);
                    case "--epochs" -> o.epochs = Integer.parseInt(value);
                    case "--patience" -> o.patience = Integer.parseInt(value);
                    case "--plateau-patience" -> o.plateauPatience = Integer.parseInt(value);
                    case "--threads" -> o.threads = Integer.parseInt(value);
                    case "--seed" -> o.seed = Long.parseLong(value);
                    case "--seeds" -> o.seeds = Arrays.stream(value.split(",")).mapToLong(Long::parseLong).toArray();
                    case "--days" -> o.days = Integer.parseInt(value);
                    case "--keep" -> o.keep = Path.of(value);
                    case "--trainings" -> o.trainings = Integer.parseInt(value);
                    case "--soak-candles" -> o.soakCandles = Integer.parseInt(value);
                    case "--verify" -> o.verify = switch (value) {
                        case "backends" -> true;
                        case "hashes" -> false;
                        default -> throw new IllegalArgumentException("--verify backends|hashes, not " + value);
                    };
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return o;
        }
    }
}
