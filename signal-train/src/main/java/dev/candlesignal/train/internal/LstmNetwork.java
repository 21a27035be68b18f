package dev.candlesignal.train.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import dev.candlesignal.train.export.Architecture;
import dev.candlesignal.train.export.LstmWeights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * One of the two reference LSTMs ({@code tools/models/architectures.py}) as DJL blocks that output <em>logits</em>:
 * the sigmoid is applied outside, at inference and by the bundles, because DJL's
 * {@code SigmoidBinaryCrossEntropyLoss(fromSigmoid = true)} returns the log-likelihood with the wrong sign
 * (docs in {@code shared/reference/djl-offline.md}); the trainer uses the default loss on logits.
 *
 * <p>Layout: one single-layer {@link LSTM} block per layer (so that the dropout between layers is a
 * {@link SeededDropout} with this training's random masks, exactly what PyTorch's {@code nn.LSTM(dropout=p)} applies
 * to every layer's output but the last), the last time step, then the head: lstm14 {@code Linear(1)}; lstm28
 * {@code Linear(head) -> ReLU -> Dropout -> Linear(1)}. Each LSTM block hands its four tensors to libtorch's
 * {@code lstm} in PyTorch's flat-weight order and gate order (input, forget, cell, output), so the extracted
 * tensors are the state_dict's as they are ({@link #weights()}).
 *
 * <p>Initialisation is PyTorch's default, drawn from {@link Random}s seeded from the training seed and each tensor's
 * state_dict name (independent of DJL's initialisation order): LSTM tensors uniform in {@code ±1/sqrt(hidden)},
 * linear weights and biases uniform in {@code ±1/sqrt(fan_in)}.
 *
 * <p>Not thread-safe; confined to one training. Its arrays belong to the manager given at creation, which the
 * caller closes.
 */
public final class LstmNetwork {
    private final Architecture architecture;
    private final int inputSize;
    private final int hiddenSize;
    private final int numLayers;
    private final int headSize;
    private final SequentialBlock block = new SequentialBlock();
    /** state_dict name -> DJL parameter, in state_dict order. */
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();

    private LstmNetwork(Architecture architecture, int inputSize, SplittableRandom dropoutRandom) {
        this.architecture = architecture;
        this.inputSize = inputSize;
        this.hiddenSize = architecture.hiddenSize();
        this.numLayers = architecture.numLayers();
        this.headSize = architecture.headSize();
        float dropout = (float) architecture.dropout();
        List<LSTM> layers = new ArrayList<>();
        for (int k = 0; k < numLayers; k++) {
            if (k > 0 && dropout > 0) {
                block.add(new SeededDropout(dropout, dropoutRandom));
            }
            LSTM layer = LSTM.builder().setStateSize(hiddenSize).setNumLayers(1).optBatchFirst(true)
                    .optReturnState(false).build();
            layers.add(layer);
            block.add(layer);
        }
        block.add(new LastStep());
        for (int k = 0; k < numLayers; k++) {
            for (Parameter p : layers.get(k).getDirectParameters().values()) {
                parameters.put(lstmName(p.getName(), k), p);
            }
        }
        if (architecture == Architecture.LSTM14) {
            Linear fc = Linear.builder().setUnits(1).build();
            block.add(fc);
            parameters.put("fc.weight", fc.getDirectParameters().get("weight"));
            parameters.put("fc.bias", fc.getDirectParameters().get("bias"));
        } else {
            Linear fc0 = Linear.builder().setUnits(headSize).build();
            Linear fc3 = Linear.builder().setUnits(1).build();
            block.add(fc0);
            block.add(Activation.reluBlock());
            block.add(new SeededDropout(dropout, dropoutRandom));
            block.add(fc3);
            parameters.put("fc.0.weight", fc0.getDirectParameters().get("weight"));
            parameters.put("fc.0.bias", fc0.getDirectParameters().get("bias"));
            parameters.put("fc.3.weight", fc3.getDirectParameters().get("weight"));
            parameters.put("fc.3.bias", fc3.getDirectParameters().get("bias"));
        }
    }

    /** DJL's name of a single-layer LSTM block's tensor -> PyTorch's name for layer {@code k}. */
    private static String lstmName(String djl, int k) {
        return switch (djl) {
            case "l_0_i2h_WEIGHT" -> "lstm.weight_ih_l" + k;
            case "l_0_h2h_WEIGHT" -> "lstm.weight_hh_l" + k;
            case "l_0_i2h_BIAS" -> "lstm.bias_ih_l" + k;
            case "l_0_h2h_BIAS" -> "lstm.bias_hh_l" + k;
            default -> throw new IllegalStateException("unexpected DJL LSTM parameter " + djl);
        };
    }

    /**
     * A network with PyTorch's default initialisation, seeded.
     *
     * @param manager owns the parameters (and, for training, the optimiser state created from them)
     */
    public static LstmNetwork initialised(NDManager manager, Architecture architecture, int inputSize,
            int sequenceLength, long seed) {
        LstmNetwork net = new LstmNetwork(architecture, inputSize, new SplittableRandom(Seeds.mix(seed, "dropout")));
        for (Map.Entry<String, Parameter> e : net.parameters.entrySet()) {
            String name = e.getKey();
            double bound = 1 / Math.sqrt(name.startsWith("lstm.") ? net.hiddenSize : net.fanIn(name));
            Random random = new Random(Seeds.mix(seed, name));
            e.getValue().setInitializer((m, shape, type) -> {
                float[] values = new float[Math.toIntExact(shape.size())];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
                }
                return m.create(values, shape);
            });
        }
        net.block.initialize(manager, DataType.FLOAT32, new Shape(1, sequenceLength, inputSize));
        return net;
    }

    /** A network holding {@code weights} (e.g. to run DJL's forward pass on weights a training produced). */
    public static LstmNetwork of(NDManager manager, LstmWeights weights, int sequenceLength) {
        LstmNetwork net = new LstmNetwork(weights.architecture(), weights.inputSize(), new SplittableRandom(0));
        if (net.hiddenSize != weights.hiddenSize() || net.numLayers != weights.numLayers()
                || net.headSize != weights.headSize()) {
            throw new IllegalArgumentException("weights of hidden " + weights.hiddenSize() + ", layers "
                    + weights.numLayers() + ", head " + weights.headSize() + " are not the reference "
                    + weights.architecture().id());
        }
        for (Map.Entry<String, Parameter> e : net.parameters.entrySet()) {
            float[] values = weights.tensor(e.getKey());
            Initializer fixed = (m, shape, type) -> m.create(values, shape);
            e.getValue().setInitializer(fixed);
        }
        net.block.initialize(manager, DataType.FLOAT32, new Shape(1, sequenceLength, weights.inputSize()));
        return net;
    }

    private int fanIn(String name) {
        return switch (name) {
            case "fc.weight", "fc.bias", "fc.0.weight", "fc.0.bias" -> hiddenSize;
            case "fc.3.weight", "fc.3.bias" -> headSize;
            default -> throw new IllegalStateException("no fan-in for " + name);
        };
    }

    /**
     * Logits {@code [batch, 1]} for windows {@code x [batch, sequence, features]}; dropout only when
     * {@code training}.
     */
    public NDArray forward(ParameterStore store, NDArray x, boolean training) {
        return block.forward(store, new NDList(x), training).singletonOrThrow();
    }

    /** The trainable parameters by state_dict name, in state_dict order. */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /** Copies the current weights out, in PyTorch's state_dict layout. */
    public LstmWeights weights() {
        Map<String, float[]> tensors = new LinkedHashMap<>();
        parameters.forEach((name, p) -> tensors.put(name, p.getArray().toFloatArray()));
        return new LstmWeights(architecture, inputSize, hiddenSize, numLayers, headSize, tensors);
    }

    public Architecture architecture() {
        return architecture;
    }

    public int inputSize() {
        return inputSize;
    }
}
