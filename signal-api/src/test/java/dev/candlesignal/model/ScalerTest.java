package dev.candlesignal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.candlesignal.FeatureValueException;
import dev.candlesignal.testkit.Generator;
import dev.candlesignal.testkit.Generators;
import dev.candlesignal.testkit.Property;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalerTest {
    static final List<String> COLS = List.of("a", "b");

    @Test
    void fitsPopulationStatisticsOnTheGivenRowsOnly() {
        double[][] rows = {{1, 10}, {2, 20}, {3, 30}, {1000, -1000}};
        Scaler s = Scaler.fit(rows, 0, 3, COLS, 1e-8);
        assertThat(s.means()).containsExactly(2, 20);
        assertThat(s.stds()[0]).isCloseTo(Math.sqrt(2.0 / 3.0), within(1e-15));
        assertThat(s.stds()[1]).isCloseTo(Math.sqrt(200.0 / 3.0), within(1e-13));
        float[] out = new float[2];
        s.scale(new double[] {3, 20}, 0, out, 0);
        assertThat((double) out[0]).isCloseTo((3 - 2) / (Math.sqrt(2.0 / 3.0) + 1e-8), within(1e-6));
        assertThat(out[1]).isZero();
    }

    @Test
    void skipsLeadingWarmupRowsButRejectsLaterNonFiniteValues() {
        double[][] rows = {{Double.NaN, 1}, {Double.NaN, Double.NaN}, {1, 2}, {3, 4}};
        Scaler s = Scaler.fit(rows, 0, 4, COLS, 1e-8);
        assertThat(s.means()).containsExactly(2, 3);
        double[][] bad = {{Double.NaN, 1}, {1, 2}, {Double.POSITIVE_INFINITY, 4}};
        assertThatThrownBy(() -> Scaler.fit(bad, 0, 3, COLS, 1e-8)).isInstanceOf(FeatureValueException.class)
                .hasMessageContaining("non-finite value Infinity in column 'a' at row 2, after the warm-up rows ended at row 0")
                .extracting(e -> ((FeatureValueException) e).column()).isEqualTo("a");
        assertThatThrownBy(() -> Scaler.fit(new double[][] {{Double.NaN, 1}}, 0, 1, COLS, 1e-8))
                .hasMessageContaining("all rows are warm-up");
    }

    @Test
    void validatesConstruction() {
        assertThatThrownBy(() -> new Scaler(new double[] {1}, new double[] {1, 2}, 0)).hasMessageContaining("1 means but 2 stds");
        assertThatThrownBy(() -> new Scaler(new double[] {Double.NaN}, new double[] {1}, 0)).hasMessageContaining("mean[0]");
        assertThatThrownBy(() -> new Scaler(new double[] {1}, new double[] {-1}, 0)).hasMessageContaining("std[0]");
        assertThatThrownBy(() -> new Scaler(new double[] {1}, new double[] {0}, 0)).hasMessageContaining("division by zero");
        assertThat(new Scaler(new double[] {1}, new double[] {0}, 1e-8).scale(0, 1)).isZero();
        assertThatThrownBy(() -> Scaler.fit(new double[][] {{1, 2}}, 0, 2, COLS, 1e-8)).hasMessageContaining("fit range");
    }

    @Test
    void isImmutable() {
        double[] means = {1, 2};
        Scaler s = new Scaler(means, new double[] {1, 1}, 0);
        means[0] = 5;
        s.means()[1] = 7;
        assertThat(s.means()).containsExactly(1, 2);
        assertThat(s).isEqualTo(new Scaler(new double[] {1, 2}, new double[] {1, 1}, 0));
        assertThat(Scaler.identity(2).scale(1, 3.5)).isEqualTo(3.5);
    }

    record RoundTrip(double x, double mean, double std) {
    }

    @Test
    void scaleThenUnscaleRoundTrips() {
        Property.forAll(Generators.combine(Generators.doubles(-1e6, 1e6), Generators.doubles(-1e3, 1e3),
                Generators.doubles(0, 1e3), RoundTrip::new)).tries(200).check(t -> {
                    Scaler s = new Scaler(new double[] {t.mean()}, new double[] {t.std()}, 1e-8);
                    assertThat(s.unscale(0, s.scale(0, t.x())))
                            .isCloseTo(t.x(), within(1e-9 * Math.max(1, Math.abs(t.x()))));
                });
    }

    record Skipped(double[][] rows, int skip) {
        @Override
        public String toString() {
            return "Skipped[skip=" + skip + ", rows=" + Arrays.deepToString(rows) + "]";
        }
    }

    @Test
    void fittedColumnsHaveZeroMeanAndUnitPopulationStd() {
        Property.forAll(Generators.combine(rows(), Generators.integers(0, 5), Skipped::new)).tries(100)
                .check(s -> fittedColumnsHaveZeroMeanAndUnitPopulationStd(s.rows(), s.skip()));
    }

    private static void fittedColumnsHaveZeroMeanAndUnitPopulationStd(double[][] rows, int skip) {
        int to = rows.length;
        Scaler s = Scaler.fit(rows, skip, to, COLS, 0);
        for (int c = 0; c < 2; c++) {
            double sum = 0;
            double sq = 0;
            int n = to - skip;
            for (int r = skip; r < to; r++) {
                double z = s.scale(c, rows[r][c]);
                sum += z;
                sq += z * z;
            }
            assertThat(sum / n).isCloseTo(0, within(1e-9));
            assertThat(sq / n).isCloseTo(1, within(1e-9));
        }
    }

    @Test
    void rowsOutsideTheSliceDoNotMatter() {
        Property.forAll(rows()).tries(50).describedBy(Arrays::deepToString).check(rows -> {
            Scaler a = Scaler.fit(rows, 2, rows.length - 2, COLS, 1e-8);
            double[][] changed = rows.clone();
            changed[0] = new double[] {1e12, -1e12};
            changed[rows.length - 1] = new double[] {Double.NaN, 5};
            assertThat(Scaler.fit(changed, 2, rows.length - 2, COLS, 1e-8)).isEqualTo(a);
        });
    }

    /** 10 to 60 rows of two values in [-1e4, 1e4]; rows 6 and 7 differ in both columns, so no column is constant. */
    static Generator<double[][]> rows() {
        Generator<Double> value = Generators.doubles(-1e4, 1e4);
        return Generators.combine(value, value, (a, b) -> new double[] {a, b}).list(10, 60)
                .map(list -> list.toArray(double[][]::new))
                .filter(rs -> rs[6][0] != rs[7][0] && rs[6][1] != rs[7][1]);
    }
}
