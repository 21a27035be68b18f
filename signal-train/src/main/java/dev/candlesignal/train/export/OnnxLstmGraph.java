package dev.candlesignal.train.export;

import dev.candlesignal.model.ModelBundle;
import java.util.Objects;

/**
 * Writes an {@link LstmWeights} model as an ONNX graph ({@code model.onnx}) with the contract of the bundles
 * {@code tools/} exports ({@code docs/model-bundle.md}): IR version {@value #IR_VERSION}, opset {@value #OPSET},
 * one input {@code features} float32 {@code [batch, sequenceLength, featureCount]} with a symbolic batch axis
 * ({@code dim_param "batch"}), one output {@code probability} float32 {@code [batch, 1]}.
 *
 * <p>The graph, built with the ONNX {@code LSTM} operator (one node per layer, h0 = c0 = 0):
 * <pre>
 * features [B, T, F] -&gt; Transpose(1, 0, 2) -&gt; [T, B, F]
 *   -&gt; LSTM layer 0 -&gt; Y [T, 1, B, H] -&gt; Squeeze(axis 1) -&gt; [T, B, H] -&gt; ... -&gt; LSTM top layer
 *   -&gt; Y_h [1, B, H] (the last time step) -&gt; Squeeze(axis 0) -&gt; [B, H]
 *   -&gt; Gemm(fc.weight, fc.bias, transB) -&gt; Sigmoid -&gt; probability [B, 1]                     (lstm14)
 *   -&gt; Gemm(fc.0) -&gt; Relu -&gt; Gemm(fc.3) -&gt; Sigmoid -&gt; probability [B, 1]                      (lstm28)
 * </pre>
 * The input is transposed because ONNX Runtime's CPU LSTM does not implement {@code layout = 1} (batch first).
 * lstm28's dropout is the identity at inference and has no node. Weights are converted from PyTorch's layout:
 * gates reordered from PyTorch's (i, f, g, o) to ONNX's (i, o, f, c), {@code W = weight_ih [1, 4H, in]},
 * {@code R = weight_hh [1, 4H, H]}, {@code B = [bias_ih; bias_hh] [1, 8H]}.
 *
 * <p>The protobuf is written by {@link ProtoWriter}; the messages and field numbers are those of {@code onnx.proto}
 * (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto, TypeProto, TensorShapeProto,
 * OperatorSetIdProto). The same weights and sequence length always give the same bytes.
 *
 * <p>Stateless and thread-safe.
 */
public final class OnnxLstmGraph {

    /** The ONNX IR version the project's bundles use (that of onnx 1.12 / torch 1.13's exporter). */
    public static final int IR_VERSION = 8;
    /** The default-domain opset the project's bundles use ({@code tools/models/bundle.py}). */
    public static final int OPSET = 17;
    /** The graph input. */
    public static final String INPUT = ModelBundle.ONNX_INPUT;
    /** The graph output. */
    public static final String OUTPUT = "probability";
    /** The symbolic batch dimension of the input and the output. */
    public static final String BATCH = "batch";

    static final String PRODUCER = "candlesignal";
    static final String PRODUCER_VERSION = "signal-train OnnxLstmGraph 1";

    // onnx.proto field numbers
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_PRODUCER_VERSION = 3;
    private static final int MODEL_DOC_STRING = 6;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int OPSET_DOMAIN = 1;
    private static final int OPSET_VERSION = 2;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int ATTR_NAME = 1;
    private static final int ATTR_I = 3;
    private static final int ATTR_INTS = 8;
    private static final int ATTR_TYPE = 20;
    private static final int ATTR_TYPE_INT = 2;
    private static final int ATTR_TYPE_INTS = 7;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_FLOAT_DATA = 4;
    private static final int TENSOR_INT64_DATA = 7;
    private static final int TENSOR_NAME = 8;
    private static final int DATA_TYPE_FLOAT = 1;
    private static final int DATA_TYPE_INT64 = 7;
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR_TYPE = 1;
    private static final int TENSOR_TYPE_ELEM_TYPE = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    private OnnxLstmGraph() {
    }

