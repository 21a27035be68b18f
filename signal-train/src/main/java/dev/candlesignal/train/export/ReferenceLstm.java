package dev.candlesignal.train.export;

import java.util.Objects;

/**
 * A plain-Java forward pass of an {@link LstmWeights} model, in double precision: the third opinion that the ONNX
 * graph (ONNX Runtime) and the TorchScript module (libtorch) are checked against, and the reference a trainer can
 * compare its own forward pass with. It computes what {@code tools/models/architectures.py} defines, straight from
 * PyTorch's formulas: per layer and time step, with gates in PyTorch's order (i, f, g, o),
 * {@code z = W_ih x + b_ih + W_hh h + b_hh}, {@code c = sigmoid(f) c + sigmoid(i) tanh(g)},
 * {@code h = sigmoid(o) tanh(c)}, from h0 = c0 = 0; then the head on the top layer's last {@code h} (lstm14: one
 * linear layer; lstm28: linear, ReLU, linear; dropout is the identity at inference) and a sigmoid.
 *
 * <p>Slow (no vectorisation) and exact up to double rounding: for checks, not for serving.
 *
 * <p>Stateless and thread-safe.
 */
public final class ReferenceLstm {

    private ReferenceLstm() {
    }

    /**
     * P(up) for one window of {@code sequenceLength} rows of {@link LstmWeights#inputSize()} features, row-major and
     * oldest first, starting at {@code window[offset]}.
     *
     * @throws IllegalArgumentException if the window does not fit in the array
     */
    public static double probability(LstmWeights weights, float[] window, int offset, int sequenceLength) {
        return sigmoid(logit(weights, window, offset, sequenceLength));
    }

    /** The head's output before the sigmoid; see {@link #probability}. */
    public static double logit(LstmWeights weights, float[] window, int offset, int sequenceLength) {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(window, "window");
        int features = weights.inputSize();
        if (sequenceLength < 1 || offset < 0 || (long) offset + (long) sequenceLength * features > window.length) {
            throw new IllegalArgumentException("a window of " + sequenceLength + " x " + features
                    + " values at offset " + offset + " does not fit in an array of " + window.length);
        }
        int hidden = weights.hiddenSize();
        double[][] xs = new double[sequenceLength][features];
        for (int t = 0; t < sequenceLength; t++) {
            for (int j = 0; j < features; j++) {
                xs[t][j] = window[offset + t * features + j];
            }
        }
        for (int k = 0; k < weights.numLayers(); k++) {
            xs = layer(xs, weights.tensor("lstm.weight_ih_l" + k), weights.tensor("lstm.weight_hh_l" + k),
                    weights.tensor("lstm.bias_ih_l" + k), weights.tensor("lstm.bias_hh_l" + k), hidden);
        }
        double[] last = xs[sequenceLength - 1];
        if (weights.architecture() == Architecture.LSTM14) {
            return linear(last, weights.tensor("fc.weight"), weights.tensor("fc.bias"), 1)[0];
        }
        double[] a = linear(last, weights.tensor("fc.0.weight"), weights.tensor("fc.0.bias"), weights.headSize());
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.max(0.0, a[i]);
        }
        return linear(a, weights.tensor("fc.3.weight"), weights.tensor("fc.3.bias"), 1)[0];
    }

    /** One LSTM layer over the whole sequence; returns every time step's h. */
    private static double[][] layer(double[][] xs, float[] wih, float[] whh, float[] bih, float[] bhh, int hidden) {
        int in = xs[0].length;
        double[] h = new double[hidden];
        double[] c = new double[hidden];
        double[] z = new double[4 * hidden];
        double[][] out = new double[xs.length][];
        for (int t = 0; t < xs.length; t++) {
            double[] x = xs[t];
            for (int r = 0; r < 4 * hidden; r++) {
                double s = (double) bih[r] + (double) bhh[r];
                int wi = r * in;
                for (int j = 0; j < in; j++) {
                    s += wih[wi + j] * x[j];
                }
                int wh = r * hidden;
                for (int j = 0; j < hidden; j++) {
                    s += whh[wh + j] * h[j];
                }
                z[r] = s;
            }
            double[] next = new double[hidden];
            for (int u = 0; u < hidden; u++) {
                double i = sigmoid(z[u]);
                double f = sigmoid(z[hidden + u]);
                double g = Math.tanh(z[2 * hidden + u]);
                double o = sigmoid(z[3 * hidden + u]);
                c[u] = f * c[u] + i * g;
                next[u] = o * Math.tanh(c[u]);
            }
            h = next;
            out[t] = next;
        }
        return out;
    }

    private static double[] linear(double[] x, float[] w, float[] b, int rows) {
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = b[r];
            for (int j = 0; j < x.length; j++) {
                s += w[r * x.length + j] * x[j];
            }
            y[r] = s;
        }
        return y;
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }
}
