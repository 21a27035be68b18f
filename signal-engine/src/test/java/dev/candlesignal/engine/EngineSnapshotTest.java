package dev.candlesignal.engine;

import static dev.candlesignal.engine.EngineFixtures.BTC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Candle;
import dev.candlesignal.Evaluation;
import dev.candlesignal.Interval;
import dev.candlesignal.StateSnapshotException;
import dev.candlesignal.StreamKey;
import dev.candlesignal.feature.FeatureCalculator;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.model.Scaler;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.Generators;
import dev.candlesignal.testkit.Property;
import dev.candlesignal.testkit.RecordingListener;
import dev.candlesignal.testkit.TestFeatureSet;
import dev.candlesignal.testkit.TestModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Snapshot at any candle, restore into a fresh engine, continue: the same as never stopping, bit for bit. */
class EngineSnapshotTest {
    static final Scaler SCALER = new Scaler(new double[] {0.001, -0.003, 4}, new double[] {0.02, 0.05, 2}, 1e-8);

    record Config(int period, int sequenceLength, int cooldownCandles, int historyCapacity) {
    }

    record Case(List<Candle> candles, Config config, double cutFraction) {
        int cut() {
            return (int) Math.round(cutFraction * candles.size());
        }
    }

    static SignalEngine engine(Config c, RecordingListener listener) {
        TestFeatureSet fs = TestFeatureSet.withPeriod(c.period());
        return SignalEngine.builder().featureSet(fs).model(TestModel.linear(fs, c.sequenceLength(), "1", SCALER, 30))
                .policy(ThresholdPolicy.builder().atrPeriod(3).build()).cooldownCandles(c.cooldownCandles())
                .historyCapacity(c.historyCapacity()).listener(listener).build();
    }

    @Test
    void restoredStreamContinuesAsIfNeverStopped() {
        var configs = Generators.combine(Generators.integers(2, 6), Generators.integers(1, 12), Generators.integers(0, 4),
                Generators.integers(1, 20), Config::new);
        Property.forAll(Generators.combine(Candles.series(1, 120), configs, Generators.doubles(0, 1), Case::new))
                .tries(150)
                .check(EngineSnapshotTest::continuesAsIfNeverStopped);
    }

    private static void continuesAsIfNeverStopped(Case c) {
        List<Candle> candles = c.candles();
        int cut = c.cut();
        RecordingListener all = new RecordingListener();
        SignalEngine never = engine(c.config(), all);
        List<Evaluation> expected = new ArrayList<>();
        for (int i = 0; i < candles.size(); i++) {
            Evaluation e = never.onCandle(BTC, candles.get(i));
            if (i >= cut) {
                expected.add(e);
            }
        }

        SignalEngine before = engine(c.config(), new RecordingListener());
        for (Candle candle : candles.subList(0, cut)) {
            before.onCandle(BTC, candle);
        }
        Optional<byte[]> snapshot = before.snapshot(BTC);
        assertThat(snapshot.isPresent()).isEqualTo(cut > 0);

        RecordingListener after = new RecordingListener();
        SignalEngine restored = engine(c.config(), after);
        if (snapshot.isPresent()) {
            restored.restore(BTC, snapshot.get());
            assertThat(restored.snapshot(BTC)).as("restore then snapshot gives the same bytes").hasValue(snapshot.get());
            assertThat(restored.status(BTC)).isEqualTo(before.status(BTC));
        }
        List<Evaluation> got = new ArrayList<>();
        for (Candle candle : candles.subList(cut, candles.size())) {
            got.add(restored.onCandle(BTC, candle));
        }
        assertThat(got).isEqualTo(expected);
        // bit for bit: probabilities compared through their raw bits, not only by equals
        for (int i = 0; i < got.size(); i++) {
            if (got.get(i).signal().isPresent()) {
                assertThat(Double.doubleToRawLongBits(got.get(i).signal().get().probability()))
                        .isEqualTo(Double.doubleToRawLongBits(expected.get(i).signal().get().probability()));
            }
        }
        List<Evaluation> tail = all.evaluations().subList(all.evaluations().size() - after.evaluations().size(),
                all.evaluations().size());
        assertThat(after.evaluations()).isEqualTo(tail);
        assertThat(restored.status(BTC)).isEqualTo(never.status(BTC));
        if (!candles.isEmpty()) {
            assertThat(restored.snapshot(BTC)).get().isEqualTo(never.snapshot(BTC).orElseThrow());
        }
    }

