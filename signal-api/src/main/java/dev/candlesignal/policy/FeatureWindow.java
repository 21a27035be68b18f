package dev.candlesignal.policy;

import java.util.List;

/**
 * Read-only view of the raw (unscaled) feature rows of the model window, indexed by how many candles ago:
 * {@code ago(0, c)} is the current candle's row, {@code ago(rows() - 1, c)} the oldest row the model saw (the
 * convention of every window in this library; the model's own input tensor is laid out oldest row first). Lets a
 * policy apply its own rules to features, or run further models for a blend.
 *
 * <p>Valid only during the policy call that received it; not thread-safe.
 */
public interface FeatureWindow {

    /** Number of rows (the model's sequence length). */
    int rows();

    /** Column names, in order. */
    List<String> columns();

    /**
     * The raw value of {@code column} in the row of the candle {@code k} candles ago: 0 is the current candle.
     *
     * @throws IndexOutOfBoundsException if {@code k} is not in {@code [0, rows())} or {@code column} not in
     *     {@code [0, columns().size())}
     */
    double ago(int k, int column);

    /** The raw value of the named column in the newest row. */
    default double latest(String column) {
        int c = columns().indexOf(column);
        if (c < 0) {
            throw new IllegalArgumentException("no feature column '" + column + "' (columns: " + columns() + ")");
        }
        return ago(0, c);
    }
}
