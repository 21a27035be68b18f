package dev.candlesignal.flink.cli;

import dev.candlesignal.Evaluation;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.StreamCandle;
import dev.candlesignal.flink.FlinkSignals;
import dev.candlesignal.flink.KlineFiles;
import dev.candlesignal.flink.ModelReference;
import dev.candlesignal.flink.SignalCsv;
import dev.candlesignal.flink.SignalOperatorSpec;
import dev.candlesignal.flink.SignalSinks;
import dev.candlesignal.io.AtomicFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code candlesignal-flink replay}: the kline files through the keyed signal operator on Flink, the CSV lines of
 * {@code candlesignal replay} into one file per stream, {@code OUT/SYMBOL-INTERVAL.csv}.
 *
 * <p>The job reads the files with the bounded kline {@code FileSource}, keys the candles by stream, runs the operator
 * at {@code --parallelism} and writes with the exactly-once {@code FileSink} ({@link SignalSinks#csvFiles}) into
 * {@code OUT/_parts}, committed at each checkpoint and at the end. Once the job has finished, each stream's committed
 * lines are sorted by open time and written, with the header, to {@code OUT/SYMBOL-INTERVAL.csv} (atomically on a
 * local disk), and {@code OUT/_parts} is deleted. {@code OUT/_parts} left by an earlier run is deleted first.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replays kline CSV files (SYMBOL-INTERVAL.csv) through the signal operator on Flink and writes "
                + "candlesignal replay's CSV lines to OUT/SYMBOL-INTERVAL.csv, one file per stream.")
final class ReplayJob implements Callable<Integer> {
    static final String PARTS = "_parts";

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--candles", paramLabel = "FILE", required = true, arity = "1..*",
            description = "Kline CSV files named SYMBOL-INTERVAL.csv (.gz allowed): local paths or Flink file system URIs.")
    List<String> candles;

    @Option(names = "--model", paramLabel = "DIR", required = true,
            description = "Model bundle directory (manifest.json + weights), local or a Flink file system URI.")
    String model;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "Output directory: one SYMBOL-INTERVAL.csv per stream.")
    String out;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "2",
            description = "Parallel instances of the signal operator (default ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--checkpoint-interval", paramLabel = "MS", defaultValue = "2000",
            description = "Checkpoint interval in milliseconds; output is committed at each (default ${DEFAULT-VALUE}).")
    long checkpointInterval;

    @Override
    public Integer call() throws Exception {
        if (parallelism < 1 || parallelism > 256) {
            throw new FlinkCli.UserError("--parallelism must be in [1, 256] but was " + parallelism);
        }
        if (checkpointInterval < 10) {
            throw new FlinkCli.UserError("--checkpoint-interval must be at least 10 ms but was " + checkpointInterval);
        }
        Map<String, StreamKey> streams = new LinkedHashMap<>();
        for (String file : candles) {
            StreamKey key = KlineFiles.stream(file).orElseThrow(() -> new FlinkCli.UserError("cannot tell the stream of "
                    + file + ": name kline files SYMBOL-INTERVAL.csv (e.g. BTCUSDT-1h.csv)"));
            if (isLocal(file) && !Files.isRegularFile(Path.of(file))) {
                throw new FlinkCli.UserError("cannot read candles: " + file + " is not a file");
            }
            String bucket = key.symbol() + "-" + key.interval().wireName();
            if (streams.put(bucket, key) != null) {
                throw new FlinkCli.UserError("two files hold stream " + key + "; give each stream one file");
            }
        }
        if (isLocal(model) && !Files.isDirectory(Path.of(model))) {
            throw new FlinkCli.UserError("no model bundle at " + model + " (expected a directory with manifest.json)");
        }
        String modelRef = isLocal(model) ? Path.of(model).toAbsolutePath().toString() : model;
        String outDir = isLocal(out) ? Path.of(out).toAbsolutePath().toString() : out;
        org.apache.flink.core.fs.Path parts = new org.apache.flink.core.fs.Path(outDir, PARTS);
        FileSystem fs = parts.getFileSystem();
        fs.delete(parts, true); // leftovers of an interrupted run are garbage, never trusted

        Configuration config = new Configuration();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(parallelism);
        env.enableCheckpointing(checkpointInterval);
        DataStream<StreamCandle> klines = env.fromSource(KlineFiles.source(candles.stream()
                .map(f -> isLocal(f) ? Path.of(f).toAbsolutePath().toString() : f).toList()), KlineFiles.watermarks(),
                "klines");
        SignalOperatorSpec operator = SignalOperatorSpec.builder(ModelReference.of(modelRef))
                .emitted(EnumSet.of(Evaluation.Status.SIGNAL, Evaluation.Status.HOLD, Evaluation.Status.COOLDOWN,
                        Evaluation.Status.OUT_OF_DOMAIN))
                .build();
        FlinkSignals.evaluate(klines, operator).sinkTo(SignalSinks.csvFiles(parts.toString())).name("csv files")
                .uid("candlesignal-csv-files");
        long started = System.nanoTime();
        JobExecutionResult result = env.execute("candlesignal-flink replay");
        PrintWriter err = spec.commandLine().getErr();
        long lines = 0;
        for (Map.Entry<String, StreamKey> s : streams.entrySet()) {
            List<String> sorted = committedLines(fs, new org.apache.flink.core.fs.Path(parts, s.getKey()));
            lines += sorted.size();
            write(fs, new org.apache.flink.core.fs.Path(outDir, s.getKey() + ".csv"), sorted);
        }
        fs.delete(parts, true);
        err.printf("candlesignal-flink: %d streams, %d lines in %s (parallelism %d, job %s, %.1f s)%n", streams.size(),
                lines, outDir, parallelism, result.getJobID(),
                Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0);
        return 0;
    }

    private static boolean isLocal(String path) {
        String scheme = new org.apache.flink.core.fs.Path(path).toUri().getScheme();
        return scheme == null || scheme.equals("file");
    }

    /** The lines of the committed part files of one bucket (in-progress and pending files start with '.'). */
    static List<String> committedLines(FileSystem fs, org.apache.flink.core.fs.Path bucket) throws IOException {
        List<String> lines = new ArrayList<>();
        if (!fs.exists(bucket)) {
            return lines;
        }
        for (FileStatus f : fs.listStatus(bucket)) {
            if (f.isDir() || f.getPath().getName().startsWith(".")) {
                continue;
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(f.getPath()),
                    StandardCharsets.UTF_8))) {
                r.lines().filter(l -> !l.isEmpty()).forEach(lines::add);
            }
        }
        lines.sort(Comparator.comparing(ReplayJob::openTime));
        return lines;
    }

    private static Instant openTime(String line) {
        int a = line.indexOf(',');
        return Instant.parse(line.substring(a + 1, line.indexOf(',', a + 1)));
    }

    private static void write(FileSystem fs, org.apache.flink.core.fs.Path target, List<String> lines)
            throws IOException {
        StringBuilder text = new StringBuilder(SignalCsv.HEADER).append('\n');
        for (String l : lines) {
            text.append(l).append('\n');
        }
        if (isLocal(target.toString())) {
            AtomicFile.writeString(Path.of(target.toUri().getPath()), text);
            return;
        }
        org.apache.flink.core.fs.Path temp = new org.apache.flink.core.fs.Path(target.getParent(),
                "." + target.getName() + ".tmp");
        try (var o = fs.create(temp, FileSystem.WriteMode.OVERWRITE)) {
            o.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        fs.rename(temp, target);
    }

    /** For tests: the stream files a run wrote. */
    static List<Path> outputs(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
    }
}
