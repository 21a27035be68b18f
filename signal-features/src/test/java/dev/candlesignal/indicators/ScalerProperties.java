package dev.candlesignal.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.FeatureValueException;
import dev.candlesignal.model.Scaler;
import dev.candlesignal.testkit.Generator;
import dev.candlesignal.testkit.Generators;
import dev.candlesignal.testkit.Property;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Properties of {@link Scaler} (signal-api): the z-score of the reference bot, fitted on a slice of rows only,
 * population standard deviation, finite values only.
 */
class ScalerProperties {
    private static final List<String> COLUMNS = List.of("a", "b", "c");

    record Table(double[][] rows, int from, int to) {
        @Override
        public String toString() {
            return "Table[from=" + from + ", to=" + to + ", rows=" + Arrays.deepToString(rows) + "]";
        }
    }

    record TableColumn(Table table, int column) {
    }

    record Warmup(int warmup, int rowsAfter) {
    }

    /** 2 to 80 rows of 3 values (large, tiny, 0 or 42 mixed), and a slice [from, to) of at least one row. */
    static Generator<Table> tables() {
        Generator<Double> value = Generators.oneOf(Generators.doubles(-1e6, 1e6),
                Generators.decimals(-1e-6, 1e-6, 12), Generators.of(0.0, 42.0));
        Generator<double[]> row = Generators.combine(value, value, value, (a, b, c) -> new double[] {a, b, c});
        return row.list(2, 80).flatMap(list -> {
            double[][] rows = list.toArray(double[][]::new);
            return Generators.combine(Generators.integers(0, rows.length - 2), Generators.integers(1, rows.length),
                            (from, to) -> new Table(rows, from, to))
                    .filter(t -> t.from() < t.to());
        });
    }

    private static double populationStd(double[][] rows, int from, int to, int c) {
        double sum = 0;
        for (int r = from; r < to; r++) {
            sum += rows[r][c];
        }
        double mean = sum / (to - from);
        double ss = 0;
        for (int r = from; r < to; r++) {
            ss += (rows[r][c] - mean) * (rows[r][c] - mean);
        }
        return Math.sqrt(ss / (to - from));
    }

    @Test
    void fitUsesPopulationStatisticsOfTheSliceOnly() {
        Property.forAll(tables()).tries(200).check(t -> fitUsesPopulationStatisticsOfTheSliceOnly(t));
    }

    private static void fitUsesPopulationStatisticsOfTheSliceOnly(Table t) {
        Scaler scaler = Scaler.fit(t.rows(), t.from(), t.to(), COLUMNS, Scaler.DEFAULT_EPSILON);
        for (int c = 0; c < 3; c++) {
            double expected = populationStd(t.rows(), t.from(), t.to(), c);
            assertThat(scaler.stds()[c]).isCloseTo(expected, org.assertj.core.api.Assertions.within(
                    1e-9 * Math.max(expected, 1e-300) + 1e-12 * maxAbs(t, c)));
        }
        // rows outside the slice, whatever they hold (even NaN), change nothing
        double[][] changed = new double[t.rows().length][];
        for (int r = 0; r < changed.length; r++) {
            changed[r] = r >= t.from() && r < t.to() ? t.rows()[r].clone()
                    : new double[] {Double.NaN, Double.POSITIVE_INFINITY, r * 1e9};
        }
        assertThat(Scaler.fit(changed, t.from(), t.to(), COLUMNS, Scaler.DEFAULT_EPSILON)).isEqualTo(scaler);
    }

    private static double maxAbs(Table t, int c) {
        double m = 0;
        for (int r = t.from(); r < t.to(); r++) {
            m = Math.max(m, Math.abs(t.rows()[r][c]));
        }
        return m;
    }

    @Test
    void scaleAndUnscaleRoundTrip() {
        Property.forAll(Generators.combine(tables(), Generators.integers(0, 2), TableColumn::new)).tries(200)
                .check(tc -> scaleAndUnscaleRoundTrip(tc.table(), tc.column()));
    }

    private static void scaleAndUnscaleRoundTrip(Table t, int column) {
        Scaler scaler = Scaler.fit(t.rows(), t.from(), t.to(), COLUMNS, Scaler.DEFAULT_EPSILON);
        for (double[] row : t.rows()) {
            double x = row[column];
            double back = scaler.unscale(column, scaler.scale(column, x));
            double scale = Math.abs(x) + Math.abs(scaler.means()[column]) + scaler.stds()[column];
            assertThat(Math.abs(back - x)).isLessThanOrEqualTo(4 * Math.ulp(scale));
        }
    }

    @Test
    void scaledTrainingRowsHaveMeanZeroAndPopulationStdAtMostOne() {
        Property.forAll(tables()).tries(100)
                .check(t -> scaledTrainingRowsHaveMeanZeroAndPopulationStdAtMostOne(t));
    }

    private static void scaledTrainingRowsHaveMeanZeroAndPopulationStdAtMostOne(Table t) {
        Scaler scaler = Scaler.fit(t.rows(), t.from(), t.to(), COLUMNS, Scaler.DEFAULT_EPSILON);
        for (int c = 0; c < 3; c++) {
            double[][] scaled = new double[t.to() - t.from()][1];
            for (int r = t.from(); r < t.to(); r++) {
                scaled[r - t.from()][0] = scaler.scale(c, t.rows()[r][c]);
            }
            Scaler again = Scaler.fit(scaled, 0, scaled.length, List.of("z"), 0 + Scaler.DEFAULT_EPSILON);
            assertThat(Math.abs(again.means()[0])).isLessThan(1e-6);
            // std / (std + 1e-8): 1 for spread-out columns, 0 for constant ones
            assertThat(again.stds()[0]).isLessThanOrEqualTo(1 + 1e-9);
        }
    }

    @Test
    void leadingWarmupRowsAreSkippedButLaterNonFiniteValuesAreErrors() {
        Property.forAll(Generators.combine(Generators.integers(1, 10), Generators.integers(2, 30), Warmup::new))
                .tries(50).check(w -> leadingWarmupRowsAreSkippedButLaterNonFiniteValuesAreErrors(w.warmup(),
                        w.rowsAfter()));
    }

    private static void leadingWarmupRowsAreSkippedButLaterNonFiniteValuesAreErrors(int warmup, int rowsAfter) {
        double[][] rows = new double[warmup + rowsAfter][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = r < warmup ? new double[] {Double.NaN, 1, 1} : new double[] {r, -r, 2 * r};
        }
        Scaler skipped = Scaler.fit(rows, 0, rows.length, COLUMNS, 1e-8);
        double[][] finiteOnly = java.util.Arrays.copyOfRange(rows, warmup, rows.length);
        assertThat(skipped).isEqualTo(Scaler.fit(finiteOnly, 0, finiteOnly.length, COLUMNS, 1e-8));

        rows[rows.length - 1][1] = Double.NEGATIVE_INFINITY;
        assertThatThrownBy(() -> Scaler.fit(rows, 0, rows.length, COLUMNS, 1e-8))
                .isInstanceOf(FeatureValueException.class)
                .hasMessageContaining("'b'")
                .hasMessageContaining("row " + (rows.length - 1));
    }
}
