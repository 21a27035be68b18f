package dev.candlesignal.indicators.internal;

/** C's {@code signbit}: true for negative values, -0.0 and NaNs with the sign bit set. */
final class Signs {
    private Signs() {
    }

    static boolean signbit(double value) {
        return Double.doubleToRawLongBits(value) < 0;
    }
}