    @Test
    void aFailedPredictionIsStillRetriedAfterRestore() {
        Config config = new Config(3, 4, 0, 2);
        List<Candle> candles = Candles.randomWalk(7, 30);
        TestFeatureSet fs = TestFeatureSet.withPeriod(3);
        TestModel model = TestModel.linear(fs, 4, "1", SCALER, 30);
        SignalEngine engine = SignalEngine.builder().featureSet(fs).model(model)
                .policy(ThresholdPolicy.builder().atrPeriod(3).build()).build();
        for (Candle candle : candles.subList(0, 20)) {
            engine.onCandle(BTC, candle);
        }
        model.failWith(new IllegalStateException("backend down"));
        assertThatThrownBy(() -> engine.onCandle(BTC, candles.get(20))).isInstanceOf(dev.candlesignal.SignalException.class);
        byte[] snapshot = engine.snapshot(BTC).orElseThrow();

        SignalEngine restored = engine(config, new RecordingListener());
        restored.restore(BTC, snapshot);
        Evaluation retried = restored.onCandle(BTC, candles.get(20));
        assertThat(retried.status().consultedModel()).as("the redelivered candle is retried, not a duplicate").isTrue();
    }

    @Test
    void aCorruptSnapshotIsRefusedAndChangesNothing() {
        Config config = new Config(3, 5, 0, 2);
        SignalEngine engine = engine(config, new RecordingListener());
        for (Candle candle : Candles.randomWalk(3, 40)) {
            engine.onCandle(BTC, candle);
        }
        byte[] snapshot = engine.snapshot(BTC).orElseThrow();
        SignalEngine target = engine(config, new RecordingListener());
        for (int i : new int[] {0, 7, snapshot.length / 2, snapshot.length - 1}) {
            byte[] corrupt = snapshot.clone();
            corrupt[i] ^= 0x10;
            assertThatThrownBy(() -> target.restore(BTC, corrupt)).isInstanceOf(StateSnapshotException.class)
                    .hasMessageContaining(BTC.toString());
        }
        byte[] truncated = java.util.Arrays.copyOf(snapshot, snapshot.length - 9);
        assertThatThrownBy(() -> target.restore(BTC, truncated)).isInstanceOf(StateSnapshotException.class);
        assertThat(target.status(BTC)).isEmpty();
    }

    @Test
    void aSnapshotOfAnotherShapeOrStreamIsRefused() {
        SignalEngine engine = engine(new Config(3, 5, 0, 2), new RecordingListener());
        for (Candle candle : Candles.randomWalk(3, 40)) {
            engine.onCandle(BTC, candle);
        }
        byte[] snapshot = engine.snapshot(BTC).orElseThrow();
        assertThatThrownBy(() -> engine(new Config(3, 6, 0, 2), new RecordingListener()).restore(BTC, snapshot))
                .isInstanceOf(StateSnapshotException.class).hasMessageContaining("[5, 3]").hasMessageContaining("[6, 3]");
        assertThatThrownBy(() -> engine(new Config(4, 5, 0, 2), new RecordingListener()).restore(BTC, snapshot))
                .isInstanceOf(StateSnapshotException.class).hasMessageContaining("test3@3").hasMessageContaining("test3@4");
        StreamKey eth = StreamKey.of("ETHUSDT", Interval.HOUR_1);
        assertThatThrownBy(() -> engine(new Config(3, 5, 0, 2), new RecordingListener()).restore(eth, snapshot))
                .isInstanceOf(StateSnapshotException.class).hasMessageContaining("BTCUSDT@1h").hasMessageContaining("ETHUSDT@1h");
    }

    @Test
    void aFeatureSetThatCannotSnapshotSaysSo() {
        FeatureSet inner = TestFeatureSet.create();
        FeatureSet opaque = new FeatureSet() {
            @Override
            public String id() {
                return inner.id();
            }

            @Override
            public List<String> columns() {
                return inner.columns();
            }

            @Override
            public int warmupBars() {
                return inner.warmupBars();
            }

            @Override
            public FeatureCalculator newCalculator() {
                FeatureCalculator c = inner.newCalculator();
                return new FeatureCalculator() { // implements neither writeState nor readState
                    @Override
                    public int featureCount() {
                        return c.featureCount();
                    }

                    @Override
                    public void update(Candle candle, double[] row, int offset) {
                        c.update(candle, row, offset);
                    }

                    @Override
                    public long count() {
                        return c.count();
                    }
                };
            }
        };
        SignalEngine engine = SignalEngine.builder().featureSet(opaque).model(TestModel.linear(opaque, 3, "1")).build();
        assertThatThrownBy(engine::checkSnapshotSupport).isInstanceOf(StateSnapshotException.class)
                .hasMessageContaining("cannot snapshot");
        engine.onCandle(BTC, Candles.randomWalk(1, 1).get(0));
        assertThatThrownBy(() -> engine.snapshot(BTC)).isInstanceOf(StateSnapshotException.class)
                .hasMessageContaining(BTC.toString()).hasMessageContaining("cannot snapshot");
    }
}
