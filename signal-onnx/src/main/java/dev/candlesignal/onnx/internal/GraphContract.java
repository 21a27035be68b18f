package dev.candlesignal.onnx.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import dev.candlesignal.ModelLoadException;
import dev.candlesignal.ModelLoadException.Reason;
import dev.candlesignal.model.ModelSpec;
import java.util.Map;

/**
 * Checks an ONNX graph's declared input and output against the bundle's manifest before the graph is used: input
 * {@value #INPUT} float32 {@code [batch, sequenceLength, featureCount]}, output {@value #OUTPUT} float32
 * {@code [batch, 1]}. A dimension the graph leaves symbolic (-1) is accepted here and exercised by the load-time
 * trial run instead.
 *
 * <p>Stateless.
 */
public final class GraphContract {
    /** Name of the graph input. */
    public static final String INPUT = "features";
    /** Name of the graph output. */
    public static final String OUTPUT = "probability";

    private GraphContract() {
    }

    /**
     * Validates the graph's inputs and outputs.
     *
     * @return the graph's fixed batch size, or 0 when the batch axis is dynamic
     * @throws ModelLoadException with {@link Reason#SHAPE_MISMATCH} naming what was expected and found
     */
    public static int check(Map<String, NodeInfo> inputs, Map<String, NodeInfo> outputs, ModelSpec spec,
            String source) throws ModelLoadException {
        String expectedInput = "float32 [batch, " + spec.sequenceLength() + ", " + spec.featureCount() + "]";
        NodeInfo in = inputs.get(INPUT);
        if (in == null || inputs.size() != 1) {
            throw mismatch(source, "expected exactly one graph input '" + INPUT + "' " + expectedInput
                    + " but the graph's inputs are " + describe(inputs));
        }
        long[] shape = tensorShape(in, source, expectedInput);
        if (shape.length != 3) {
            throw mismatch(source, "input '" + INPUT + "' has shape " + dims(shape) + " but the manifest ("
                    + spec.shapeDescription() + ") needs " + expectedInput);
        }
        if (shape[0] == 0 || !fits(shape[1], spec.sequenceLength()) || !fits(shape[2], spec.featureCount())) {
            throw mismatch(source, "input '" + INPUT + "' has shape " + dims(shape) + " but the manifest describes "
                    + "windows of " + spec.shapeDescription() + ": expected " + expectedInput);
        }
        NodeInfo out = outputs.get(OUTPUT);
        if (out == null) {
            throw mismatch(source, "expected a graph output '" + OUTPUT + "' float32 [batch, 1] but the graph's outputs"
                    + " are " + describe(outputs));
        }
        long[] outShape = tensorShape(out, source, "float32 [batch, 1]");
        if (outShape.length != 2 || !fits(outShape[1], 1) || outShape[0] == 0
                || (shape[0] > 0 && outShape[0] > 0 && outShape[0] != shape[0])) {
            throw mismatch(source, "output '" + OUTPUT + "' has shape " + dims(outShape) + " but a model returns one "
                    + "probability per window: expected [batch, 1] for input " + dims(shape));
        }
        return shape[0] > 0 ? (int) shape[0] : 0;
    }

    private static long[] tensorShape(NodeInfo node, String source, String expected) throws ModelLoadException {
        ValueInfo info = node.getInfo();
        if (!(info instanceof TensorInfo tensor)) {
            throw mismatch(source, "'" + node.getName() + "' is " + info + ", not a tensor; expected " + expected);
        }
        if (tensor.type != OnnxJavaType.FLOAT) {
            throw mismatch(source, "'" + node.getName() + "' holds " + tensor.type + " but candlesignal passes and reads"
                    + " float32: expected " + expected);
        }
        return tensor.getShape();
    }

    private static boolean fits(long dim, int expected) {
        return dim < 0 || dim == expected;
    }

    private static String dims(long[] shape) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ", ").append(shape[i] < 0 ? "?" : Long.toString(shape[i]));
        }
        return b.append(']').toString();
    }

    private static String describe(Map<String, NodeInfo> nodes) {
        StringBuilder b = new StringBuilder("{");
        for (NodeInfo n : nodes.values()) {
            b.append(b.length() > 1 ? ", " : "").append('\'').append(n.getName()).append('\'');
            if (n.getInfo() instanceof TensorInfo t) {
                b.append(' ').append(t.type).append(' ').append(dims(t.getShape()));
            }
        }
        return b.append('}').toString();
    }

    private static ModelLoadException mismatch(String source, String detail) {
        return new ModelLoadException(Reason.SHAPE_MISMATCH, source + ": " + detail);
    }
}
