package dev.candlesignal.benchmarks;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.CandleResult;
import dev.candlesignal.engine.SignalEngine;
import dev.candlesignal.indicators.FeatureSets;
import dev.candlesignal.io.AtomicOutput;
import dev.candlesignal.onnx.OnnxModel;
import dev.candlesignal.replay.KlineCsv;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The Java side of {@code benchmarks/compare.sh}'s equality check: streams a candle file through the engine with a
 * bundle (ONNX Runtime) and writes the probability of candles {@code from .. from + count - 1}, so the script can
 * confirm that our hot path and the Python original compute the same numbers before comparing their speed. Timing
 * is JMH's job ({@link HotPathBenchmark} with {@code -p config=bundle:DIR}).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.candlesignal.benchmarks.ComparePerCandle CANDLES BUNDLE FROM COUNT OUT
 * </pre>
 */
public final class ComparePerCandle {
    private ComparePerCandle() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: ComparePerCandle CANDLES BUNDLE FROM COUNT OUT");
            System.exit(2);
        }
        List<Candle> candles = KlineCsv.read(Path.of(args[0]));
        int from = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        StreamKey stream = StreamKey.of("BTCUSDT", Interval.HOUR_1);
        CandleResult result = new CandleResult();
        try (OnnxModel model = OnnxModel.load(Path.of(args[1]));
                SignalEngine engine = SignalEngine.builder().featureSet(FeatureSets.byId(model.featureSetId()))
                        .model(model).build();
                AtomicOutput file = AtomicOutput.open(Path.of(args[4]))) {
            Writer out = new OutputStreamWriter(file.stream(), StandardCharsets.UTF_8);
            out.write("open_time,probability\n");
            for (int i = 0; i < from + count; i++) {
                engine.onCandle(stream, candles.get(i), result);
                if (i >= from) {
                    if (!result.hasPrediction()) {
                        throw new IllegalStateException("no prediction for candle " + i + ": " + result);
                    }
                    out.write(candles.get(i).openTime().toEpochMilli() + "," + result.probability() + "\n");
                }
            }
            out.flush();
            file.commit();
        }
    }
}
