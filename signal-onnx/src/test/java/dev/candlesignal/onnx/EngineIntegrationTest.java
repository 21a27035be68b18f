package dev.candlesignal.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.ModelMismatchException;
import dev.candlesignal.StreamKey;
import dev.candlesignal.Evaluation;
import dev.candlesignal.Evaluation.Status;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.feature.FeatureCalculator;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.Scaler;
import dev.candlesignal.replay.KlineCsv;
import dev.candlesignal.testkit.Fixture14FeatureSet;
import dev.candlesignal.testkit.ModelFixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real BTCUSDT candles through {@link SignalEngine}: the test-only {@code fixture14} features, a fixture ONNX model
 * whose manifest carries a scaler fitted on those features, and the default policy. The engine's probabilities
 * must be exactly what the model gives for windows built by hand; and a model for another feature set is refused.
 */
class EngineIntegrationTest {
    private static final StreamKey BTC = StreamKey.of("BTCUSDT", Interval.HOUR_1);

    @TempDir
    Path dir;

    private static List<Candle> candles(int n) {
        return KlineCsv.read(Path.of("../data/binance/BTCUSDT-1h.csv")).subList(0, n);
    }

    @Test
    void candlesRunEndToEndAndMatchHandBuiltWindows() throws Exception {
        FeatureSet features = Fixture14FeatureSet.create();
        List<Candle> candles = candles(300);
        double[][] rows = features.compute(candles);
        // a scaler fitted on the first 200 rows (after warm-up), written into a copy of the fixture's manifest
        Scaler scaler = Scaler.fit(rows, 0, 200, features.columns(), Scaler.DEFAULT_EPSILON);
        Path bundle = Bundles.copy(ModelFixtures.LSTM14_X3, dir);
        Bundles.editManifest(bundle, m -> m.scaler(scaler));

        try (OnnxModel model = OnnxModel.load(bundle);
                SignalEngine engine = SignalEngine.builder().featureSet(features).model(model).build()) {
            int ready = features.warmupBars() + model.sequenceLength() - 1;
            List<Evaluation> evaluations = new ArrayList<>();
            for (Candle c : candles) {
                evaluations.add(engine.onCandle(BTC, c));
            }
            for (int i = 0; i < ready - 1; i++) {
                assertThat(evaluations.get(i).status()).as("candle %d", i).isEqualTo(Status.NOT_READY);
            }
            int consulted = 0;
            double min = 1;
            double max = 0;
            float[] window = new float[model.spec().windowSize()];
            for (int t = ready - 1; t < candles.size(); t++) {
                Evaluation e = evaluations.get(t);
                assertThat(e.status()).as("candle %d", t).isIn(Status.SIGNAL, Status.HOLD, Status.COOLDOWN);
                for (int r = 0; r < model.sequenceLength(); r++) {
                    scaler.scale(rows[t - model.sequenceLength() + 1 + r], 0, window, r * features.featureCount());
                }
                float expected = model.predict(window, 0);
                assertThat(e.probability().getAsDouble()).as("candle %d", t).isEqualTo(expected);
                min = Math.min(min, expected);
                max = Math.max(max, expected);
                consulted++;
            }
            assertThat(consulted).isEqualTo(candles.size() - ready + 1);
            assertThat(max - min).as("probabilities vary with the market").isGreaterThan(0.01);
        }
    }

    @Test
    void modelForAnotherFeatureSetIsRefused() throws Exception {
        try (OnnxModel model28 = OnnxModel.load(ModelFixtures.bundle(ModelFixtures.LSTM28))) {
            assertThatThrownBy(() -> SignalEngine.builder().featureSet(Fixture14FeatureSet.create()).model(model28)
                    .build()).isInstanceOf(ModelMismatchException.class)
                    .hasMessageContaining("expects [60, 28] (standard28)")
                    .hasMessageContaining("configured with fixture14 [60, 14]");
        }
    }

    @Test
    void sameIdWithOtherColumnsIsRefused() throws Exception {
        try (OnnxModel model = OnnxModel.load(ModelFixtures.bundle(ModelFixtures.LSTM14))) {
            FeatureSet reordered = new Renamed(Fixture14FeatureSet.ID, swapFirstTwo(Fixture14FeatureSet.create()
                    .columns()));
            assertThatThrownBy(() -> SignalEngine.builder().featureSet(reordered).model(model).build())
                    .isInstanceOf(ModelMismatchException.class).hasMessageContaining("columns differ");
            FeatureSet otherId = new Renamed("standard14", Fixture14FeatureSet.create().columns());
            assertThatThrownBy(() -> SignalEngine.builder().featureSet(otherId).model(model).build())
                    .isInstanceOf(ModelMismatchException.class).hasMessageContaining("standard14");
        }
    }

    @Test
    void swappingInAModelForAnotherFeatureSetIsRefused() throws Exception {
        try (OnnxModel model14 = OnnxModel.load(ModelFixtures.bundle(ModelFixtures.LSTM14));
                OnnxModel model28 = OnnxModel.load(ModelFixtures.bundle(ModelFixtures.LSTM28));
                OnnxModel stress14 = OnnxModel.load(ModelFixtures.bundle(ModelFixtures.LSTM14_X3));
                SignalEngine engine = SignalEngine.builder().featureSet(Fixture14FeatureSet.create()).model(model14)
                        .build()) {
            assertThatThrownBy(() -> engine.swapModel(model28)).isInstanceOf(ModelMismatchException.class);
            Model previous = engine.swapModel(stress14);
            assertThat(previous).isSameAs(model14);
        }
    }

    private static List<String> swapFirstTwo(List<String> columns) {
        List<String> out = new ArrayList<>(columns);
        out.set(0, columns.get(1));
        out.set(1, columns.get(0));
        return out;
    }

    /** The fixture14 computation under another id or column naming. */
    private record Renamed(String id, List<String> columns) implements FeatureSet {
        @Override
        public int warmupBars() {
            return Fixture14FeatureSet.create().warmupBars();
        }

        @Override
        public FeatureCalculator newCalculator() {
            return Fixture14FeatureSet.create().newCalculator();
        }
    }
}
