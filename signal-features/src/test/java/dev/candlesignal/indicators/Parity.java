package dev.candlesignal.indicators;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compares feature values with reference values: a value passes if both are NaN, both the same infinity, or
 * {@code |a - b| <= 1e-9 |b|} or {@code |a - b| <= 1e-12}; records the worst relative and absolute deviation and
 * the number of bit-identical values per column.
 */
final class Parity {
    static final double RELATIVE = 1e-9;
    static final double ABSOLUTE = 1e-12;

    private final String label;
    private final List<String> columns;
    private final double[] worstRelative;
    private final double[] worstAbsolute;
    private final long[] identical;
    private final long[] finite;
    private final List<String> failures = new ArrayList<>();
    private long compared;

    Parity(String label, List<String> columns) {
        this.label = label;
        this.columns = columns;
        this.worstRelative = new double[columns.size()];
        this.worstAbsolute = new double[columns.size()];
        this.identical = new long[columns.size()];
        this.finite = new long[columns.size()];
    }

    void compare(String where, int column, double actual, double expected) {
        compared++;
        if (Double.doubleToLongBits(actual) == Double.doubleToLongBits(expected)
                || (actual == 0 && expected == 0)) {
            identical[column]++;
            if (Double.isFinite(expected)) {
                finite[column]++;
            }
            return;
        }
        if (Double.isNaN(expected) || Double.isNaN(actual) || Double.isInfinite(expected) || Double.isInfinite(actual)) {
            fail(where, column, actual, expected, "different NaN/infinity pattern");
            return;
        }
        finite[column]++;
        double abs = Math.abs(actual - expected);
        double rel = expected == 0 ? Double.POSITIVE_INFINITY : abs / Math.abs(expected);
        worstAbsolute[column] = Math.max(worstAbsolute[column], abs);
        if (expected != 0) {
            worstRelative[column] = Math.max(worstRelative[column], rel);
        }
        if (!(abs <= ABSOLUTE || rel <= RELATIVE)) {
            fail(where, column, actual, expected, String.format(Locale.ROOT, "relative %.3g, absolute %.3g", rel, abs));
        }
    }

    private void fail(String where, int column, double actual, double expected, String why) {
        if (failures.size() < 20) {
            failures.add(label + " " + where + " " + columns.get(column) + ": java " + actual + ", reference "
                    + expected + " (" + why + ")");
        }
    }

    List<String> failures() {
        return failures;
    }

    long compared() {
        return compared;
    }

    private static String number(double x) {
        return x == 0 ? "0" : String.format(Locale.ROOT, "%.3g", x);
    }

    /** One line per column: worst relative and absolute deviation and the share of bit-identical values. */
    String report() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s (%d values)%n", label, compared));
        sb.append(String.format(Locale.ROOT, "  %-20s %12s %12s %18s%n", "column", "worst rel", "worst abs",
                "bit-identical"));
        for (int k = 0; k < columns.size(); k++) {
            long total = compared / columns.size();
            sb.append(String.format(Locale.ROOT, "  %-20s %12s %12s %10d / %5d%n", columns.get(k),
                    number(worstRelative[k]), number(worstAbsolute[k]), identical[k], total));
        }
        return sb.toString();
    }
}
