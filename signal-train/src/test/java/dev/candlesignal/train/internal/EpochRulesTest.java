package dev.candlesignal.train.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** ReduceLROnPlateau as PyTorch's (relative threshold 1e-4, reduce after more than patience bad epochs) and early stopping. */
class EpochRulesTest {

    @Test
    void plateauHalvesTheRateAfterMoreThanPatienceEpochsWithoutARelativeImprovement() {
        EpochRules rules = new EpochRules(1.0, 2, 0.5, 100);
        assertThat(rules.epoch(1.0)).isTrue();          // best 1.0
        // 0.99995 is a new best for early stopping (strictly lower) but not 1e-4 below 1.0 for the scheduler
        assertThat(rules.epoch(0.99995)).isTrue();       // plateau: 1 bad epoch
        assertThat(rules.learningRate()).isEqualTo(1.0);
        assertThat(rules.epoch(0.99995)).isFalse();      // 2 bad epochs: not more than the patience of 2
        assertThat(rules.learningRate()).isEqualTo(1.0);
        assertThat(rules.epoch(0.99996)).isFalse();      // 3 bad epochs > 2: halved, counter reset
        assertThat(rules.learningRate()).isEqualTo(0.5);
        assertThat(rules.epoch(0.5)).isTrue();           // a real improvement resets the scheduler
        assertThat(rules.epoch(0.6)).isFalse();
        assertThat(rules.epoch(0.6)).isFalse();
        assertThat(rules.learningRate()).isEqualTo(0.5);
        assertThat(rules.epoch(0.6)).isFalse();
        assertThat(rules.learningRate()).isEqualTo(0.25);
        assertThat(rules.bestEpoch()).isEqualTo(5);
        assertThat(rules.bestLoss()).isEqualTo(0.5);
    }

    @Test
    void earlyStoppingAfterPatienceEpochsWithoutAStrictImprovement() {
        EpochRules rules = new EpochRules(1e-3, 10, 0.5, 3);
        rules.epoch(0.7);
        rules.epoch(0.69);
        assertThat(rules.shouldStop()).isFalse();
        rules.epoch(0.69);   // equal is no improvement
        rules.epoch(0.8);
        assertThat(rules.shouldStop()).isFalse();
        rules.epoch(Double.NaN); // not a number is no improvement either
        assertThat(rules.shouldStop()).isTrue();
        assertThat(rules.bestEpoch()).isEqualTo(2);
        assertThat(rules.epochs()).isEqualTo(5);
    }

    @Test
    void zeroPlateauPatienceReducesAfterEveryBadEpoch() {
        EpochRules rules = new EpochRules(0.8, 0, 0.5, 100);
        rules.epoch(1.0);
        assertThat(rules.learningRate()).isEqualTo(0.8);
        rules.epoch(1.0);
        assertThat(rules.learningRate()).isEqualTo(0.4);
        rules.epoch(1.0);
        assertThat(rules.learningRate()).isEqualTo(0.2);
    }
}
