package dev.candlesignal.onnx.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * The native-side buffers for one batch size: a direct, native-order input buffer wrapped (not copied) by the input
 * tensor, and a direct output buffer wrapped by a pinned output tensor that ONNX Runtime writes into. Reusing a
 * slot saves creating two tensors per call and the garbage of {@code float[][][]} inputs or
 * {@code getFloatBuffer()} copies.
 *
 * <p>Only absolute puts and gets touch the buffers, so their position stays 0 and the tensors keep seeing the
 * whole buffer ({@code createTensor} sizes a tensor from the buffer's {@code remaining()}).
 *
 * <p>Not thread-safe: one caller at a time, which {@link SlotPool} guarantees. Owns native memory: close it.
 */
public final class TensorSlot implements AutoCloseable {
    private final int batch;
    private final int windowSize;
    private final FloatBuffer input;
    private final FloatBuffer output;
    private final OnnxTensor inputTensor;
    private final OnnxTensor outputTensor;
    private final Map<String, OnnxTensor> inputs;
    private final Map<String, OnnxValue> pinnedOutputs;

    public TensorSlot(OrtEnvironment env, int batch, int sequenceLength, int featureCount) throws OrtException {
        this.batch = batch;
        this.windowSize = sequenceLength * featureCount;
        this.input = ByteBuffer.allocateDirect(Math.multiplyExact(batch, windowSize) * Float.BYTES)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        this.output = ByteBuffer.allocateDirect(batch * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        OnnxTensor in = OnnxTensor.createTensor(env, input, new long[] {batch, sequenceLength, featureCount});
        OnnxTensor out;
        try {
            out = OnnxTensor.createTensor(env, output, new long[] {batch, 1});
        } catch (OrtException | RuntimeException e) {
            in.close();
            throw e;
        }
        this.inputTensor = in;
        this.outputTensor = out;
        this.inputs = Map.of(GraphContract.INPUT, in);
        this.pinnedOutputs = Map.of(GraphContract.OUTPUT, out);
    }

    public int batch() {
        return batch;
    }

    /** Copies window {@code row} of the batch from {@code src[offset ..]}. */
    public void put(int row, float[] src, int offset) {
        input.put(row * windowSize, src, offset, windowSize);
    }

    /** Fills rows {@code from .. batch} with zeros (padding for graphs with a fixed batch size). */
    public void clearFrom(int from) {
        for (int i = from * windowSize, end = batch * windowSize; i < end; i++) {
            input.put(i, 0f);
        }
    }

    /** The probability ONNX Runtime wrote for row {@code row} in the last run. */
    public float get(int row) {
        return output.get(row);
    }

    public Map<String, OnnxTensor> inputs() {
        return inputs;
    }

    public Map<String, OnnxValue> pinnedOutputs() {
        return pinnedOutputs;
    }

    /** Bytes of native memory the buffers hold. */
    public long bytes() {
        return (long) batch * (windowSize + 1) * Float.BYTES;
    }

    @Override
    public void close() {
        inputTensor.close();
        outputTensor.close();
    }
}
