package dev.candlesignal.djl.internal;

/**
 * What the module returned for one forward pass: how many tensors, and the first one's shape and values in
 * row-major order (empty if there was none).
 *
 * <p>Not thread-safe (arrays are not copied).
 */
public record Output(int tensors, long[] shape, float[] values) {
}
