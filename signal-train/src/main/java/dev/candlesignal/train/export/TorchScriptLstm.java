package dev.candlesignal.train.export;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import dev.candlesignal.ModelLoadException;
import dev.candlesignal.djl.PyTorchEngine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes an {@link LstmWeights} model as a TorchScript module ({@code model.pt}) that {@code DjlModel} serves like
 * the tools' exports: float32 {@code [batch, sequence, features]} in, {@code [batch, 1]} P(up) out.
 *
 * <p>DJL cannot trace or script, so the module's code comes from a committed, weight-free template
 * ({@value #TEMPLATE}, about 3.5 KB, made once by {@code tools/models/make_torchscript_template.py} with
 * {@code torch.jit.script}). Its weights are attributes: {@code lstm} (PyTorch's flat {@code nn.LSTM} weights,
 * gates i, f, g, o) and {@code head} (weight and bias per linear layer, ReLU between layers), read by
 * {@code torch.lstm} and {@code linear} in the scripted {@code forward}. Here the template is loaded into
 * libtorch through DJL, its scripted method {@code set_weights(lstm, head, num_layers)} is called with the weights,
 * and the module is saved again ({@code torch::jit::Module::save}). One template serves both architectures, any
 * input width and any depth. The module's {@code forward} refuses an input whose last dimension is not the model's
 * input width (libtorch's LSTM alone would not).
 *
 * <p>The TorchScript archive holds the weights' float32 bytes as they are, so its outputs are those of the same
 * network in PyTorch (the tests compare them with PyTorch eager outputs). The same weights give the same bytes.
 *
 * <p>Stateless and thread-safe. Starts DJL's PyTorch engine on first use ({@link PyTorchEngine#start()}); the native
 * memory it takes is freed before each call returns.
 */
public final class TorchScriptLstm {

    /** The template's resource name, next to this class. */
    public static final String TEMPLATE = "lstm-classifier.pt";

    private TorchScriptLstm() {
    }

    /**
     * The serialised TorchScript module for {@code weights}.
     *
     * @throws BundleWriteException ({@link BundleWriteException.Reason#BACKEND_ERROR}) if libtorch cannot be started
     *     (a missing jar is named) or refuses the template or the weights
     */
    public static byte[] toBytes(LstmWeights weights) throws BundleWriteException {
        Objects.requireNonNull(weights, "weights");
        byte[] template = template();
        try {
            PyTorchEngine.start();
        } catch (ModelLoadException e) {
            throw new BundleWriteException(BundleWriteException.Reason.BACKEND_ERROR,
                    "cannot write model.pt: " + e.getMessage(), e);
        }
        try (NDManager base = Engine.getEngine("PyTorch").newBaseManager(Device.cpu())) {
            PtNDManager manager = (PtNDManager) base;
            PtSymbolBlock module = JniUtils.loadModule(manager, new ByteArrayInputStream(template), false, false);
            try {
                List<IValue> args = new ArrayList<>();
                try {
                    args.add(IValue.listFrom(lstmTensors(manager, weights)));
                    args.add(IValue.listFrom(headTensors(manager, weights)));
                    args.add(IValue.from((long) weights.numLayers()));
                    IValueUtils.runMethod(module, "set_weights", args.toArray(IValue[]::new)).close();
                } finally {
                    args.forEach(IValue::close);
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream(4 * parameterCount(weights) + 16_384);
                JniUtils.writeModule(module, out, false);
                return out.toByteArray();
            } finally {
                module.close();
            }
        } catch (IOException | EngineException | IllegalArgumentException | IllegalStateException e) {
            throw new BundleWriteException(BundleWriteException.Reason.BACKEND_ERROR, "libtorch could not build the"
                    + " TorchScript module for " + ArchitectureDescription.of(weights) + ": " + e.getMessage(), e);
        }
    }

    private static PtNDArray[] lstmTensors(PtNDManager manager, LstmWeights w) {
        int gates = 4 * w.hiddenSize();
        PtNDArray[] t = new PtNDArray[4 * w.numLayers()];
        for (int k = 0; k < w.numLayers(); k++) {
            int in = k == 0 ? w.inputSize() : w.hiddenSize();
            t[4 * k] = tensor(manager, w.tensor("lstm.weight_ih_l" + k), gates, in);
            t[4 * k + 1] = tensor(manager, w.tensor("lstm.weight_hh_l" + k), gates, w.hiddenSize());
            t[4 * k + 2] = tensor(manager, w.tensor("lstm.bias_ih_l" + k), gates);
            t[4 * k + 3] = tensor(manager, w.tensor("lstm.bias_hh_l" + k), gates);
        }
        return t;
    }

    private static PtNDArray[] headTensors(PtNDManager manager, LstmWeights w) {
        int h = w.hiddenSize();
        if (w.architecture() == Architecture.LSTM14) {
            return new PtNDArray[] {
                tensor(manager, w.tensor("fc.weight"), 1, h),
                tensor(manager, w.tensor("fc.bias"), 1)};
        }
        int head = w.headSize();
        return new PtNDArray[] {
            tensor(manager, w.tensor("fc.0.weight"), head, h),
            tensor(manager, w.tensor("fc.0.bias"), head),
            tensor(manager, w.tensor("fc.3.weight"), 1, head),
            tensor(manager, w.tensor("fc.3.bias"), 1)};
    }

    private static PtNDArray tensor(PtNDManager manager, float[] values, long... shape) {
        return (PtNDArray) manager.create(values, new Shape(shape));
    }

    private static int parameterCount(LstmWeights w) {
        int n = 0;
        for (float[] t : w.tensors().values()) {
            n += t.length;
        }
        return n;
    }

    /** The template's bytes (a resource of this jar). */
    static byte[] template() {
        try (InputStream in = TorchScriptLstm.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + TEMPLATE + " is missing from signal-train's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + TEMPLATE + ": " + e, e);
        }
    }
}
