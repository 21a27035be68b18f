package dev.candlesignal.indicators;

import dev.candlesignal.Candle;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.io.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Writes a feature set's values for a candle history as CSV, so a model can be trained in Python on exactly the
 * numbers Java will serve: a header {@code open_time,<columns>}, then one row per candle with its open time in
 * epoch milliseconds and every value in the shortest decimal form that reads back to the same double
 * ({@link Double#toString(double)}), {@code NaN} for warm-up and undefined values, {@code Infinity} and
 * {@code -Infinity} for infinities (pandas' {@code read_csv} and Python's {@code float} read all of these).
 * Values come from {@link FeatureSet#compute}, i.e. as if streamed from the first candle.
 *
 * <p>In pandas, read the file with {@code pd.read_csv(path, float_precision="round_trip")}: pandas' default
 * parser is not correctly rounded and returns neighbouring doubles (up to ~1e-12 relative on this data) for
 * some values, which the model would then be trained on. With {@code round_trip}, the export of the bundled
 * BNBUSDT year equals {@code tools/reference/features.py}'s values bit for bit in every column but
 * {@code log_returns} (an ulp, numpy's vectorised log).
 *
 * <pre>{@code
 * FeatureExport.write(KlineCsv.read(Path.of("BTCUSDT-1h.csv")), FeatureSets.standard28(), Path.of("features.csv"));
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class FeatureExport {
    private FeatureExport() {
    }

    /**
     * Writes the features of {@code candles} to {@code out} (not closed).
     *
     * @return the number of rows written
     * @throws dev.candlesignal.FeatureValueException if a candle lacks data the set needs
     */
    public static int write(List<Candle> candles, FeatureSet set, Writer out) throws IOException {
        Objects.requireNonNull(candles, "candles");
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(out, "out");
        double[][] rows = set.compute(candles);
        StringBuilder line = new StringBuilder(32 * (set.featureCount() + 1));
        line.append("open_time");
        for (String column : set.columns()) {
            line.append(',').append(column);
        }
        out.write(line.append('\n').toString());
        for (int i = 0; i < rows.length; i++) {
            line.setLength(0);
            line.append(candles.get(i).openTime().toEpochMilli());
            for (double value : rows[i]) {
                line.append(',').append(value);
            }
            out.write(line.append('\n').toString());
        }
        return rows.length;
    }

    /**
     * Writes the features of {@code candles} to {@code file}, replacing it atomically ({@link AtomicFile}): if the
     * set cannot be computed on the candles or writing fails, the old file stays as it was.
     *
     * @return the number of rows written
     * @throws UncheckedIOException if the file cannot be written
     */
    public static int write(List<Candle> candles, FeatureSet set, Path file) {
        int[] rows = new int[1];
        try {
            AtomicFile.writeText(file, out -> rows[0] = write(candles, set, out));
            return rows[0];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
