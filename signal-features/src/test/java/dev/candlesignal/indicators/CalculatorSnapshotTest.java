package dev.candlesignal.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Candle;
import dev.candlesignal.Evaluation;
import dev.candlesignal.Interval;
import dev.candlesignal.StateSnapshotException;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.feature.Feature;
import dev.candlesignal.feature.FeatureCalculator;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.model.Scaler;
import dev.candlesignal.replay.KlineCsv;
import dev.candlesignal.testkit.Candles;
import dev.candlesignal.testkit.Generators;
import dev.candlesignal.testkit.Property;
import dev.candlesignal.testkit.TestModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;

/**
 * The standard sets' calculators snapshot and restore exactly: a calculator restored at any candle writes the same
 * rows, bit for bit, as one that never stopped; and a whole engine stream over them does the same.
 */
class CalculatorSnapshotTest {
    static final StreamKey BTC = StreamKey.of("BTCUSDT", Interval.HOUR_1);

    static final List<FeatureSet> SETS = List.of(FeatureSets.standard28(), FeatureSets.standard14(),
            FeatureSet.builder().addAll(FeatureSets.standard14())
                    .add("range_5", 5, w -> (w.high(0) - w.low(4)) / w.close(0)).build());

    record Case(List<Candle> candles, int set, double cutFraction) {
    }

    @Test
    void aRestoredCalculatorContinuesBitForBit() {
        Property.forAll(Generators.combine(Candles.series(1, 160), Generators.integers(0, SETS.size() - 1),
                Generators.doubles(0, 1), Case::new)).tries(120).check(c -> {
                    FeatureSet set = SETS.get(c.set());
                    List<Candle> candles = c.candles();
                    int cut = (int) Math.round(c.cutFraction() * candles.size());
                    FeatureCalculator never = set.newCalculator();
                    FeatureCalculator before = set.newCalculator();
                    double[] row = new double[set.featureCount()];
                    for (Candle candle : candles.subList(0, cut)) {
                        never.update(candle, row, 0);
                        before.update(candle, row, 0);
                    }
                    FeatureCalculator restored = roundTrip(set, before);
                    assertThat(restored.count()).isEqualTo(cut);
                    double[] expected = new double[set.featureCount()];
                    for (Candle candle : candles.subList(cut, candles.size())) {
                        never.update(candle, expected, 0);
                        restored.update(candle, row, 0);
                        for (int k = 0; k < row.length; k++) {
                            assertThat(Double.doubleToRawLongBits(row[k])).as("%s column %s at %s", set.id(),
                                    set.columns().get(k), candle.openTime())
                                    .isEqualTo(Double.doubleToRawLongBits(expected[k]));
                        }
                    }
                });
    }

    @Test
    void aTa4jColumnCannotSnapshotAndSaysWhich() {
        FeatureSet set = FeatureSet.builder().addAll(FeatureSets.standard28())
                .add(Ta4jFeature.of("rsi_wilder_14", 100, s -> new RSIIndicator(new ClosePriceIndicator(s), 14))).build();
        assertThatThrownBy(() -> roundTrip(set, set.newCalculator())).isInstanceOf(StateSnapshotException.class)
                .hasMessageContaining("rsi_wilder_14").hasMessageContaining("Ta4j");
        SignalEngine engine = SignalEngine.builder().featureSet(set).model(TestModel.linear(set, 5, "1")).build();
        assertThatThrownBy(engine::checkSnapshotSupport).isInstanceOf(StateSnapshotException.class)
                .hasMessageContaining(set.id()).hasMessageContaining("rsi_wilder_14");
    }

    /** standard28 with a 60-candle window on real BTCUSDT candles, cut at several points: the size goal. */
    @Test
    void aStandard28StreamRestoresExactlyAndItsSnapshotIsSmall() throws IOException {
        List<Candle> candles = KlineCsv.read(Path.of("../data/binance/BTCUSDT-1h.csv")).subList(0, 600);
        FeatureSet set = FeatureSets.standard28();
        Scaler scaler = new Scaler(new double[28], filled(28, 10), 1e-8);
        List<Evaluation> expected = new ArrayList<>();
        SignalEngine never = engine(set, scaler);
        for (Candle candle : candles) {
            expected.add(never.onCandle(BTC, candle));
        }
        int largest = 0;
        for (int cut : new int[] {1, 49, 108, 109, 110, 333, 599}) {
            SignalEngine before = engine(set, scaler);
            for (Candle candle : candles.subList(0, cut)) {
                before.onCandle(BTC, candle);
            }
            byte[] snapshot = before.snapshot(BTC).orElseThrow();
            largest = Math.max(largest, snapshot.length);
            SignalEngine restored = engine(set, scaler);
            restored.restore(BTC, snapshot);
            List<Evaluation> got = new ArrayList<>();
            for (Candle candle : candles.subList(cut, candles.size())) {
                got.add(restored.onCandle(BTC, candle));
            }
            assertThat(got).as("cut at %d", cut).isEqualTo(expected.subList(cut, candles.size()));
        }
        assertThat(largest).as("bytes per standard28 stream, window 60").isLessThan(64 * 1024);
        System.out.println("standard28, window 60: largest stream snapshot " + largest + " bytes");
    }

    private static SignalEngine engine(FeatureSet set, Scaler scaler) {
        return SignalEngine.builder().featureSet(set).model(TestModel.linear(set, 60, "1", scaler, 3)).build();
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private static FeatureCalculator roundTrip(FeatureSet set, FeatureCalculator calculator) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        calculator.writeState(new DataOutputStream(bytes));
        FeatureCalculator restored = set.newCalculator();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        restored.readState(in);
        assertThat(in.available()).as("the state is read to its end").isZero();
        return restored;
    }

    @Test
    void aFeatureOfColumnAloneSnapshotsItsCandles() throws IOException {
        Feature range = Feature.of("range_3", 3, w -> w.high(0) - w.low(2));
        FeatureSet set = FeatureSet.builder().add(range).build();
        FeatureCalculator c = set.newCalculator();
        double[] row = new double[1];
        List<Candle> candles = Candles.randomWalk(2, 10);
        for (Candle candle : candles.subList(0, 5)) {
            c.update(candle, row, 0);
        }
        FeatureCalculator restored = roundTrip(set, c);
        double[] expected = new double[1];
        for (Candle candle : candles.subList(5, 10)) {
            c.update(candle, expected, 0);
            restored.update(candle, row, 0);
            assertThat(row[0]).isEqualTo(expected[0]);
        }
    }
}
