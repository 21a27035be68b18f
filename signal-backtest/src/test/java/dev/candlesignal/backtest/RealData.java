package dev.candlesignal.backtest;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.indicators.FeatureSets;
import dev.candlesignal.onnx.OnnxModel;
import dev.candlesignal.replay.KlineCsv;
import dev.candlesignal.testkit.ModelFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The bundled year of BTCUSDT 1h candles through standard28 and the 28 x 128 LSTM fixture (random weights, ONNX):
 * a backtest of real size on real prices. The fixture's manifest says it was trained on 2000-01-01, so no range of
 * the bundled data is in-sample.
 */
final class RealData {
    static final StreamKey BTC = StreamKey.of("BTCUSDT", Interval.HOUR_1);

    private RealData() {
    }

    static List<Candle> btc() {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 5 && dir != null; i++, dir = dir.getParent()) {
            Path file = dir.resolve("data/binance/BTCUSDT-1h.csv");
            if (Files.isRegularFile(file)) {
                return KlineCsv.read(file, Interval.HOUR_1);
            }
        }
        throw new IllegalStateException("no data/binance/BTCUSDT-1h.csv above " + Path.of("").toAbsolutePath());
    }

    /** The bundled year backtested with the default strategy. */
    static BacktestResult backtest() throws Exception {
        try (OnnxModel model = OnnxModel.load(ModelFixtures.bundle(ModelFixtures.LSTM28_X3))) {
            return Backtester.builder().featureSet(FeatureSets.standard28()).model(model).build()
                    .run(Map.of(BTC, btc()), BacktestRange.all(), Strategy.defaults(Interval.HOUR_1));
        }
    }
}
