package dev.candlesignal.examples;

import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.binance.BinanceCandleSource;
import dev.candlesignal.binance.StartPosition;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.indicators.FeatureSets;
import dev.candlesignal.model.Model;
import dev.candlesignal.onnx.OnnxModel;
import java.nio.file.Path;
import java.util.List;

/**
 * The README's example, compiled with every build: live BTCUSDT 1h candles from Binance through the demo model,
 * printing each BUY/SELL signal. Needs the internet (market data, no API key).
 *
 * <pre>
 * java -cp examples/target/candlesignal.jar dev.candlesignal.examples.QuickStart
 * </pre>
 */
public final class QuickStart {
    private QuickStart() {
    }

    public static void main(String[] args) throws Exception {
        // README example: start
        try (Model model = OnnxModel.load(Path.of("models/demo-btcusdt-1h"));
                BinanceCandleSource binance = BinanceCandleSource.builder().build();
                SignalEngine engine = SignalEngine.builder()
                        .featureSet(FeatureSets.byId(model.featureSetId()))   // standard14/takerFlow
                        .model(model)
                        .listener(signal -> System.out.println(signal))       // BUY/SELL, confidence, stop, target
                        .build()) {
            StreamKey btc = StreamKey.of("BTCUSDT", Interval.HOUR_1);
            binance.subscribe(List.of(btc), StartPosition.lastClosed(engine.candlesToReady()), engine.candleListener());
            Thread.currentThread().join();
        }
        // README example: end
    }
}
