package dev.candlesignal.train.export;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A trained LSTM's weights in PyTorch's layout and under the state_dict names of
 * {@code tools/models/architectures.py}, the hand-over between the trainer and the bundle writers (ONNX graph,
 * TorchScript).
 *
 * <p>Tensors are row-major float32. For each LSTM layer {@code k}: {@code lstm.weight_ih_lk} [4H, in_k],
 * {@code lstm.weight_hh_lk} [4H, H], {@code lstm.bias_ih_lk} [4H], {@code lstm.bias_hh_lk} [4H], gates in
 * PyTorch's order (input, forget, cell, output); {@code in_0} is the feature count, later layers read H. The head:
 * lstm14 {@code fc.weight} [1, H], {@code fc.bias} [1]; lstm28 {@code fc.0.weight} [head, H], {@code fc.0.bias}
 * [head], {@code fc.3.weight} [1, head], {@code fc.3.bias} [1].
 *
 * <p>Immutable once built: the map is copied, the arrays are not (the caller gives them up).
 *
 * @param architecture which head the weights belong to
 * @param inputSize the number of features per candle
 * @param hiddenSize H
 * @param numLayers stacked LSTM layers
 * @param headSize lstm28's head width (0 for lstm14)
 * @param tensors the weights by state_dict name
 */
public record LstmWeights(Architecture architecture, int inputSize, int hiddenSize, int numLayers, int headSize,
        Map<String, float[]> tensors) {
    public LstmWeights {
        Objects.requireNonNull(architecture, "architecture");
        if (inputSize < 1 || hiddenSize < 1 || numLayers < 1) {
            throw new IllegalArgumentException("sizes must be positive: input " + inputSize + ", hidden " + hiddenSize
                    + ", layers " + numLayers);
        }
        if ((architecture == Architecture.LSTM28) != (headSize > 0)) {
            throw new IllegalArgumentException("head size " + headSize + " does not fit " + architecture.id());
        }
        Map<String, float[]> copy = new LinkedHashMap<>(tensors);
        Map<String, Integer> expected = expectedSizes(architecture, inputSize, hiddenSize, numLayers, headSize);
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            float[] t = copy.get(e.getKey());
            if (t == null) {
                throw new IllegalArgumentException("missing tensor " + e.getKey());
            }
            if (t.length != e.getValue()) {
                throw new IllegalArgumentException(
                        "tensor " + e.getKey() + " has " + t.length + " values, expected " + e.getValue());
            }
        }
        if (copy.size() != expected.size()) {
            throw new IllegalArgumentException("unexpected tensors among " + copy.keySet());
        }
        tensors = java.util.Collections.unmodifiableMap(copy);
    }

    /** The tensor names this shape needs, with their element counts, in state_dict order. */
    public static Map<String, Integer> expectedSizes(Architecture architecture, int inputSize, int hiddenSize,
            int numLayers, int headSize) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        int gates = 4 * hiddenSize;
        for (int k = 0; k < numLayers; k++) {
            int in = k == 0 ? inputSize : hiddenSize;
            sizes.put("lstm.weight_ih_l" + k, gates * in);
            sizes.put("lstm.weight_hh_l" + k, gates * hiddenSize);
            sizes.put("lstm.bias_ih_l" + k, gates);
            sizes.put("lstm.bias_hh_l" + k, gates);
        }
        if (architecture == Architecture.LSTM14) {
            sizes.put("fc.weight", hiddenSize);
            sizes.put("fc.bias", 1);
        } else {
            sizes.put("fc.0.weight", headSize * hiddenSize);
            sizes.put("fc.0.bias", headSize);
            sizes.put("fc.3.weight", headSize);
            sizes.put("fc.3.bias", 1);
        }
        return sizes;
    }

    /** One tensor by name. */
    public float[] tensor(String name) {
        float[] t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor " + name + " among " + tensors.keySet());
        }
        return t;
    }
}
