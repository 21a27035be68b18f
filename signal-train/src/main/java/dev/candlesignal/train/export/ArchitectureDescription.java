package dev.candlesignal.train.export;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The manifest's free-text {@code architecture} for a model, worded exactly as {@code describe()} of
 * {@code tools/models/architectures.py} words it, so a Java-trained bundle reads like a Python-trained one:
 * <ul>
 *   <li>lstm14: {@code lstm(input=14, hidden=64, layers=2) -> linear(64, 1) -> sigmoid}</li>
 *   <li>lstm28: {@code lstm(input=28, hidden=128, layers=2, dropout=0.2) -> linear(128, 64) -> relu -> dropout(0.2)
 *       -> linear(64, 1) -> sigmoid}</li>
 * </ul>
 * The dropout is the architecture's ({@link Architecture#dropout()}); it is the identity at inference.
 *
 * <p>Stateless.
 */
public final class ArchitectureDescription {

    private ArchitectureDescription() {
    }

    /** The description of {@code weights}' network. */
    public static String of(LstmWeights weights) {
        Objects.requireNonNull(weights, "weights");
        double dropout = weights.architecture().dropout();
        String lstm = "lstm(input=" + weights.inputSize() + ", hidden=" + weights.hiddenSize() + ", layers="
                + weights.numLayers();
        if (weights.architecture() == Architecture.LSTM14) {
            return lstm + (dropout != 0 ? ", dropout=" + g(dropout) : "") + ") -> linear(" + weights.hiddenSize()
                    + ", 1) -> sigmoid";
        }
        return lstm + ", dropout=" + g(dropout) + ") -> linear(" + weights.hiddenSize() + ", " + weights.headSize()
                + ") -> relu -> dropout(" + g(dropout) + ") -> linear(" + weights.headSize() + ", 1) -> sigmoid";
    }

    /** Python's {@code %g} for the short decimals a dropout has: 0.2 gives {@code 0.2}, 0.0 gives {@code 0}. */
    private static String g(double value) {
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }
}
