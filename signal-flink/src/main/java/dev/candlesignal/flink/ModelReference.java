package dev.candlesignal.flink;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where a model bundle lives, as a {@link ModelResolver} understands it: for {@link ModelResolver#bundles()} a local
 * directory ({@code /models/btc-v3}) or a Flink {@code FileSystem} URI ({@code s3://bucket/models/btc-v3},
 * {@code hdfs:///models/btc-v3}). Model updates on the broadcast stream carry these references, never the weights.
 *
 * <p>Immutable.
 *
 * @param location the bundle's path or URI, not blank
 */
public record ModelReference(String location) implements Serializable {
    private static final long serialVersionUID = 1L;

    public ModelReference {
        Objects.requireNonNull(location, "location");
        if (location.isBlank()) {
            throw new IllegalArgumentException("a model reference needs a location, not a blank string");
        }
    }

    /** {@code new ModelReference(location)}. */
    public static ModelReference of(String location) {
        return new ModelReference(location);
    }

    @Override
    public String toString() {
        return location;
    }
}
