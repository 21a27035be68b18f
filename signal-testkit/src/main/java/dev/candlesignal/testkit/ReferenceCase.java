package dev.candlesignal.testkit;

import java.util.Objects;

/**
 * One input window and the probability a reference implementation (PyTorch, for real backends) computed for it.
 *
 * @param name for messages
 * @param window the scaled window, {@code sequenceLength * featureCount} values, row-major
 * @param expected the reference probability
 */
public record ReferenceCase(String name, float[] window, float expected) {
    public ReferenceCase {
        Objects.requireNonNull(name, "name");
        window = window.clone();
    }

    @Override
    public float[] window() {
        return window.clone();
    }
}
