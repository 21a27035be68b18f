package dev.candlesignal.train.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The manifest's metrics on four windows worked out by hand. */
class ValidationMetricsTest {

    static double p(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    @Test
    void modelAndBaselineMetrics() {
        float[] logits = {2f, -1f, 0.5f, -3f};     // p = 0.881, 0.269, 0.622, 0.047: predicted up, down, up, down
        float[] labels = {1f, 1f, 0f, 0f};
        int[] previous = {1, -1, 0, 1};            // the second window has no previous direction
        Map<String, Double> m = ValidationMetrics.compute(logits, labels, previous);

        // model: tp 1 (first), fp 1 (third), fn 1 (second), 2 of 4 right
        assertThat(m.get("val_accuracy")).isEqualTo(0.5);
        assertThat(m.get("val_precision")).isEqualTo(0.5);
        assertThat(m.get("val_recall")).isEqualTo(0.5);
        assertThat(m.get("val_f1")).isEqualTo(0.5);
        double logLoss = -(Math.log(p(2)) + Math.log(p(-1)) + Math.log(1 - p(0.5)) + Math.log(1 - p(-3))) / 4;
        assertThat(m.get("val_loss")).isCloseTo(logLoss, within(1e-12));
        double brier = (Math.pow(p(2) - 1, 2) + Math.pow(p(-1) - 1, 2) + Math.pow(p(0.5), 2) + Math.pow(p(-3), 2)) / 4;
        assertThat(m.get("val_brier")).isCloseTo(brier, within(1e-12));
        assertThat(m.get("val_positive_rate")).isEqualTo(0.5);
        // always up: tp 2, fp 2, fn 0
        assertThat(m.get("baseline_always_up_accuracy")).isEqualTo(0.5);
        assertThat(m.get("baseline_always_up_precision")).isEqualTo(0.5);
        assertThat(m.get("baseline_always_up_recall")).isEqualTo(1.0);
        assertThat(m.get("baseline_always_up_f1")).isCloseTo(2.0 / 3, within(1e-15));
        // previous direction on windows 1, 3, 4: predicted up, down, up against up, down, down
        assertThat(m.get("baseline_previous_direction_accuracy")).isCloseTo(2.0 / 3, within(1e-15));
        assertThat(m.get("baseline_previous_direction_precision")).isEqualTo(0.5);
        assertThat(m.get("baseline_previous_direction_recall")).isEqualTo(1.0);
        assertThat(m.get("baseline_previous_direction_f1")).isCloseTo(2.0 / 3, within(1e-15));
        // the key names of tools/train and the demo manifest
        assertThat(m).containsOnlyKeys("val_loss", "val_brier", "val_positive_rate", "val_accuracy",
                "val_precision", "val_recall", "val_f1", "baseline_always_up_accuracy", "baseline_always_up_precision",
                "baseline_always_up_recall", "baseline_always_up_f1", "baseline_previous_direction_accuracy",
                "baseline_previous_direction_precision", "baseline_previous_direction_recall",
                "baseline_previous_direction_f1");
    }

    @Test
    void ratiosWithoutADenominatorAreZeroAsInToolsTrain() {
        Map<String, Double> m = ValidationMetrics.compute(new float[] {-1f, -2f}, new float[] {0f, 0f},
                new int[] {0, 0});
        assertThat(m.get("val_accuracy")).isEqualTo(1.0);
        assertThat(m.get("val_precision")).isEqualTo(0.0);
        assertThat(m.get("val_recall")).isEqualTo(0.0);
        assertThat(m.get("val_f1")).isEqualTo(0.0);
    }

    @Test
    void logLossIsStableForLargeLogits() {
        assertThat(ValidationMetrics.logLoss(800, 1)).isEqualTo(0.0);
        assertThat(ValidationMetrics.logLoss(-800, 1)).isEqualTo(800.0);
        assertThat(ValidationMetrics.logLoss(800, 0)).isEqualTo(800.0);
    }
}
