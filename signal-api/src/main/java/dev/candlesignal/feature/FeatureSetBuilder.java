package dev.candlesignal.feature;

import dev.candlesignal.FeatureConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

/**
 * Combines feature sets and single {@link Feature}s into one {@link FeatureSet}, columns in the order added:
 *
 * <pre>{@code
 * FeatureSet set = FeatureSet.builder()
 *         .addAll(FeatureSets.standard28())
 *         .add(Ta4jFeature.of("rsi_wilder_14", 100, s -> new RSIIndicator(new ClosePriceIndicator(s), 14)))
 *         .add("range_24", 24, w -> (w.high(0) - w.low(0)) / w.close(0))
 *         .build();
 * set.id();   // "standard28+rsi_wilder_14+range_24@276ff432672d"
 * }</pre>
 *
 * <h2>Id</h2>
 * The combined set's id is a readable part, the {@link #name} if one was given or else the parts' ids and
 * feature names joined with {@code +}, then {@code @} and the first 12 hex digits of a SHA-256 over every part's
 * id, warm-up and column names and every feature's name, definition and warm-up, in order. Adding, removing,
 * renaming or reordering a column, or changing a feature's window, therefore changes the id, so a model trained
 * on one combination is refused on another; the same combination gives the same id on every run and machine.
 * The code of a function is not hashed: rename its column when you change what it computes.
 *
 * <h2>Streams</h2>
 * The combined calculator first {@linkplain FeatureCalculator#validate validates} the candle with every part,
 * then updates the parts in order, so a candle one part cannot use (a missing order book) leaves all parts
 * unchanged. If a part still fails after validation (a feature function throwing), the parts before it have
 * already taken the candle: that calculator is then unusable and throws {@link IllegalStateException} on later
 * updates; create a new one. {@link FeatureSet#compute} of the combined set concatenates the parts' own
 * {@code compute} results.
 *
 * <p>Not thread-safe; the sets it builds are immutable and thread-safe (given thread-safe parts).
 */
public final class FeatureSetBuilder {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:()/+,=-]+");
    private static final int HASH_HEX_DIGITS = 12;

    private String name;
    private final List<Object> parts = new ArrayList<>();

    FeatureSetBuilder() {
    }

    /**
     * The readable part of the id, instead of the parts joined with {@code +}; the hash is appended either way.
     *
     * @throws FeatureConfigurationException if the name is blank or has characters other than letters, digits
     *     and {@code _ . : ( ) / + , = -}
     */
    public FeatureSetBuilder name(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new FeatureConfigurationException("feature set name '" + name + "' is not valid: use letters, digits"
                    + " and _ . : ( ) / + , = - ('@' separates the hash)");
        }
        this.name = name;
        return this;
    }

    /** Appends all columns of {@code set}. */
    public FeatureSetBuilder addAll(FeatureSet set) {
        parts.add(Objects.requireNonNull(set, "set"));
        return this;
    }

    /** Appends one column. */
    public FeatureSetBuilder add(Feature feature) {
        parts.add(Objects.requireNonNull(feature, "feature"));
        return this;
    }

    /** Appends {@link Feature#of(String, int, ToDoubleFunction) Feature.of(name, window, function)}. */
    public FeatureSetBuilder add(String name, int window, ToDoubleFunction<CandleWindow> function) {
        return add(Feature.of(name, window, function));
    }

    /**
     * The combined set. A builder holding a single set and nothing else (and no {@link #name}) returns that set
     * itself, so its id stays the same.
     *
     * @throws FeatureConfigurationException if nothing was added, a column name is invalid or two columns have
     *     the same name
     */
    public FeatureSet build() {
        if (parts.isEmpty()) {
            throw new FeatureConfigurationException("a feature set needs at least one column: add a set or a feature");
        }
        if (name == null && parts.size() == 1 && parts.get(0) instanceof FeatureSet only) {
            return only;
        }
        List<String> columns = new ArrayList<>();
        Map<String, String> origin = new HashMap<>();
        StringBuilder canonical = new StringBuilder("candlesignal-feature-set/1\n");
        StringBuilder readable = new StringBuilder();
        int warmup = 1;
        for (Object part : parts) {
            String label;
            List<String> partColumns;
            if (part instanceof FeatureSet set) {
                label = set.id();
                partColumns = set.columns();
                warmup = Math.max(warmup, set.warmupBars());
                canonical.append("set ").append(label).append(' ').append(set.warmupBars()).append(' ')
                        .append(String.join(",", partColumns)).append('\n');
            } else {
                Feature feature = (Feature) part;
                label = feature.name();
                partColumns = List.of(feature.name());
                warmup = Math.max(warmup, feature.warmupBars());
                canonical.append("feature ").append(label).append(' ').append(feature.definition()).append(' ')
                        .append(feature.warmupBars()).append('\n');
            }
            for (String column : partColumns) {
                ColumnNames.check(column);
                String previous = origin.putIfAbsent(column, label);
                if (previous != null) {
                    throw new FeatureConfigurationException("duplicate column '" + column + "': from " + previous
                            + " and from " + label + "; column names must be unique");
                }
                columns.add(column);
            }
            readable.append(readable.isEmpty() ? "" : "+").append(label);
        }
        String id = (name != null ? name : readable.toString()) + "@" + sha256Prefix(canonical.toString());
        return new CompositeFeatureSet(id, columns, warmup, List.copyOf(parts));
    }

    private static String sha256Prefix(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return hex.substring(0, HASH_HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
