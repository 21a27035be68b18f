package dev.candlesignal.model;

import dev.candlesignal.FeatureValueException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Per-column z-score normalisation, {@code (x - mean) / (std + epsilon)}, as the reference bot applies before
 * its LSTM: population standard deviation (ddof = 0) and epsilon 1e-8 by default, computed in double precision
 * and cast to float for the model.
 *
 * <p>Immutable: arrays are copied in and out.
 *
 * @param means column means
 * @param stds column population standard deviations
 * @param epsilon added to each std before dividing
 */
public record Scaler(double[] means, double[] stds, double epsilon) {

    /** The reference bot's epsilon. */
    public static final double DEFAULT_EPSILON = 1e-8;

    public Scaler {
        Objects.requireNonNull(means, "means");
        Objects.requireNonNull(stds, "stds");
        if (means.length != stds.length) {
            throw new IllegalArgumentException("scaler has " + means.length + " means but " + stds.length + " stds");
        }
        if (means.length == 0) {
            throw new IllegalArgumentException("scaler needs at least one column");
        }
        means = means.clone();
        stds = stds.clone();
        for (int i = 0; i < means.length; i++) {
            if (!Double.isFinite(means[i])) {
                throw new IllegalArgumentException("scaler mean[" + i + "] must be finite but was " + means[i]);
            }
            if (!(stds[i] >= 0) || Double.isInfinite(stds[i])) {
                throw new IllegalArgumentException("scaler std[" + i + "] must be finite and >= 0 but was " + stds[i]);
            }
        }
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("scaler epsilon must be finite and >= 0 but was " + epsilon);
        }
        if (epsilon == 0) {
            for (int i = 0; i < stds.length; i++) {
                if (stds[i] == 0) {
                    throw new IllegalArgumentException("scaler std[" + i + "] is 0 and epsilon is 0: division by zero");
                }
            }
        }
    }

    /** The identity scaler (mean 0, std 1, epsilon 0) for {@code columns} columns. */
    public static Scaler identity(int columns) {
        double[] zeros = new double[columns];
        double[] ones = new double[columns];
        Arrays.fill(ones, 1.0);
        return new Scaler(zeros, ones, 0);
    }

    /**
     * Fits means and population stds on {@code rows[from .. to)} only (never on validation or test rows).
     *
     * <p>Leading rows that hold NaN are warm-up and are skipped. After the first fully finite row, a non-finite
     * value is an error rather than something to zero out silently.
     *
     * @throws FeatureValueException naming the row and column of a non-finite value after warm-up
     * @throws IllegalArgumentException if the range holds no fully finite row
     */
    public static Scaler fit(double[][] rows, int from, int to, List<String> columns, double epsilon) {
        Objects.requireNonNull(rows, "rows");
        if (from < 0 || to > rows.length || from >= to) {
            throw new IllegalArgumentException("fit range [" + from + ", " + to + ") is not inside [0, " + rows.length + ")");
        }
        int n = rows[from].length;
        if (columns.size() != n) {
            throw new IllegalArgumentException(columns.size() + " column names for rows of " + n + " values");
        }
        int first = from;
        while (first < to && !allFinite(rows[first])) {
            first++;
        }
        if (first == to) {
            throw new IllegalArgumentException("no fully finite row in [" + from + ", " + to + "): all rows are warm-up");
        }
        double[] mean = new double[n];
        double[] m2 = new double[n];
        long count = 0;
        for (int r = first; r < to; r++) {
            double[] row = rows[r];
            if (row.length != n) {
                throw new IllegalArgumentException("row " + r + " has " + row.length + " values, expected " + n);
            }
            count++;
            for (int c = 0; c < n; c++) {
                double x = row[c];
                if (!Double.isFinite(x)) {
                    throw new FeatureValueException(columns.get(c), "non-finite value " + x + " in column '"
                            + columns.get(c) + "' at row " + r + ", after the warm-up rows ended at row " + (first - 1)
                            + "; clean the data or choose a training range that avoids it");
                }
                // Welford: stable for price-level columns (BTC ~ 1e4) where sum-of-squares loses digits
                double delta = x - mean[c];
                mean[c] += delta / count;
                m2[c] += delta * (x - mean[c]);
            }
        }
        double[] std = new double[n];
        for (int c = 0; c < n; c++) {
            std[c] = Math.sqrt(m2[c] / count);
        }
        return new Scaler(mean, std, epsilon);
    }

    private static boolean allFinite(double[] row) {
        for (double v : row) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** Number of columns. */
    public int columns() {
        return means.length;
    }

    @Override
    public double[] means() {
        return means.clone();
    }

    @Override
    public double[] stds() {
        return stds.clone();
    }

    /**
     * Scales {@code columns()} values from {@code src[srcOffset ..]} into {@code dst[dstOffset ..]} as float.
     * Allocation-free.
     */
    public void scale(double[] src, int srcOffset, float[] dst, int dstOffset) {
        for (int c = 0; c < means.length; c++) {
            dst[dstOffset + c] = (float) ((src[srcOffset + c] - means[c]) / (stds[c] + epsilon));
        }
    }

    /** Scales one value of column {@code column}, in double precision. */
    public double scale(int column, double value) {
        return (value - means[column]) / (stds[column] + epsilon);
    }

    /** Inverse of {@link #scale(int, double)}. */
    public double unscale(int column, double scaled) {
        return scaled * (stds[column] + epsilon) + means[column];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scaler other
                && Arrays.equals(means, other.means)
                && Arrays.equals(stds, other.stds)
                && Double.compare(epsilon, other.epsilon) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(means) + Arrays.hashCode(stds)) + Double.hashCode(epsilon);
    }

    @Override
    public String toString() {
        return "Scaler[columns=" + means.length + ", epsilon=" + epsilon + "]";
    }
}
