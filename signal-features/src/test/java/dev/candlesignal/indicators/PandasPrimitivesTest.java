package dev.candlesignal.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.indicators.internal.Ewm;
import dev.candlesignal.indicators.internal.PandasColumns;
import dev.candlesignal.indicators.internal.RollingExtreme;
import dev.candlesignal.indicators.internal.RollingMean;
import dev.candlesignal.indicators.internal.RollingStd;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ports of pandas' window primitives against pandas itself, on the adversarial series of
 * {@code tools/reference/primitives.py} (NaN and infinite inputs, runs of equal values, -0.0, all-negative
 * windows, 1e15 next to 1e-12, window 1): both the streaming classes and the column-at-a-time functions must
 * reproduce pandas 1.5.3 bit for bit, NaN for NaN.
 */
class PandasPrimitivesTest {
    private static final GoldenFile GOLDEN = GoldenFile.load("primitives.csv.gz");

    private static double[] column(String name) {
        return GOLDEN.column(name);
    }

    private static double[] input() {
        return GOLDEN.column("x");
    }

    private static void assertBitExact(String what, double[] actual, double[] expected) {
        for (int i = 0; i < expected.length; i++) {
            boolean same = Double.doubleToLongBits(actual[i]) == Double.doubleToLongBits(expected[i])
                    || (actual[i] == 0 && expected[i] == 0 && Double.compare(actual[i], expected[i]) == 0);
            assertThat(same).as("%s row %d: java %s, pandas %s", what, i, actual[i], expected[i]).isTrue();
        }
    }

    private static double[] streamed(double[] x, DoubleUnaryOperator op) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = op.applyAsDouble(x[i]);
        }
        return out;
    }

    @ParameterizedTest(name = "window {0}")
    @ValueSource(ints = {1, 2, 3, 14, 20})
    void rollingWindowsMatchPandas(int window) {
        double[] x = input();
        check("mean_" + window, x, RollingMean::new, w -> PandasColumns.rollingMean(x, w), window);
        check("std_" + window, x, RollingStd::new, w -> PandasColumns.rollingStd(x, w), window);
        check("min_" + window, x, RollingExtreme::min, w -> PandasColumns.rollingMin(x, w), window);
        check("max_" + window, x, RollingExtreme::max, w -> PandasColumns.rollingMax(x, w), window);
    }

    private interface Streaming {
        double update(double x);
    }

    private static <T> void check(String name, double[] x, Function<Integer, T> streaming,
            Function<Integer, double[]> batch, int window) {
        T instance = streaming.apply(window);
        Streaming op = switch (instance) {
            case RollingMean m -> m::update;
            case RollingStd s -> s::update;
            case RollingExtreme e -> e::update;
            default -> throw new IllegalArgumentException(instance.toString());
        };
        double[] expected = column(name);
        assertBitExact(name + " streaming", streamed(x, op::update), expected);
        assertBitExact(name + " batch", batch.apply(window), expected);
    }

    @ParameterizedTest(name = "span {0}")
    @ValueSource(ints = {9, 12, 26})
    void ewmMatchesPandas(int span) {
        double[] x = input();
        double[] expected = column("ewm_" + span);
        Ewm ewm = new Ewm(span);
        assertBitExact("ewm_" + span + " streaming", streamed(x, ewm::update), expected);
        assertBitExact("ewm_" + span + " batch", PandasColumns.ewmMean(x, span), expected);
    }
}
