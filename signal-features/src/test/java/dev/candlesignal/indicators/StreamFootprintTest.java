package dev.candlesignal.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.Candle;
import dev.candlesignal.feature.FeatureCalculator;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.testkit.Candles;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The per-stream footprint of the standard sets: the state a calculator retains (estimated from its fields, see
 * {@link RetainedSize}; the JMH benchmarks measure the rest), and that an update allocates nothing.
 */
class StreamFootprintTest {

    @Test
    void aStreamRetainsFarLessThan64KiB() {
        Map<FeatureSet, Long> limits = Map.of(
                FeatureSets.standard28(), 8_192L,
                FeatureSets.standard14(), 4_096L,
                FeatureSets.standard14(ImbalanceSource.orderBook(10)), 4_096L);
        StringBuilder report = new StringBuilder();
        for (Map.Entry<FeatureSet, Long> e : limits.entrySet()) {
            FeatureCalculator calc = e.getKey().newCalculator();
            double[] row = new double[e.getKey().featureCount()];
            List<Candle> candles = OrderBooks.attach(Candles.randomWalk(1, 200), 10, 1);
            for (Candle c : candles) {
                calc.update(c, row, 0);
            }
            long bytes = RetainedSize.of(calc, ImbalanceSource.takerFlow(), ImbalanceSource.orderBook(10));
            report.append(e.getKey().id()).append(": ").append(bytes).append(" bytes\n");
            assertThat(bytes).as(e.getKey().id()).isLessThan(e.getValue()).isLessThan(64 * 1024);
        }
        System.out.print(report);
    }

    @Test
    void updatesAllocateNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        List<Candle> candles = OrderBooks.attach(Candles.randomWalk(2, 4096), 10, 2);
        for (FeatureSet set : List.of(FeatureSets.standard28(), FeatureSets.standard14(),
                FeatureSets.standard14(ImbalanceSource.orderBook(10)))) {
            FeatureCalculator calc = set.newCalculator();
            double[] row = new double[set.featureCount()];
            for (int i = 0; i < 2048; i++) {
                calc.update(candles.get(i), row, 0);
            }
            // the measurement itself shows a few dozen bytes now and then (thread-allocation counters, JIT
            // transitions: 72 bytes per loop was seen); one object per update would be at least 16 x 2048 bytes
            long allocated = Long.MAX_VALUE;
            StringBuilder seen = new StringBuilder();
            for (int repeat = 0; repeat < 3; repeat++) {
                long calibration = threads.getThreadAllocatedBytes(thread);
                calibration = threads.getThreadAllocatedBytes(thread) - calibration;
                long before = threads.getThreadAllocatedBytes(thread);
                for (int i = 2048; i < candles.size(); i++) {
                    calc.update(candles.get(i), row, 0);
                }
                long bytes = threads.getThreadAllocatedBytes(thread) - before - calibration;
                seen.append(bytes).append(' ');
                allocated = Math.min(allocated, bytes);
            }
            assertThat(allocated).as("%s: bytes allocated by 2048 updates (%s)", set.id(), seen).isLessThan(2048);
        }
    }
}
