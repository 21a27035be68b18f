package dev.candlesignal.train.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The validation metrics a bundle's manifest carries, under the key names of {@code tools/train} and the demo
 * model's manifest: {@code val_loss} (log loss, the mean binary cross-entropy), {@code val_brier},
 * {@code val_accuracy}, {@code val_precision}, {@code val_recall}, {@code val_f1} (threshold 0.5), and the same
 * classification metrics for the trivial baselines {@code baseline_always_up_*} and
 * {@code baseline_previous_direction_*} (the last completed move of the same horizon repeats).
 *
 * <p>Stateless.
 */
public final class ValidationMetrics {
    private ValidationMetrics() {
    }

    /** Accuracy, precision, recall and F1 of hard predictions; 0 where a ratio has no denominator (as tools/train). */
    public record Classification(double accuracy, double precision, double recall, double f1) {
        static Classification of(boolean[] predicted, boolean[] actual) {
            long tp = 0;
            long fp = 0;
            long fn = 0;
            long correct = 0;
            for (int i = 0; i < actual.length; i++) {
                if (predicted[i] && actual[i]) {
                    tp++;
                } else if (predicted[i]) {
                    fp++;
                } else if (actual[i]) {
                    fn++;
                }
                if (predicted[i] == actual[i]) {
                    correct++;
                }
            }
            double accuracy = actual.length == 0 ? 0 : correct / (double) actual.length;
            double precision = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
            double recall = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            return new Classification(accuracy, precision, recall, f1);
        }

        void into(String prefix, Map<String, Double> out) {
            out.put(prefix + "_accuracy", accuracy);
            out.put(prefix + "_precision", precision);
            out.put(prefix + "_recall", recall);
            out.put(prefix + "_f1", f1);
        }
    }

    /** Binary cross-entropy of one logit against a 0/1 label, computed stably: max(z, 0) - z y + log(1 + e^-|z|). */
    public static double logLoss(double logit, double label) {
        return Math.max(logit, 0) - logit * label + Math.log1p(Math.exp(-Math.abs(logit)));
    }

    /** The logistic function. */
    public static double sigmoid(double logit) {
        return 1 / (1 + Math.exp(-logit));
    }

    /** Mean log loss of logits against labels. */
    public static double meanLogLoss(float[] logits, float[] labels) {
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            sum += logLoss(logits[i], labels[i]);
        }
        return sum / logits.length;
    }

    /**
     * The model's metrics from its validation logits, and the baselines'.
     *
     * @param previous per window 1 (up), 0 (not up) or -1 (undefined: left out of that baseline)
     */
    public static Map<String, Double> compute(float[] logits, float[] labels, int[] previous) {
        int n = labels.length;
        boolean[] actual = new boolean[n];
        boolean[] predicted = new boolean[n];
        boolean[] up = new boolean[n];
        double brier = 0;
        int positives = 0;
        for (int i = 0; i < n; i++) {
            actual[i] = labels[i] > 0.5f;
            double p = sigmoid(logits[i]);
            predicted[i] = p > 0.5;
            up[i] = true;
            brier += (p - labels[i]) * (p - labels[i]);
            positives += actual[i] ? 1 : 0;
        }
        int defined = 0;
        for (int v : previous) {
            defined += v >= 0 ? 1 : 0;
        }
        boolean[] prevPredicted = new boolean[defined];
        boolean[] prevActual = new boolean[defined];
        for (int i = 0, k = 0; i < n; i++) {
            if (previous[i] >= 0) {
                prevPredicted[k] = previous[i] == 1;
                prevActual[k++] = actual[i];
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("val_loss", meanLogLoss(logits, labels));
        out.put("val_brier", brier / n);
        out.put("val_positive_rate", positives / (double) n);
        Classification.of(predicted, actual).into("val", out);
        Classification.of(up, actual).into("baseline_always_up", out);
        Classification.of(prevPredicted, prevActual).into("baseline_previous_direction", out);
        return out;
    }
}