    /**
     * The serialised {@code ModelProto} for {@code weights}, declaring windows of {@code sequenceLength} candles.
     *
     * @throws IllegalArgumentException if {@code sequenceLength < 1}
     */
    public static byte[] toBytes(LstmWeights weights, int sequenceLength) {
        Objects.requireNonNull(weights, "weights");
        if (sequenceLength < 1) {
            throw new IllegalArgumentException("sequenceLength must be >= 1 but is " + sequenceLength);
        }
        int h = weights.hiddenSize();
        int layers = weights.numLayers();
        ProtoWriter graph = new ProtoWriter();

        String x = "features.time_major";
        graph.message(GRAPH_NODE, node("Transpose", "transpose_features", new String[] {INPUT}, new String[] {x})
                .message(NODE_ATTRIBUTE, intsAttribute("perm", 1, 0, 2)));
        String last = null;
        for (int k = 0; k < layers; k++) {
            boolean top = k == layers - 1;
            String[] outputs = top ? new String[] {"", "lstm.h_l" + k} : new String[] {"lstm.y_l" + k};
            graph.message(GRAPH_NODE, node("LSTM", "lstm_l" + k,
                    new String[] {x, "lstm.W_l" + k, "lstm.R_l" + k, "lstm.B_l" + k}, outputs)
                    .message(NODE_ATTRIBUTE, intAttribute("hidden_size", h)));
            String squeezed = top ? "lstm.last" : "lstm.out_l" + k;
            graph.message(GRAPH_NODE, node("Squeeze", "squeeze_l" + k,
                    new String[] {outputs[top ? 1 : 0], top ? "axes.0" : "axes.1"}, new String[] {squeezed}));
            x = squeezed;
            last = squeezed;
        }
        String logit;
        if (weights.architecture() == Architecture.LSTM14) {
            logit = "fc.out";
            graph.message(GRAPH_NODE, gemm("fc", last, "fc.weight", "fc.bias", logit));
        } else {
            graph.message(GRAPH_NODE, gemm("fc_0", last, "fc.0.weight", "fc.0.bias", "fc.0.out"));
            graph.message(GRAPH_NODE, node("Relu", "fc_1", new String[] {"fc.0.out"}, new String[] {"fc.1.out"}));
            logit = "fc.3.out";
            graph.message(GRAPH_NODE, gemm("fc_3", "fc.1.out", "fc.3.weight", "fc.3.bias", logit));
        }
        graph.message(GRAPH_NODE, node("Sigmoid", "sigmoid", new String[] {logit}, new String[] {OUTPUT}));
        graph.string(GRAPH_NAME, "candlesignal_" + weights.architecture().id());

        for (int k = 0; k < layers; k++) {
            int in = k == 0 ? weights.inputSize() : h;
            graph.message(GRAPH_INITIALIZER, floatTensor("lstm.W_l" + k,
                    onnxGateOrder(weights.tensor("lstm.weight_ih_l" + k), h, in), 1, 4L * h, in));
            graph.message(GRAPH_INITIALIZER, floatTensor("lstm.R_l" + k,
                    onnxGateOrder(weights.tensor("lstm.weight_hh_l" + k), h, h), 1, 4L * h, h));
            float[] bias = new float[8 * h];
            System.arraycopy(onnxGateOrder(weights.tensor("lstm.bias_ih_l" + k), h, 1), 0, bias, 0, 4 * h);
            System.arraycopy(onnxGateOrder(weights.tensor("lstm.bias_hh_l" + k), h, 1), 0, bias, 4 * h, 4 * h);
            graph.message(GRAPH_INITIALIZER, floatTensor("lstm.B_l" + k, bias, 1, 8L * h));
        }
        graph.message(GRAPH_INITIALIZER, int64Tensor("axes.0", 0));
        if (layers > 1) {
            graph.message(GRAPH_INITIALIZER, int64Tensor("axes.1", 1));
        }
        if (weights.architecture() == Architecture.LSTM14) {
            graph.message(GRAPH_INITIALIZER, floatTensor("fc.weight", weights.tensor("fc.weight"), 1, h));
            graph.message(GRAPH_INITIALIZER, floatTensor("fc.bias", weights.tensor("fc.bias"), 1));
        } else {
            int head = weights.headSize();
            graph.message(GRAPH_INITIALIZER, floatTensor("fc.0.weight", weights.tensor("fc.0.weight"), head, h));
            graph.message(GRAPH_INITIALIZER, floatTensor("fc.0.bias", weights.tensor("fc.0.bias"), head));
            graph.message(GRAPH_INITIALIZER, floatTensor("fc.3.weight", weights.tensor("fc.3.weight"), 1, head));
            graph.message(GRAPH_INITIALIZER, floatTensor("fc.3.bias", weights.tensor("fc.3.bias"), 1));
        }

        graph.message(GRAPH_INPUT, tensorValueInfo(INPUT, sequenceLength, weights.inputSize()));
        graph.message(GRAPH_OUTPUT, tensorValueInfo(OUTPUT, 1));

        return new ProtoWriter()
                .int64(MODEL_IR_VERSION, IR_VERSION)
                .string(MODEL_PRODUCER_NAME, PRODUCER)
                .string(MODEL_PRODUCER_VERSION, PRODUCER_VERSION)
                .string(MODEL_DOC_STRING, ArchitectureDescription.of(weights))
                .message(MODEL_GRAPH, graph)
                .message(MODEL_OPSET_IMPORT, new ProtoWriter().string(OPSET_DOMAIN, "").int64(OPSET_VERSION, OPSET))
                .toByteArray();
    }

