package dev.candlesignal.train;

import dev.candlesignal.train.export.Architecture;
import dev.candlesignal.train.export.LstmWeights;

/**
 * A plain-Java LSTM forward pass in double precision on weights in PyTorch's state_dict layout, written from
 * PyTorch's documented equations (gates i, f, g, o in the rows of each 4H tensor; both biases added; h0 = c0 = 0),
 * as an opinion independent of DJL and libtorch.
 */
public final class ReferenceLogits {
    private ReferenceLogits() {
    }

    /** The logit for one window of {@code length x inputSize} floats, oldest row first. */
    public static double logit(LstmWeights w, float[] window, int length) {
        return logit(w, window, 0, length);
    }

    public static double logit(LstmWeights w, float[] window, int offset, int length) {
        int h = w.hiddenSize();
        double[][] seq = new double[length][];
        for (int t = 0; t < length; t++) {
            seq[t] = new double[w.inputSize()];
            for (int f = 0; f < w.inputSize(); f++) {
                seq[t][f] = window[offset + t * w.inputSize() + f];
            }
        }
        for (int k = 0; k < w.numLayers(); k++) {
            float[] wih = w.tensor("lstm.weight_ih_l" + k);
            float[] whh = w.tensor("lstm.weight_hh_l" + k);
            float[] bih = w.tensor("lstm.bias_ih_l" + k);
            float[] bhh = w.tensor("lstm.bias_hh_l" + k);
            int in = seq[0].length;
            double[] hs = new double[h];
            double[] cs = new double[h];
            double[][] out = new double[length][];
            for (int t = 0; t < length; t++) {
                double[] g = new double[4 * h];
                for (int r = 0; r < 4 * h; r++) {
                    double sum = bih[r] + bhh[r];
                    for (int j = 0; j < in; j++) {
                        sum += wih[r * in + j] * seq[t][j];
                    }
                    for (int j = 0; j < h; j++) {
                        sum += whh[r * h + j] * hs[j];
                    }
                    g[r] = sum;
                }
                double[] next = new double[h];
                for (int j = 0; j < h; j++) {
                    double i = sigmoid(g[j]);
                    double f = sigmoid(g[h + j]);
                    double c = Math.tanh(g[2 * h + j]);
                    double o = sigmoid(g[3 * h + j]);
                    cs[j] = f * cs[j] + i * c;
                    next[j] = o * Math.tanh(cs[j]);
                }
                hs = next;
                out[t] = next;
            }
            seq = out;
        }
        double[] last = seq[length - 1];
        if (w.architecture() == Architecture.LSTM14) {
            return dense(w.tensor("fc.weight"), w.tensor("fc.bias"), last, 1)[0];
        }
        double[] hidden = dense(w.tensor("fc.0.weight"), w.tensor("fc.0.bias"), last, w.headSize());
        for (int j = 0; j < hidden.length; j++) {
            hidden[j] = Math.max(0, hidden[j]);
        }
        return dense(w.tensor("fc.3.weight"), w.tensor("fc.3.bias"), hidden, 1)[0];
    }

    private static double[] dense(float[] weight, float[] bias, double[] x, int out) {
        double[] y = new double[out];
        for (int r = 0; r < out; r++) {
            double sum = bias[r];
            for (int j = 0; j < x.length; j++) {
                sum += weight[r * x.length + j] * x[j];
            }
            y[r] = sum;
        }
        return y;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
