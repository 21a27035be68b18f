package dev.candlesignal.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.candlesignal.Candle;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.model.ModelManifest;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class Fixture14FeatureSetTest extends FeatureSetContract {

    @Override
    protected FeatureSet featureSet() {
        return Fixture14FeatureSet.create();
    }

    @Test
    void valuesFollowTheirDefinitions() {
        List<Candle> candles = Candles.randomWalk(3, 40);
        double[][] rows = featureSet().compute(candles);
        int t = 30;
        Candle c = candles.get(t);
        double close = c.close();
        assertThat(rows[t][0]).isCloseTo(close / candles.get(t - 1).close() - 1, within(1e-15));
        assertThat(rows[t][5]).isCloseTo(close / candles.get(t - 13).close() - 1, within(1e-15));
        assertThat(rows[t][6]).isCloseTo((c.high() - c.low()) / close, within(1e-15));
        assertThat(rows[t][9]).isCloseTo((Math.min(c.open(), close) - c.low()) / close, within(1e-15));
        assertThat(rows[t][11]).isCloseTo(Math.log1p(c.volume()) - Math.log1p(candles.get(t - 1).volume()),
                within(1e-12));
        double sma10 = 0;
        for (int k = t - 9; k <= t; k++) {
            sma10 += candles.get(k).close();
        }
        assertThat(rows[t][13]).isCloseTo(close / (sma10 / 10) - 1, within(1e-12));
        assertThat(rows[12][5]).isNaN();
        assertThat(rows[13][5]).isFinite();
    }

    /** The 14-feature model fixtures must name this set exactly, or an engine would refuse them. */
    @Test
    void matchesTheFixtureManifests() throws Exception {
        for (String name : List.of(ModelFixtures.LSTM14, ModelFixtures.LSTM14_X3)) {
            ModelManifest m = ModelManifest.fromJson(Files.readString(ModelFixtures.bundle(name).resolve("manifest.json")),
                    name);
            assertThat(m.featureSetId()).isEqualTo(Fixture14FeatureSet.ID);
            assertThat(m.columns()).isEqualTo(featureSet().columns());
        }
    }
}