    /**
     * A PyTorch LSTM tensor ({@code [4H, cols]}, gate blocks i, f, g, o of {@code H} rows) with its blocks in ONNX's
     * order i, o, f, c (c is PyTorch's g). Biases are {@code cols = 1}.
     */
    static float[] onnxGateOrder(float[] pytorch, int hidden, int cols) {
        int block = hidden * cols;
        if (pytorch.length != 4 * block) {
            throw new IllegalArgumentException("an LSTM tensor of hidden size " + hidden + " and " + cols
                    + " columns has " + 4 * block + " values, not " + pytorch.length);
        }
        float[] onnx = new float[pytorch.length];
        int[] from = {0, 3, 1, 2}; // ONNX block j takes PyTorch block from[j]
        for (int j = 0; j < 4; j++) {
            System.arraycopy(pytorch, from[j] * block, onnx, j * block, block);
        }
        return onnx;
    }

    private static ProtoWriter node(String opType, String name, String[] inputs, String[] outputs) {
        ProtoWriter n = new ProtoWriter();
        for (String in : inputs) {
            n.string(NODE_INPUT, in);
        }
        for (String out : outputs) {
            n.string(NODE_OUTPUT, out);
        }
        return n.string(NODE_NAME, name).string(NODE_OP_TYPE, opType);
    }

    private static ProtoWriter gemm(String name, String input, String weight, String bias, String output) {
        return node("Gemm", name, new String[] {input, weight, bias}, new String[] {output})
                .message(NODE_ATTRIBUTE, intAttribute("transB", 1));
    }

    private static ProtoWriter intAttribute(String name, long value) {
        return new ProtoWriter().string(ATTR_NAME, name).int64(ATTR_I, value).int64(ATTR_TYPE, ATTR_TYPE_INT);
    }

    private static ProtoWriter intsAttribute(String name, long... values) {
        ProtoWriter a = new ProtoWriter().string(ATTR_NAME, name);
        for (long v : values) {
            a.int64(ATTR_INTS, v); // proto2 "repeated int64 ints = 8" is not declared packed
        }
        return a.int64(ATTR_TYPE, ATTR_TYPE_INTS);
    }

    private static ProtoWriter floatTensor(String name, float[] values, long... dims) {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalArgumentException("tensor " + name + " has " + values.length + " values for dims "
                    + java.util.Arrays.toString(dims));
        }
        ProtoWriter t = new ProtoWriter();
        for (long d : dims) {
            t.int64(TENSOR_DIMS, d);
        }
        return t.int64(TENSOR_DATA_TYPE, DATA_TYPE_FLOAT).packedFloats(TENSOR_FLOAT_DATA, values)
                .string(TENSOR_NAME, name);
    }

    private static ProtoWriter int64Tensor(String name, long... values) {
        return new ProtoWriter().int64(TENSOR_DIMS, values.length).int64(TENSOR_DATA_TYPE, DATA_TYPE_INT64)
                .packedInt64s(TENSOR_INT64_DATA, values).string(TENSOR_NAME, name);
    }

    /** A float32 tensor's ValueInfoProto with a leading symbolic batch axis and then {@code fixed} dimensions. */
    private static ProtoWriter tensorValueInfo(String name, long... fixed) {
        ProtoWriter shape = new ProtoWriter().message(SHAPE_DIM, new ProtoWriter().string(DIM_PARAM, BATCH));
        for (long d : fixed) {
            shape.message(SHAPE_DIM, new ProtoWriter().int64(DIM_VALUE, d));
        }
        ProtoWriter tensorType = new ProtoWriter().int64(TENSOR_TYPE_ELEM_TYPE, DATA_TYPE_FLOAT)
                .message(TENSOR_TYPE_SHAPE, shape);
        return new ProtoWriter().string(VALUE_INFO_NAME, name)
                .message(VALUE_INFO_TYPE, new ProtoWriter().message(TYPE_TENSOR_TYPE, tensorType));
    }
}
