package dev.candlesignal.policy;

import java.util.List;

/**
 * Read-only view of the raw (unscaled) feature rows of the model window, oldest row first: row
 * {@code rows() - 1} belongs to the current candle. Lets a policy apply its own rules to features, or run further
 * models for a blend.
 *
 * <p>Valid only during the policy call that received it; not thread-safe.
 */
public interface FeatureWindow {

    /** Number of rows (the model's sequence length). */
    int rows();

    /** Column names, in order. */
    List<String> columns();

    /** The raw value of {@code column} in {@code row}. */
    double get(int row, int column);

    /** The raw value of the named column in the newest row. */
    default double latest(String column) {
        int c = columns().indexOf(column);
        if (c < 0) {
            throw new IllegalArgumentException("no feature column '" + column + "' (columns: " + columns() + ")");
        }
        return get(rows() - 1, c);
    }
}
