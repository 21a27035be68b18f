package dev.candlesignal.cli;

import dev.candlesignal.Candle;
import dev.candlesignal.FeatureConfigurationException;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.indicators.FeatureExport;
import dev.candlesignal.indicators.FeatureSets;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code candlesignal features}: computes a standard feature set over a kline CSV and writes {@code open_time}
 * plus the feature columns as CSV (NaN for warm-up rows, doubles in shortest round-trip form), so a model can be
 * trained in Python on exactly the numbers Java serves.
 *
 * <pre>
 * candlesignal features --candles data/binance/BTCUSDT-1h.csv --set standard28 --out btc-features.csv
 * </pre>
 */
@Command(name = "features",
        description = "Writes a feature set's values for a kline CSV (open_time plus one column per feature).",
        mixinStandardHelpOptions = true)
final class FeaturesCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--candles", required = true, paramLabel = "FILE",
            description = "Kline CSV with a header or in Binance's archive layout; .gz is read through gzip.")
    Path candles;

    @Option(names = "--interval", paramLabel = "INTERVAL",
            description = "Interval of the candles (1m, 1h, ...). Default: from the file name (BTCUSDT-1h.csv), else "
                    + "inferred from the data. The candles' times are checked against it.")
    Optional<String> interval;

    @Option(names = "--set", defaultValue = "standard28", paramLabel = "ID",
            description = "Feature set id: standard28 (default), standard14/takerFlow, standard14/orderBook(N).")
    String set;

    @Option(names = "--out", defaultValue = "-", paramLabel = "FILE",
            description = "Output CSV (gzip if the name ends in .gz), replaced only when complete; - (default) writes"
                    + " to standard output. Never one of the inputs.")
    String out;

    @Override
    public Integer call() throws IOException {
        FeatureSet featureSet;
        try {
            featureSet = FeatureSets.byId(set);
        } catch (FeatureConfigurationException e) {
            throw new CandleSignalCli.UserError("--set: " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(candles)) {
            throw new CandleSignalCli.UserError("cannot read candles: " + candles + " is not a file");
        }
        int rows;
        if (out.equals("-")) {
            List<Candle> history = readCandles();
            Writer stdout = spec.commandLine().getOut();
            rows = FeatureExport.write(history, featureSet, stdout);
            stdout.flush();
        } else {
            Path file;
            try {
                file = Path.of(out);
            } catch (InvalidPathException e) {
                throw new CandleSignalCli.UserError("--out '" + out + "' is not a valid path: " + e.getReason(), e);
            }
            try (OutputFile output = OutputFile.open("--out", file, Map.of("--candles", candles))) {
                List<Candle> history = readCandles();
                try {
                    rows = FeatureExport.write(history, featureSet, output.writer());
                } catch (IOException e) {
                    throw output.failure(e);
                }
                output.commit();
            }
        }
        spec.commandLine().getErr().println("candlesignal: wrote " + rows + " rows x " + featureSet.featureCount()
                + " features (" + featureSet.id() + ", first fully defined row " + (featureSet.warmupBars() - 1)
                + ") to " + (out.equals("-") ? "standard output" : out));
        return 0;
    }

    private List<Candle> readCandles() {
        return StreamOptions.read(candles, StreamOptions.interval(interval, candles));
    }
}
