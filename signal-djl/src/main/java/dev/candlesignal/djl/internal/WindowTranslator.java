package dev.candlesignal.djl.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Packs windows into one {@code [count, sequenceLength, featureCount]} float32 tensor and reads the module's output
 * back. One instance per DJL {@code Predictor}: it owns a direct buffer that libtorch reads in place
 * ({@code torch::from_blob}, no copy on the CPU), grown on demand up to the largest batch seen.
 *
 * <p>Tensors are created on the call's {@code TranslatorContext} manager, which DJL's {@code Predictor} closes when
 * the call returns (also on failure), so every native tensor of a call is freed by then.
 *
 * <p>Not thread-safe: confined to its predictor, which the pool hands to one thread at a time.
 */
public final class WindowTranslator implements Translator<Windows, Output> {

    private final int sequenceLength;
    private final int featureCount;
    private final int windowSize;
    private ByteBuffer bytes = ByteBuffer.allocateDirect(0);
    private FloatBuffer floats = bytes.asFloatBuffer();

    public WindowTranslator(int sequenceLength, int featureCount) {
        this.sequenceLength = sequenceLength;
        this.featureCount = featureCount;
        this.windowSize = Math.multiplyExact(sequenceLength, featureCount);
    }

    /** None: {@link #processInput} builds the batch axis itself (DJL's default STACK would add a second one). */
    @Override
    public Batchifier getBatchifier() {
        return null;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Windows in) {
        int values = Math.multiplyExact(in.count(), windowSize);
        if (floats.capacity() < values) {
            bytes = ByteBuffer.allocateDirect(Math.multiplyExact(values, Float.BYTES)).order(ByteOrder.nativeOrder());
            floats = bytes.asFloatBuffer();
        }
        for (int i = 0; i < in.count(); i++) {
            int w = in.from() + i;
            floats.put(i * windowSize, in.arrays()[w], in.offsets()[w], windowSize); // absolute: position stays 0
        }
        // from_blob reads from the buffer's start address; the limit only tells DJL's size check what is meant
        bytes.clear().limit(values * Float.BYTES);
        NDArray x = ctx.getNDManager().create(bytes, new Shape(in.count(), sequenceLength, featureCount),
                DataType.FLOAT32);
        return new NDList(x);
    }

    @Override
    public Output processOutput(TranslatorContext ctx, NDList list) {
        if (list.isEmpty()) {
            return new Output(0, new long[0], new float[0]);
        }
        NDArray y = list.get(0);
        long[] shape = y.getShape().getShape();
        if (y.getDataType() != DataType.FLOAT32) {
            y = y.toType(DataType.FLOAT32, false); // attached to the call's manager like y
        }
        return new Output(list.size(), shape, y.toFloatArray());
    }
}
