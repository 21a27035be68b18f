package dev.candlesignal.djl.internal;

/**
 * Input of one forward pass: windows {@code from .. from + count - 1} of {@code arrays}, window {@code i} starting at
 * {@code arrays[i][offsets[i]]}. The caller has checked the bounds. Holds references, copies nothing.
 *
 * <p>Not thread-safe: the arrays belong to the caller for the duration of the call.
 */
public record Windows(float[][] arrays, int[] offsets, int from, int count) {

    /** One window. */
    public static Windows single(float[] window, int offset) {
        return new Windows(new float[][] {window}, new int[] {offset}, 0, 1);
    }
}
