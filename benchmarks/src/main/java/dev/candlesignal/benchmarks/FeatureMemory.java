package dev.candlesignal.benchmarks;

import dev.candlesignal.Candle;
import dev.candlesignal.feature.FeatureCalculator;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.testkit.Candles;
import java.util.List;
import java.util.Locale;

/**
 * Memory per stream: the heap that one warmed-up feature calculator retains, measured as the growth of the used
 * heap after full collections while {@value #STREAMS} calculators are alive, divided by their number. Not a JMH
 * benchmark (JMH measures time and allocation rate, not retained size); the object-graph estimate in
 * signal-features' {@code StreamFootprintTest} (4.7 KB for standard28, 1.3 KB for standard14) is the
 * cross-check. {@code System.gc()} is a request, so the program repeats the measurement and prints every round;
 * trust it when the rounds agree. Needs an otherwise idle JVM (it is its own process).
 *
 * <p>Run:
 * <pre>
 * ./build -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.candlesignal.benchmarks.FeatureMemory [standard14 standard28 standard28+ta4j]
 * </pre>
 */
public final class FeatureMemory {
    static final int STREAMS = 2000;
    private static final int CANDLES_PER_STREAM = 300;
    private static final int ROUNDS = 3;

    private FeatureMemory() {
    }

    public static void main(String[] args) {
        String[] sets = args.length > 0 ? args : new String[] {"standard14", "standard28", "standard28+ta4j"};
        List<Candle> candles = Candles.randomWalk(1, CANDLES_PER_STREAM);
        for (String name : sets) {
            FeatureSet set = BenchmarkFeatureSets.byName(name);
            for (int round = 1; round <= ROUNDS; round++) {
                long before = usedAfterGc();
                FeatureCalculator[] streams = new FeatureCalculator[STREAMS];
                double[] row = new double[set.featureCount()];
                for (int s = 0; s < STREAMS; s++) {
                    streams[s] = set.newCalculator();
                    for (Candle c : candles) {
                        streams[s].update(c, row, 0);
                    }
                }
                long after = usedAfterGc();
                // the array of references itself: 16-byte header + 4 bytes per compressed reference
                long perStream = (after - before - (16 + 4L * STREAMS)) / STREAMS;
                System.out.printf(Locale.ROOT, "%-16s round %d: %,d bytes per stream (%d streams alive, %d %s)%n",
                        name, round, perStream, streams.length, streams[STREAMS - 1].count(), "candles each");
            }
        }
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
