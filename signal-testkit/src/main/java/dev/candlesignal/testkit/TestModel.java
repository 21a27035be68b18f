package dev.candlesignal.testkit;

import dev.candlesignal.InferenceException;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.model.Model;
import dev.candlesignal.model.ModelSpec;
import dev.candlesignal.model.Scaler;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleUnaryOperator;

/**
 * A deterministic pure-Java {@link Model} for tests: {@code p = sigmoid(gain * sum_i w_i x_i)} with fixed weights
 * {@code w_i = sin(i + 1) / sqrt(n)}, or a constant probability, or any function of the newest row. It can be
 * made to fail, counts its calls and runs an optional hook inside each prediction (to hold a prediction "in
 * flight" while a test swaps the model).
 *
 * <p>Thread-safe.
 */
public final class TestModel implements Model {
    private final ModelSpec spec;
    private final Mode mode;
    private final double gain;
    private final double constant;
    private final DoubleUnaryOperator ofLastFirstFeature;
    private final float[] weights;
    private final AtomicLong windows = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile RuntimeException failure;
    private volatile Runnable hook = () -> { };

    private enum Mode { LINEAR, CONSTANT, FUNCTION }

    private TestModel(ModelSpec spec, Mode mode, double gain, double constant, DoubleUnaryOperator fn) {
        this.spec = spec;
        this.mode = mode;
        this.gain = gain;
        this.constant = constant;
        this.ofLastFirstFeature = fn;
        int n = spec.windowSize();
        this.weights = new float[n];
        for (int i = 0; i < n; i++) {
            weights[i] = (float) (Math.sin(i + 1) / Math.sqrt(n));
        }
    }

    /** A linear-sigmoid model over the feature set's columns with identity scaling. */
    public static TestModel linear(FeatureSet featureSet, int sequenceLength, String version) {
        return new TestModel(spec(featureSet, sequenceLength, version, Scaler.identity(featureSet.featureCount())),
                Mode.LINEAR, 1.0, 0, null);
    }

    /** A linear-sigmoid model with an explicit scaler and gain (larger gain spreads probabilities). */
    public static TestModel linear(FeatureSet featureSet, int sequenceLength, String version, Scaler scaler,
            double gain) {
        return new TestModel(spec(featureSet, sequenceLength, version, scaler), Mode.LINEAR, gain, 0, null);
    }

    /** A model that always answers {@code probability}. */
    public static TestModel constant(FeatureSet featureSet, int sequenceLength, String version, double probability) {
        return new TestModel(spec(featureSet, sequenceLength, version, Scaler.identity(featureSet.featureCount())),
                Mode.CONSTANT, 0, probability, null);
    }

    /**
     * A model whose answer is {@code fn} applied to the newest row's first (scaled) value; handy to script
     * probabilities through candle data.
     */
    public static TestModel ofNewestFirstFeature(FeatureSet featureSet, int sequenceLength, String version,
            DoubleUnaryOperator fn) {
        return new TestModel(spec(featureSet, sequenceLength, version, Scaler.identity(featureSet.featureCount())),
                Mode.FUNCTION, 0, 0, fn);
    }

    /**
     * A model with an explicit spec (its own id, version and scaler) whose answer is {@code fn} applied to the newest
     * row's first value, scaled with that spec's scaler.
     */
    public static TestModel ofNewestFirstFeature(ModelSpec spec, DoubleUnaryOperator fn) {
        return new TestModel(spec, Mode.FUNCTION, 0, 0, java.util.Objects.requireNonNull(fn, "fn"));
    }

    /** A model with an explicit spec (for mismatch tests). */
    public static TestModel withSpec(ModelSpec spec) {
        return new TestModel(spec, Mode.LINEAR, 1.0, 0, null);
    }

    private static ModelSpec spec(FeatureSet fs, int sequenceLength, String version, Scaler scaler) {
        return new ModelSpec("test-model", version, fs.id(), fs.columns(), sequenceLength, scaler);
    }

    /** Makes every later prediction throw {@code failure}; {@code null} heals the model. */
    public void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    /** Runs {@code hook} inside every prediction, before the result is computed. */
    public void onPredict(Runnable hook) {
        this.hook = hook == null ? () -> { } : hook;
    }

    /** Number of windows predicted so far. */
    public long windowsPredicted() {
        return windows.get();
    }

    /** Number of predict/predictBatch calls so far. */
    public long calls() {
        return calls.get();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public float predict(float[] window, int offset) {
        calls.incrementAndGet();
        return compute(window, offset);
    }

    @Override
    public void predictBatch(float[][] windowArrays, int[] offsets, int count, float[] out) {
        calls.incrementAndGet();
        for (int i = 0; i < count; i++) {
            out[i] = compute(windowArrays[i], offsets[i]);
        }
    }

    private float compute(float[] window, int offset) {
        if (closed.get()) {
            throw new IllegalStateException("test model " + spec.version() + " is closed");
        }
        int n = spec.windowSize();
        if (offset < 0 || offset + n > window.length) {
            throw new IllegalArgumentException("window of " + n + " values at offset " + offset + " does not fit in "
                    + window.length);
        }
        hook.run();
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
        windows.incrementAndGet();
        return switch (mode) {
            case CONSTANT -> (float) constant;
            case FUNCTION -> (float) ofLastFirstFeature.applyAsDouble(window[offset + n - spec.featureCount()]);
            case LINEAR -> {
                double z = 0;
                for (int i = 0; i < n; i++) {
                    float x = window[offset + i];
                    if (!Float.isFinite(x)) {
                        throw new InferenceException("test model got non-finite input " + x + " at " + i);
                    }
                    z += weights[i] * x;
                }
                yield (float) (1 / (1 + Math.exp(-gain * z)));
            }
        };
    }

    @Override
    public void close() {
        closed.set(true);
    }

    @Override
    public String toString() {
        return "TestModel[" + mode + ", v" + spec.version() + "]";
    }
}
