package dev.candlesignal.feature;

import dev.candlesignal.Candle;
import dev.candlesignal.SourceNeeds;
import java.util.List;

/**
 * An ordered set of feature columns computed from candles, such as the 28 features the reference bot's models
 * were trained on. A model is bound to the exact set it was trained on through {@link #id()}.
 *
 * <p>Implementations are immutable and thread-safe; per-stream state lives in the {@link FeatureCalculator}s
 * they create.
 *
 * <p>Two contracts every implementation keeps (the test kit's {@code FeatureSetContract} checks them):
 * <ul>
 *   <li>streaming equals batch: feeding candles one by one to a calculator writes exactly the rows that
 *       {@link #compute(List)} returns for the same candles, NaN for NaN;</li>
 *   <li>warm-up: for well-formed data the first {@code warmupBars() - 1} rows may hold NaN, and from row
 *       {@code warmupBars() - 1} on every value is defined.</li>
 * </ul>
 */
public interface FeatureSet {

    /**
     * A builder that combines feature sets and single features, e.g. the 28 standard features plus a Ta4j
     * indicator; see {@link FeatureSetBuilder} for how the combined id is formed.
     */
    static FeatureSetBuilder builder() {
        return new FeatureSetBuilder();
    }

    /**
     * Identifies the set, its columns and their definitions, e.g. {@code standard28}. Any change to the
     * columns changes the id, so a model trained on one set is refused on another.
     */
    String id();

    /** The column names, in the order the model sees them. */
    List<String> columns();

    /** Number of columns. */
    default int featureCount() {
        return columns().size();
    }

    /**
     * Number of candles needed before a row is fully defined: the first row without NaN is row
     * {@code warmupBars() - 1} (0-based). For example 50 for the 28-feature set, whose 50-candle SMA ratio is
     * the last to be defined.
     */
    int warmupBars();

    /**
     * What this set needs from a candle source beyond closed klines, such as an order book of N levels attached to
     * every candle. Sources and applications ask this (and never parse {@link #id()}) to configure a source and to
     * decide whether history can warm the set up. The default, for sets computed from klines alone, is
     * {@link SourceNeeds#none()}.
     */
    default SourceNeeds needs() {
        return SourceNeeds.none();
    }

    /** A new calculator with empty state, for one stream. */
    FeatureCalculator newCalculator();

    /**
     * Features of every candle in the list, as if streamed from the first: {@code result[i]} is the row of
     * candle {@code i}, NaN where a value is not defined yet.
     */
    default double[][] compute(List<Candle> candles) {
        FeatureCalculator calculator = newCalculator();
        double[][] rows = new double[candles.size()][featureCount()];
        for (int i = 0; i < rows.length; i++) {
            calculator.update(candles.get(i), rows[i], 0);
        }
        return rows;
    }
}
