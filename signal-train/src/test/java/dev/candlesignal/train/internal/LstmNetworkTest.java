package dev.candlesignal.train.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.candlesignal.train.export.Architecture;
import dev.candlesignal.train.export.LstmWeights;
import dev.candlesignal.train.export.ReferenceLstm;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The weights extraction is PyTorch's layout: the pure-Java reference forward pass on the extracted tensors equals
 * DJL's forward pass (eval mode) within 1e-5, for both architectures and a custom input width.
 */
class LstmNetworkTest {

    static float[] windows(int count, int length, int width, long seed, double scale) {
        Random r = new Random(seed);
        float[] x = new float[count * length * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * scale);
        }
        return x;
    }

    static float[] djlLogits(NDManager manager, LstmNetwork net, float[] x, int count, int length, int width) {
        try (NDManager batch = manager.newSubManager()) {
            return net.forward(new ParameterStore(manager, false),
                    batch.create(x, new Shape(count, length, width)), false).toFloatArray();
        }
    }

    @ParameterizedTest
    @CsvSource({"LSTM14, 14", "LSTM14, 7", "LSTM28, 28"})
    void extractedWeightsReproduceDjlsForwardPass(Architecture architecture, int width) throws Exception {
        Engine engine = Libtorch.engine();
        int length = 20;
        int count = 6;
        try (NDManager manager = engine.newBaseManager()) {
            LstmNetwork net = LstmNetwork.initialised(manager, architecture, width, length, 7);
            // scaled up so that the gates saturate and a wrong gate order or a transposed tensor shows
            boolean recording = JniUtils.isGradMode();
            JniUtils.setGradMode(false); // in place on leaves that require a gradient
            try {
                for (var p : net.parameters().values()) {
                    p.getArray().muli(3);
                }
            } finally {
                JniUtils.setGradMode(recording);
            }
            LstmWeights weights = net.weights();
            float[] x = windows(count, length, width, 11, 1.5);
            float[] djl = djlLogits(manager, net, x, count, length, width);
            double maxDiff = 0;
            for (int i = 0; i < count; i++) {
                double reference = ReferenceLstm.logit(weights, x, i * length * width, length);
                maxDiff = Math.max(maxDiff, Math.abs(reference - djl[i]));
            }
            assertThat(maxDiff).as("max |reference - DJL| over %d windows", count).isLessThan(1e-5);
            // and a network built from the extracted weights computes the same
            LstmNetwork copy = LstmNetwork.of(manager, weights, length);
            assertThat(djlLogits(manager, copy, x, count, length, width)).containsExactly(djl);
            assertThat(copy.weights().tensors().keySet()).containsExactlyElementsOf(
                    LstmWeights.expectedSizes(architecture, width, architecture.hiddenSize(), 2,
                            architecture.headSize()).keySet());
        }
    }

    @Test
    void initialisationIsPyTorchsDefaultAndSeeded() throws Exception {
        Engine engine = Libtorch.engine();
        try (NDManager manager = engine.newBaseManager()) {
            LstmWeights a = LstmNetwork.initialised(manager, Architecture.LSTM28, 28, 10, 1).weights();
            LstmWeights b = LstmNetwork.initialised(manager, Architecture.LSTM28, 28, 10, 1).weights();
            LstmWeights c = LstmNetwork.initialised(manager, Architecture.LSTM28, 28, 10, 2).weights();
            for (String name : a.tensors().keySet()) {
                assertThat(b.tensor(name)).as(name).containsExactly(a.tensor(name));
                assertThat(c.tensor(name)).as(name).isNotEqualTo(a.tensor(name));
                double bound = name.startsWith("lstm.") ? 1 / Math.sqrt(128)
                        : name.startsWith("fc.0.") ? 1 / Math.sqrt(128) : 1 / Math.sqrt(64);
                double max = 0;
                for (float v : a.tensor(name)) {
                    max = Math.max(max, Math.abs(v));
                }
                assertThat(max).as(name).isLessThanOrEqualTo(bound);
                if (a.tensor(name).length >= 64) { // uniform over the whole range, not a narrower one
                    assertThat(max).as(name).isGreaterThan(bound * 0.9);
                }
            }
        }
    }
}
