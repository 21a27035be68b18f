package dev.candlesignal.features;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A golden CSV written by {@code tools/reference/features.py}: {@code open_time} and the feature columns, values
 * in Python's repr (round-trip) form, NaN and infinities spelled as Java parses them.
 */
record GoldenFile(String name, List<String> columns, long[] openTimes, double[][] rows) {

    static GoldenFile load(String resource) {
        try (InputStream raw = GoldenFile.class.getResourceAsStream("/golden/" + resource)) {
            if (raw == null) {
                throw new IllegalArgumentException("no golden resource " + resource);
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(
                    resource.endsWith(".gz") ? new GZIPInputStream(raw) : raw, StandardCharsets.US_ASCII));
            String[] header = in.readLine().split(",");
            if (!header[0].equals("open_time")) {
                throw new IllegalStateException(resource + ": first column is " + header[0]);
            }
            List<String> columns = List.of(Arrays.copyOfRange(header, 1, header.length));
            List<long[]> times = new ArrayList<>();
            List<double[]> rows = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String[] cells = line.split(",", -1);
                if (cells.length != header.length) {
                    throw new IllegalStateException(resource + ": row with " + cells.length + " cells: " + line);
                }
                times.add(new long[] {Long.parseLong(cells[0])});
                double[] row = new double[columns.size()];
                for (int k = 0; k < row.length; k++) {
                    row[k] = Double.parseDouble(cells[k + 1]);
                }
                rows.add(row);
            }
            return new GoldenFile(resource, columns, times.stream().mapToLong(t -> t[0]).toArray(),
                    rows.toArray(double[][]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
