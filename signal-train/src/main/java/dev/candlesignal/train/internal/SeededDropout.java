package dev.candlesignal.train.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.SplittableRandom;

/**
 * Inverted dropout (PyTorch's {@code nn.Dropout}: zero each element with probability {@code rate}, scale the rest by
 * {@code 1 / (1 - rate)}; the identity at inference) whose masks come from a {@link SplittableRandom} of this
 * training, not from libtorch's process-wide generator: two trainings in one process then cannot draw from each
 * other's sequence, and the same seed gives the same masks however many trainings run at once.
 *
 * <p>Not thread-safe; one per network, confined to its training.
 */
final class SeededDropout extends AbstractBlock {
    private final float rate;
    private final float keptScale;
    /** Elements below this unsigned 32-bit value are dropped: rate x 2^32. */
    private final long dropBelow;
    private final SplittableRandom random;

    SeededDropout(float rate, SplittableRandom random) {
        this.rate = rate;
        this.keptScale = 1f / (1f - rate);
        this.dropBelow = Math.round(rate * 4294967296.0);
        this.random = random;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        if (!training || rate == 0f) {
            return inputs;
        }
        NDArray x = inputs.singletonOrThrow();
        float[] mask = new float[Math.toIntExact(x.size())];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = Integer.toUnsignedLong(random.nextInt()) < dropBelow ? 0f : keptScale;
        }
        NDArray m = x.getManager().create(mask, x.getShape()).toDevice(x.getDevice(), false);
        return new NDList(x.mul(m));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
