package dev.candlesignal.flink;

import dev.candlesignal.Evaluation;
import java.io.Serializable;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What the keyed signal operator runs: the initial model, how references become models, the feature set, the engine
 * options, how long it waits to batch inference across keys, and which evaluations it emits. Serializable: it ships
 * with the job to every task manager.
 *
 * <pre>{@code
 * SignalOperatorSpec spec = SignalOperatorSpec.builder(ModelReference.of("s3://models/btc-v3"))
 *         .engine(b -> b.cooldownCandles(3))
 *         .maxBatchWait(Duration.ofMillis(20))
 *         .build();
 * }</pre>
 *
 * <p>Immutable.
 */
public final class SignalOperatorSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Default largest batch: the engine's default (64 windows, the best per-window cost measured). */
    public static final int DEFAULT_MAX_BATCH_SIZE = 64;
    /** Default longest wait for more keys' candles before a partial batch is predicted. */
    public static final Duration DEFAULT_MAX_BATCH_WAIT = Duration.ofMillis(10);

    private final ModelReference model;
    private final ModelResolver resolver;
    private final FeatureSetFactory featureSets;
    private final EngineCustomizer engine;
    private final int maxBatchSize;
    private final long maxBatchWaitMillis;
    private final EnumSet<Evaluation.Status> emitted;

    private SignalOperatorSpec(Builder b) {
        this.model = b.model;
        this.resolver = b.resolver;
        this.featureSets = b.featureSets;
        this.engine = b.engine;
        this.maxBatchSize = b.maxBatchSize;
        this.maxBatchWaitMillis = b.maxBatchWait.toMillis();
        this.emitted = EnumSet.copyOf(b.emitted);
    }

    /** A builder for the model at {@code model}. */
    public static Builder builder(ModelReference model) {
        return new Builder(model);
    }

    public ModelReference model() {
        return model;
    }

    public ModelResolver resolver() {
        return resolver;
    }

    public FeatureSetFactory featureSets() {
        return featureSets;
    }

    public EngineCustomizer engine() {
        return engine;
    }

    public int maxBatchSize() {
        return maxBatchSize;
    }

    public Duration maxBatchWait() {
        return Duration.ofMillis(maxBatchWaitMillis);
    }

    /** The statuses whose evaluations are emitted. */
    public Set<Evaluation.Status> emitted() {
        return EnumSet.copyOf(emitted);
    }

    /** Whether evaluations of this status are emitted. */
    public boolean emits(Evaluation.Status status) {
        return emitted.contains(status);
    }

    @Override
    public String toString() {
        return "SignalOperatorSpec[model=" + model + ", maxBatchSize=" + maxBatchSize + ", maxBatchWait="
                + maxBatchWaitMillis + " ms, emitted=" + emitted + "]";
    }

    /**
     * Builds a {@link SignalOperatorSpec}. Not thread-safe.
     */
    public static final class Builder {
        private final ModelReference model;
        private ModelResolver resolver = ModelResolver.bundles();
        private FeatureSetFactory featureSets = FeatureSetFactory.standard();
        private EngineCustomizer engine = EngineCustomizer.defaults();
        private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
        private Duration maxBatchWait = DEFAULT_MAX_BATCH_WAIT;
        private Set<Evaluation.Status> emitted = EnumSet.allOf(Evaluation.Status.class);

        private Builder(ModelReference model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /** How references become models; default {@link ModelResolver#bundles()}. */
        public Builder resolver(ModelResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** The feature set for the model's id; default {@link FeatureSetFactory#standard()}. */
        public Builder featureSets(FeatureSetFactory featureSets) {
            this.featureSets = Objects.requireNonNull(featureSets, "featureSets");
            return this;
        }

        /** Engine options (policy, cooldown, ...); default none, as {@code candlesignal replay}. */
        public Builder engine(EngineCustomizer engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        /**
         * Largest number of windows predicted in one model call; a batch this full is predicted at once.
         *
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxBatchSize(int maxBatchSize) {
            if (maxBatchSize < 1) {
                throw new IllegalArgumentException("maxBatchSize must be >= 1 but was " + maxBatchSize);
            }
            this.maxBatchSize = maxBatchSize;
            return this;
        }

        /**
         * The bound on how long a candle waits for other keys' candles to share its model call: a partial batch is
         * predicted at most this long (processing time) after its first candle arrived, and always before a
         * checkpoint barrier or watermark passes and at the end of the input. {@link Duration#ZERO} predicts every
         * candle as it arrives. Default 10 ms.
         *
         * @throws IllegalArgumentException if negative or above one minute
         */
        public Builder maxBatchWait(Duration maxBatchWait) {
            Objects.requireNonNull(maxBatchWait, "maxBatchWait");
            if (maxBatchWait.isNegative() || maxBatchWait.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("maxBatchWait must be in [0, 1 min] but was " + maxBatchWait);
            }
            this.maxBatchWait = maxBatchWait;
            return this;
        }

        /**
         * The statuses whose evaluations the operator emits; default all. {@code SIGNAL, HOLD, COOLDOWN,
         * OUT_OF_DOMAIN} are the ones that carry a signal (what {@code candlesignal replay} prints).
         *
         * @throws IllegalArgumentException if empty
         */
        public Builder emitted(Set<Evaluation.Status> emitted) {
            Objects.requireNonNull(emitted, "emitted");
            if (emitted.isEmpty()) {
                throw new IllegalArgumentException("emitted must name at least one status");
            }
            this.emitted = EnumSet.copyOf(emitted);
            return this;
        }

        public SignalOperatorSpec build() {
            return new SignalOperatorSpec(this);
        }
    }
}
