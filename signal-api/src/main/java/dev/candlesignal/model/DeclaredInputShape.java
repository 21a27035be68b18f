package dev.candlesignal.model;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The input shape a bundle's ONNX graph declares, as written in its {@code model.onnx}: read by
 * {@link ModelBundle#declaredOnnxInputShape()} without running the graph, to cross-check the manifest for backends
 * that cannot see the shape themselves (a TorchScript LSTM runs on any sequence length).
 *
 * <p>Immutable.
 *
 * @param file the weights file it was read from, e.g. {@code model.onnx}
 * @param input the graph input's name ({@value ModelBundle#ONNX_INPUT})
 * @param dims the declared dimensions in order ({@code [batch, sequenceLength, featureCount]} for a valid bundle),
 *     {@link #NOT_FIXED} where the graph leaves a dimension open (a symbolic {@code batch}, say)
 */
public record DeclaredInputShape(String file, String input, List<Long> dims) {

    /** A dimension the graph leaves open. */
    public static final long NOT_FIXED = -1;

    public DeclaredInputShape {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(input, "input");
        dims = List.copyOf(dims);
        for (long d : dims) {
            if (d < NOT_FIXED) {
                throw new IllegalArgumentException("dimension " + d + " in " + dims + " must be >= 0, or "
                        + NOT_FIXED + " for one the graph leaves open");
            }
        }
    }

    /** Number of dimensions. */
    public int rank() {
        return dims.size();
    }

    /** The size of dimension {@code axis} if the graph fixes it; empty if it is open or the rank is lower. */
    public OptionalLong fixed(int axis) {
        if (axis < 0 || axis >= dims.size() || dims.get(axis) == NOT_FIXED) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(dims.get(axis));
    }

    /** E.g. {@code [?, 60, 14]}, with {@code ?} for an open dimension. */
    public String describe() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < dims.size(); i++) {
            long d = dims.get(i);
            b.append(i == 0 ? "" : ", ").append(d == NOT_FIXED ? "?" : Long.toString(d));
        }
        return b.append(']').toString();
    }
}
