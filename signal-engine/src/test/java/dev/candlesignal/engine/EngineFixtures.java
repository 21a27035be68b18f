package dev.candlesignal.engine;

import dev.candlesignal.Action;
import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.Strength;
import dev.candlesignal.feature.FeatureCalculator;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelSpec;
import dev.candlesignal.policy.Decision;
import dev.candlesignal.policy.MarketContext;
import dev.candlesignal.policy.SignalPolicy;
import dev.candlesignal.testkit.Candles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Shared helpers for engine tests. */
final class EngineFixtures {
    static final StreamKey BTC = StreamKey.of("BTCUSDT", Interval.HOUR_1);

    private EngineFixtures() {
    }

    /**
     * Waits (polling, with a deadline) until {@code thread} is parked waiting for something or {@code result} is done,
     * whichever comes first; the caller then asserts which. Used instead of a fixed sleep before asserting that
     * something waits: if it does not wait, {@code result} is done and the assertion fails.
     */
    static void awaitParkedOrDone(Thread thread, java.util.concurrent.Future<?> result) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!result.isDone() && System.nanoTime() < deadline) {
            Thread.State state = thread.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // poll every millisecond
        }
    }

    /** Records a copy of every window the engine hands to the wrapped model. */
    static final class CapturingModel implements Model {
        final Model delegate;
        final List<float[]> windows = Collections.synchronizedList(new ArrayList<>());

        CapturingModel(Model delegate) {
            this.delegate = delegate;
        }

        @Override
        public ModelSpec spec() {
            return delegate.spec();
        }

        @Override
        public float predict(float[] window, int offset) {
            windows.add(java.util.Arrays.copyOfRange(window, offset, offset + spec().windowSize()));
            return delegate.predict(window, offset);
        }

        @Override
        public void predictBatch(float[][] w, int[] offsets, int count, float[] out) {
            for (int i = 0; i < count; i++) {
                windows.add(java.util.Arrays.copyOfRange(w[i], offsets[i], offsets[i] + spec().windowSize()));
            }
            delegate.predictBatch(w, offsets, count, out);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /**
     * A policy scripted through the candle: volume 1 means BUY, 2 SELL, anything else HOLD. Lets cooldown tests
     * choose actions independently of the model.
     */
    static final class ScriptedPolicy implements SignalPolicy {
        @Override
        public Decision decide(MarketContext context) {
            double v = context.candle().volume();
            double price = context.candle().close();
            if (v == 1) {
                return new Decision(Action.BUY, Strength.MEDIUM, 0.6, price, price - 1, price + 2);
            }
            if (v == 2) {
                return new Decision(Action.SELL, Strength.MEDIUM, 0.6, price, price + 1, price - 2);
            }
            return Decision.hold(0.5, price);
        }
    }

    /** Candles on {@code interval} with scripted volumes (1 = BUY, 2 = SELL for {@link ScriptedPolicy}). */
    static List<Candle> scripted(Interval interval, Instant start, int[] volumes, int[] gapsBefore) {
        List<Candle> out = new ArrayList<>();
        Instant open = start;
        for (int i = 0; i < volumes.length; i++) {
            for (int g = 0; g < gapsBefore[i]; g++) {
                open = interval.next(open);
            }
            double price = 100 + i;
            out.add(Candles.candle(open, interval, price, price + 1, price - 1, price, volumes[i], 0));
            open = interval.next(open);
        }
        return out;
    }

    /** Trade count that {@link #undefinedFirstColumnWhenMarked} turns into an undefined first feature. */
    static final long MARK = 13;

    /**
     * {@code set} with its first column undefined (NaN) for every candle whose trade count is {@link #MARK}, in the
     * streaming and the batch form. Prices must be positive, so tests can no longer make a ratio undefined with a
     * zero close; this scripts an undefined feature value after warm-up instead.
     */
    static FeatureSet undefinedFirstColumnWhenMarked(FeatureSet set) {
        return new FeatureSet() {
            @Override
            public String id() {
                return set.id();
            }

            @Override
            public List<String> columns() {
                return set.columns();
            }

            @Override
            public int warmupBars() {
                return set.warmupBars();
            }

            @Override
            public FeatureCalculator newCalculator() {
                FeatureCalculator c = set.newCalculator();
                return new FeatureCalculator() {
                    @Override
                    public int featureCount() {
                        return c.featureCount();
                    }

                    @Override
                    public void update(Candle candle, double[] row, int offset) {
                        c.update(candle, row, offset);
                        if (candle.trades() == MARK) {
                            row[offset] = Double.NaN;
                        }
                    }

                    @Override
                    public long count() {
                        return c.count();
                    }
                };
            }

            @Override
            public double[][] compute(List<Candle> candles) {
                double[][] rows = set.compute(candles);
                for (int i = 0; i < rows.length; i++) {
                    if (candles.get(i).trades() == MARK) {
                        rows[i][0] = Double.NaN;
                    }
                }
                return rows;
            }
        };
    }
}
