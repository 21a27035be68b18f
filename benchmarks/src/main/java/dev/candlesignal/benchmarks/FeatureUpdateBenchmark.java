package dev.candlesignal.benchmarks;

import dev.candlesignal.Candle;
import dev.candlesignal.feature.FeatureCalculator;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.testkit.Candles;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Streaming feature update: the cost of one {@link FeatureCalculator#update} per candle, for one stream, on the
 * issue's targets (standard28 under 1 us, standard14 under 0.5 us, 0 bytes allocated per update).
 *
 * <p>The candles are generated once into a ring of 16384 (a 1h random walk from the test kit) and the
 * calculator is warmed up on the first 1000, so the measured loop only reads a candle and updates; the
 * {@link #baseline()} reads a candle without updating. The standard sets do not check time order, so the ring
 * simply wraps (one price jump every 16384 updates). A Ta4j bar series refuses older candles, so for
 * {@code standard28+ta4j} a wrap starts a fresh calculator (one construction per 15384 updates, under 1% of the
 * time; Ta4j allocates per bar anyway, so that set is not allocation-free).
 *
 * <p>Run (on a quiet machine; results go to benchmarks/RESULTS.md):
 * <pre>
 * ./build -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar FeatureUpdateBenchmark -prof gc
 * </pre>
 * Smoke check only: {@code java -jar benchmarks/target/benchmarks.jar FeatureUpdateBenchmark -f 1 -wi 1 -i 1 -w 1s -r 1s}.
 * Memory per stream is measured separately by {@link FeatureMemory}.
 *
 * <p>Not thread-safe (JMH gives each thread its own state).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class FeatureUpdateBenchmark {
    private static final int RING = 1 << 14;
    private static final int WARMUP_CANDLES = 1000;

    @Param({"standard14", "standard28", "standard28+ta4j"})
    public String set;

    private Candle[] candles;
    private FeatureSet featureSet;
    private FeatureCalculator calculator;
    private double[] row;
    private int next;
    private boolean restartOnWrap;

    @Setup(Level.Trial)
    public void setUp() {
        candles = Candles.randomWalk(1, RING).toArray(Candle[]::new);
        featureSet = BenchmarkFeatureSets.byName(set);
        row = new double[featureSet.featureCount()];
        restartOnWrap = set.contains("ta4j");
        calculator = featureSet.newCalculator();
        for (int i = 0; i < WARMUP_CANDLES; i++) {
            calculator.update(candles[i], row, 0);
        }
        next = WARMUP_CANDLES;
    }

    @Benchmark
    public double update() {
        if (next == RING) {
            wrap();
        }
        calculator.update(candles[next++], row, 0);
        return row[row.length - 1];
    }

    @Benchmark
    public double baseline() {
        if (next == RING) {
            next = 0;
        }
        return candles[next++].close();
    }

    private void wrap() {
        next = 0;
        if (restartOnWrap) {
            calculator = featureSet.newCalculator();
        }
    }
}
