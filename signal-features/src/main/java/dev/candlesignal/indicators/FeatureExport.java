package dev.candlesignal.indicators;

import dev.candlesignal.Candle;
import dev.candlesignal.FeatureValueException;
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
 * ({@link Double#toString(double)}), {@code NaN} in the warm-up rows (pandas' {@code read_csv} and Python's
 * {@code float} read it). Values come from {@link FeatureSet#compute}, i.e. as if streamed from the first candle.
 *
 * <p>From row {@code warmupBars() - 1} on (the first fully defined row, which the CLI reports) every value written
 * is finite: if any is not, nothing is written and a {@link FeatureValueException} names the row, the candle and
 * the column. With prices above 0 (the candle's own rule) and the reference formulas' {@code 1e-10} guards, what
 * can still be undefined is a ratio of two zeros, e.g. the standard28 {@code adx}/{@code plus_di}/{@code minus_di}
 * over 14 candles whose prices never moved (ATR 0); a model must not be trained on a value the engine would refuse
 * to predict from ({@code UNDEFINED_FEATURES}).
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
     * @throws FeatureValueException if a candle lacks data the set needs, or a value after the warm-up is not
     *     finite (then nothing is written)
     */
    public static int write(List<Candle> candles, FeatureSet set, Writer out) throws IOException {
        Objects.requireNonNull(candles, "candles");
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(out, "out");
        double[][] rows = set.compute(candles);
        checkFinite(candles, set, rows);
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
     * Refuses a non-finite value after the warm-up, before anything is written.
     *
     * @throws FeatureValueException naming the row, the candle's open time and the column
     */
    private static void checkFinite(List<Candle> candles, FeatureSet set, double[][] rows) {
        int firstDefined = Math.max(0, set.warmupBars() - 1);
        for (int i = firstDefined; i < rows.length; i++) {
            for (int k = 0; k < rows[i].length; k++) {
                double v = rows[i][k];
                if (!Double.isFinite(v)) {
                    String column = set.columns().get(k);
                    throw new FeatureValueException(column, "feature '" + column + "' of " + set.id() + " is " + v
                            + " at row " + i + " (candle opened at " + candles.get(i).openTime() + "), after the first"
                            + " fully defined row " + firstDefined + "; the feature is undefined for these candles, and"
                            + " an export never writes a non-finite value after its warm-up");
                }
            }
        }
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
