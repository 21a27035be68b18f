package dev.candlesignal.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.Evaluation;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.StreamCandle;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.Models;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The signal operator in a real Flink mini cluster: parity with SignalEngine.replay, failover, updates, rescaling. */
class SignalJobTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = Fixtures.cluster();

    @TempDir
    Path temp;

    /** The bundled year of BTCUSDT, LTCUSDT and BNBUSDT through the demo ONNX model, as SignalEngine.replay does. */
    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {2, 4})
    void signalsEqualSignalEngineReplayBitForBit(int parallelism) throws Exception {
        Map<StreamKey, List<Candle>> candles = Fixtures.candles(Integer.MAX_VALUE);
        Map<StreamKey, List<Evaluation>> expected;
        try (Model model = Models.discover().load(Fixtures.DEMO_MODEL)) {
            expected = Fixtures.replay(candles, k -> model);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        List<String> files = Fixtures.SYMBOLS.stream().map(s -> Fixtures.file(s).toAbsolutePath().toString()).toList();
        DataStream<StreamCandle> klines = env.fromSource(KlineFiles.source(files), KlineFiles.watermarks(), "klines");
        SignalOperatorSpec spec = SignalOperatorSpec.builder(
                ModelReference.of(Fixtures.DEMO_MODEL.toAbsolutePath().toString())).build();
        List<Evaluation> got = new ArrayList<>();
        try (CloseableIterator<Evaluation> it = FlinkSignals.evaluate(klines, spec).executeAndCollect()) {
            it.forEachRemaining(got::add);
        }
        Map<StreamKey, List<Evaluation>> byStream = Fixtures.byStream(got);
        assertThat(byStream.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (StreamKey k : expected.keySet()) {
            List<Evaluation> e = expected.get(k);
            List<Evaluation> g = byStream.get(k);
            assertThat(g).as(k.toString()).hasSameSizeAs(e);
            for (int i = 0; i < e.size(); i++) {
                assertThat(g.get(i)).as("%s evaluation %d", k, i).isEqualTo(e.get(i));
                if (e.get(i).signal().isPresent()) {
                    assertThat(Double.doubleToRawLongBits(g.get(i).signal().get().probability()))
                            .isEqualTo(Double.doubleToRawLongBits(e.get(i).signal().get().probability()));
                }
            }
        }
        assertThat(got.stream().filter(Evaluation::emitted)).as("it produced signals").isNotEmpty();
    }

    // ------------------------------------------------------------------------------------------------- failover

    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicInteger FAILURES = new AtomicInteger();

    /**
     * Fails the task once, after {@code after} candles and after at least one checkpoint completed on this subtask;
     * until a checkpoint completed it slows down a little (1 ms per candle), so that the bounded input cannot end first.
     */
    static final class FailOnce implements MapFunction<StreamCandle, StreamCandle>, CheckpointListener {
        private static final long serialVersionUID = 1L;
        private final long after;
        private transient long seen;
        private transient boolean checkpointed;

        FailOnce(long after) {
            this.after = after;
        }

        @Override
        public StreamCandle map(StreamCandle value) {
            seen++;
            if (!FAILED.get()) {
                if (!checkpointed) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                } else if (seen >= after && FAILED.compareAndSet(false, true)) {
                    FAILURES.incrementAndGet();
                    throw new IllegalStateException("injected failure after " + seen + " candles");
                }
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    @Test
    void aTaskKilledMidStreamRestartsFromTheCheckpointAndTheSinkHoldsEverySignalOnce() throws Exception {
        FAILED.set(false);
        FAILURES.set(0);
        Map<StreamKey, List<Candle>> candles = Fixtures.candles(1500);
        List<String> files = Fixtures.write(temp, candles);
        Map<StreamKey, List<Evaluation>> expected = Fixtures.replay(candles, k -> new Fixtures.TestModels()
                .load(ModelReference.of("v1")));
        Path out = temp.resolve("out");

        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(50));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(2);
        env.enableCheckpointing(100);
        DataStream<StreamCandle> klines = env.fromSource(KlineFiles.source(files), KlineFiles.watermarks(), "klines")
                .map(new FailOnce(600)).returns(FlinkSignals.candleType());
        FlinkSignals.evaluate(klines, testSpec()).filter(e -> e.signal().isPresent())
                .returns(FlinkSignals.evaluationType()).sinkTo(SignalSinks.csvFiles(out.toString()));
        env.execute("failover");

        assertThat(FAILURES.get()).as("the failure was injected").isEqualTo(1);
        assertThat(Fixtures.committed(out)).isEqualTo(Fixtures.expectedLines(expected));
    }

    private static SignalOperatorSpec testSpec() {
        return SignalOperatorSpec.builder(ModelReference.of("v1")).resolver(new Fixtures.TestModels()).build();
    }

    // ---------------------------------------------------------------------------------------------- model update

    @Test
    void aModelUpdateSwitchesEveryKeyAtTheSameCandleWithNothingLost() throws Exception {
        Map<StreamKey, List<Candle>> candles = Fixtures.candles(1200);
        List<String> files = Fixtures.write(temp, candles);
        java.time.Instant switchAt = candles.get(StreamKey.of("BTCUSDT", dev.candlesignal.Interval.HOUR_1)).get(700)
                .openTime();
        Fixtures.TestModels models = new Fixtures.TestModels();
        Map<StreamKey, List<Evaluation>> expected = new java.util.LinkedHashMap<>();
        candles.forEach((k, c) -> {
            try (var engine = dev.candlesignal.engine.SignalEngine.builder()
                    .featureSet(dev.candlesignal.indicators.FeatureSets.standard14())
                    .model(models.load(ModelReference.of("v1"))).build()) {
                List<Evaluation> e = new ArrayList<>();
                boolean swapped = false;
                for (Candle candle : c) {
                    if (!swapped && !candle.openTime().isBefore(switchAt)) {
                        engine.swapModel(models.load(ModelReference.of("v2")));
                        swapped = true;
                    }
                    e.add(engine.onCandles(List.of(new dev.candlesignal.engine.StreamCandle(k, candle))).get(0));
                }
                expected.put(k, e);
            }
        });

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(3);
        DataStream<StreamCandle> klines = env.fromSource(KlineFiles.source(files), KlineFiles.watermarks(), "klines");
        DataStream<ModelUpdate> updates = env.fromData(FlinkSignals.modelUpdateType(),
                        new ModelUpdate(ModelReference.of("v2"), switchAt))
                .assignTimestampsAndWatermarks(org.apache.flink.api.common.eventtime.WatermarkStrategy
                        .<ModelUpdate>forMonotonousTimestamps()
                        .withTimestampAssigner((org.apache.flink.api.common.eventtime.SerializableTimestampAssigner<
                                ModelUpdate>) (u, t) -> u.timestamp()));
        List<Evaluation> got = new ArrayList<>();
        try (CloseableIterator<Evaluation> it = FlinkSignals.evaluate(klines, updates, testSpec()).executeAndCollect()) {
            it.forEachRemaining(got::add);
        }
        Map<StreamKey, List<Evaluation>> byStream = Fixtures.byStream(got);
        assertThat(byStream).isEqualTo(expected);
        for (Evaluation e : got) {
            if (e.signal().isPresent()) {
                String version = e.candle().openTime().isBefore(switchAt) ? "v1" : "v2";
                assertThat(e.signal().get().modelVersion()).as("%s at %s", e.stream(), e.candle().openTime())
                        .isEqualTo(version);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------- rescaling

    static final AtomicLong THROTTLED = new AtomicLong();

    /** Slows the input (0.5 ms per candle) and counts it, so a savepoint can be taken mid-stream. */
    static final class Throttle implements MapFunction<StreamCandle, StreamCandle> {
        private static final long serialVersionUID = 1L;

        @Override
        public StreamCandle map(StreamCandle value) {
            THROTTLED.incrementAndGet();
            LockSupport.parkNanos(500_000);
            return value;
        }
    }

    private static void rescalingJob(StreamExecutionEnvironment env, List<String> files, Path out) {
        env.enableCheckpointing(200);
        DataStream<StreamCandle> klines = env.fromSource(KlineFiles.source(files), KlineFiles.watermarks(), "klines")
                .uid("klines").map(new Throttle()).uid("throttle").returns(FlinkSignals.candleType());
        FlinkSignals.evaluate(klines, testSpec()).filter(e -> e.signal().isPresent()).uid("with-signal")
                .returns(FlinkSignals.evaluationType()).sinkTo(SignalSinks.csvFiles(out.toString())).uid("csv");
    }

    @Test
    void aSavepointAtParallelism2RestartedAt3GivesTheSameOutputAsNeverStopping() throws Exception {
        THROTTLED.set(0);
        Map<StreamKey, List<Candle>> candles = Fixtures.candles(1500);
        List<String> files = Fixtures.write(temp, candles);
        Map<StreamKey, List<Evaluation>> expected = Fixtures.replay(candles, k -> new Fixtures.TestModels()
                .load(ModelReference.of("v1")));
        Path out = temp.resolve("out");

        StreamExecutionEnvironment first = StreamExecutionEnvironment.getExecutionEnvironment();
        first.setParallelism(2);
        rescalingJob(first, files, out);
        JobClient job = first.executeAsync("rescale-before");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (THROTTLED.get() < 1200 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // poll for progress, with a deadline
        }
        assertThat(THROTTLED.get()).as("the first job got going").isGreaterThanOrEqualTo(1200);
        String savepoint = job.stopWithSavepoint(false, temp.resolve("savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL).get(120, TimeUnit.SECONDS);
        long before = THROTTLED.get();
        assertThat(before).as("stopped mid-stream").isLessThan(4500);

        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        StreamExecutionEnvironment second = StreamExecutionEnvironment.getExecutionEnvironment(restore);
        second.setParallelism(3);
        rescalingJob(second, files, out);
        second.execute("rescale-after");

        assertThat(Fixtures.committed(out)).isEqualTo(Fixtures.expectedLines(expected));
    }
}
