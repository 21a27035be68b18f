package dev.candlesignal.benchmarks;

import dev.candlesignal.Candle;
import dev.candlesignal.Evaluation;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.engine.StreamCandle;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.flink.FlinkSignals;
import dev.candlesignal.flink.KlineFiles;
import dev.candlesignal.flink.ModelReference;
import dev.candlesignal.flink.SignalOperatorSpec;
import dev.candlesignal.indicators.FeatureSets;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.Models;
import dev.candlesignal.replay.KlineCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Issue 18's targets, measured by a plain main (not JMH: a Flink job is seconds long and starts its own threads):
 * <ol>
 *   <li>candles (evaluations) and signals per second per slot for standard14 + the demo lstm14 model over the three
 *       bundled years (26,280 candles), on a local Flink mini cluster at parallelism 1 and 2, next to
 *       {@code SignalEngine} on the same cores: {@code replay} of the three streams on one thread, and with two
 *       prediction threads. The Flink time is the job's net runtime (tasks deployed to finished, cluster start-up
 *       excluded); each configuration runs {@value #ROUNDS} times and every round is printed;</li>
 *   <li>the checkpointed state per stream for standard28 with a 60-candle window (the lstm28 fixture): the engine's
 *       snapshot of a warmed-up BTCUSDT stream, plus the 4-byte length the state serializer adds.</li>
 * </ol>
 *
 * <p>Run (from the repository root; Flink is not in benchmarks.jar, so the launcher's class path is used):
 * <pre>
 * ./build -q -pl benchmarks,signal-flink -am package -DskipTests
 * printf -- '-cp "%s:%s:%s"\n' benchmarks/target/classes signal-flink/target/signal-flink-0.1.0-SNAPSHOT.jar \
 *     "$(cat signal-flink/target/classpath.txt)" &gt; /tmp/bench.args
 * java --enable-native-access=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=error @/tmp/bench.args \
 *     dev.candlesignal.benchmarks.FlinkThroughput
 * </pre>
 * (An argument file, because ONNX Runtime 1.29 crashes under a command line longer than about 4 KB.)
 */
public final class FlinkThroughput {
    static final int ROUNDS = 3;
    static final Path DATA = Path.of("data/binance");
    static final Path MODEL = Path.of("models/demo-btcusdt-1h");
    static final List<String> SYMBOLS = List.of("BTCUSDT", "LTCUSDT", "BNBUSDT");

    private FlinkThroughput() {
    }

    public static void main(String[] args) throws Exception {
        List<String> files = new ArrayList<>();
        List<List<Candle>> streams = new ArrayList<>();
        long candles = 0;
        for (String s : SYMBOLS) {
            Path plain = DATA.resolve(s + "-1h.csv");
            Path file = Files.exists(plain) ? plain : DATA.resolve(s + "-1h.csv.gz");
            files.add(file.toAbsolutePath().toString());
            List<Candle> c = KlineCsv.read(file);
            streams.add(c);
            candles += c.size();
        }
        System.out.printf(Locale.ROOT, "%d candles in %d streams; %d cores%n", candles, SYMBOLS.size(),
                Runtime.getRuntime().availableProcessors());
        for (int threads : new int[] {1, 2}) {
            for (int round = 1; round <= ROUNDS; round++) {
                long signals = 0;
                long start = System.nanoTime();
                try (Model model = Models.discover().load(MODEL);
                        SignalEngine engine = SignalEngine.builder().featureSet(FeatureSets.byId(model.featureSetId()))
                                .model(model).parallelism(threads).build()) {
                    for (int i = 0; i < SYMBOLS.size(); i++) {
                        for (Evaluation e : engine.replay(StreamKey.of(SYMBOLS.get(i), Interval.HOUR_1), streams.get(i))) {
                            signals += e.emitted() ? 1 : 0;
                        }
                    }
                }
                report("SignalEngine.replay, " + threads + " thread(s)", threads, candles, signals,
                        (System.nanoTime() - start) / 1e9);
            }
        }
        for (int parallelism : new int[] {1, 2}) {
            for (int round = 1; round <= ROUNDS; round++) {
                StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
                env.setParallelism(parallelism);
                DataStream<StreamCandle> klines = env.fromSource(KlineFiles.source(files), KlineFiles.watermarks(),
                        "klines");
                FlinkSignals.evaluate(klines, SignalOperatorSpec.builder(
                        ModelReference.of(MODEL.toAbsolutePath().toString())).build())
                        .filter(Evaluation::emitted).returns(FlinkSignals.evaluationType())
                        .sinkTo(new DiscardingSink<>());
                JobExecutionResult result = env.execute("throughput");
                report("Flink mini cluster, parallelism " + parallelism, parallelism, candles, -1,
                        result.getNetRuntime() / 1e3);
            }
        }
        stateSize();
    }

    private static void report(String what, int slots, long candles, long signals, double seconds) {
        System.out.printf(Locale.ROOT, "%-40s %7.2f s  %8.0f candles/s  %8.0f candles/s per slot%s%n", what, seconds,
                candles / seconds, candles / seconds / slots,
                signals >= 0 ? String.format(Locale.ROOT, "  (%d signals, %.0f signals/s)", signals, signals / seconds)
                        : "");
    }

    private static void stateSize() throws Exception {
        List<Candle> btc = KlineCsv.read(DATA.resolve("BTCUSDT-1h.csv")).subList(0, 600);
        StreamKey key = StreamKey.of("BTCUSDT", Interval.HOUR_1);
        try (Model model = Models.discover().load(Path.of("fixtures/models/lstm28"))) {
            FeatureSet set = FeatureSets.byId(model.featureSetId());
            try (SignalEngine engine = SignalEngine.builder().featureSet(set).model(model).build()) {
                for (Candle c : btc) {
                    engine.onCandle(key, c);
                }
                int bytes = engine.snapshot(key).orElseThrow().length;
                System.out.printf(Locale.ROOT, "state per stream, %s, window %d: snapshot %,d bytes, in a checkpoint "
                        + "%,d bytes (+ the key)%n", set.id(), model.sequenceLength(), bytes, bytes + 4);
            }
        }
    }
}
