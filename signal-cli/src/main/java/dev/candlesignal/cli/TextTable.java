package dev.candlesignal.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with aligned columns: text columns left-aligned, the others right-aligned.
 *
 * <p>Not thread-safe.
 */
final class TextTable {
    private final List<String> header;
    private final boolean[] leftAligned;
    private final List<List<String>> rows = new ArrayList<>();

    /** Columns named {@code header}; the first {@code textColumns} are left-aligned. */
    TextTable(List<String> header, int textColumns) {
        this.header = List.copyOf(header);
        this.leftAligned = new boolean[header.size()];
        for (int i = 0; i < textColumns; i++) {
            leftAligned[i] = true;
        }
    }

    void add(List<String> row) {
        if (row.size() != header.size()) {
            throw new IllegalArgumentException("row has " + row.size() + " cells, the table " + header.size());
        }
        rows.add(List.copyOf(row));
    }

    void print(PrintWriter out) {
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        line(out, header, width);
        for (List<String> r : rows) {
            line(out, r, width);
        }
    }

    private void line(PrintWriter out, List<String> cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append("  ");
            }
            String c = cells.get(i);
            String pad = " ".repeat(width[i] - c.length());
            sb.append(leftAligned[i] ? c + pad : pad + c);
        }
        out.println(sb.toString().stripTrailing());
    }
}
