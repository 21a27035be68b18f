package dev.candlesignal.indicators;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A golden CSV written by {@code tools/reference}: a header, then numbers in Python's repr (round-trip) form,
 * NaN and infinities spelled as Java parses them. For feature files the first column is {@code open_time}
 * (epoch milliseconds, exact as a double) and the others are the features.
 */
record GoldenFile(String name, List<String> columns, double[][] rows) {

    static GoldenFile load(String resource) {
        try (InputStream raw = GoldenFile.class.getResourceAsStream("/golden/" + resource)) {
            if (raw == null) {
                throw new IllegalArgumentException("no golden resource " + resource);
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(
                    resource.endsWith(".gz") ? new GZIPInputStream(raw) : raw, StandardCharsets.US_ASCII));
            List<String> columns = List.of(in.readLine().split(","));
            List<double[]> rows = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String[] cells = line.split(",", -1);
                if (cells.length != columns.size()) {
                    throw new IllegalStateException(resource + ": row with " + cells.length + " cells: " + line);
                }
                double[] row = new double[cells.length];
                for (int k = 0; k < row.length; k++) {
                    row[k] = Double.parseDouble(cells[k]);
                }
                rows.add(row);
            }
            return new GoldenFile(resource, columns, rows.toArray(double[][]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A whole column by name. */
    double[] column(String column) {
        int k = columns.indexOf(column);
        if (k < 0) {
            throw new IllegalArgumentException(name + " has no column " + column + " (has " + columns + ")");
        }
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i][k];
        }
        return out;
    }

    /** Feature columns: all but the first ({@code open_time}). */
    List<String> featureColumns() {
        return columns.subList(1, columns.size());
    }

    long openTime(int row) {
        return (long) rows[row][0];
    }

    /** Feature {@code k} (0-based, after open_time) of row {@code row}. */
    double feature(int row, int k) {
        return rows[row][k + 1];
    }
}
