package dev.candlesignal.train;

import static dev.candlesignal.train.TrainingFixtures.job;
import static dev.candlesignal.train.TrainingFixtures.quick;
import static dev.candlesignal.train.TrainingFixtures.zigzag;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candlesignal.testkit.Candles;
import dev.candlesignal.train.export.Architecture;
import dev.candlesignal.train.export.LstmWeights;
import dev.candlesignal.train.export.ReferenceLstm;
import dev.candlesignal.train.internal.TrainingData;
import dev.candlesignal.train.internal.TrainingLoop;
import dev.candlesignal.training.TrainingException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Training itself (before a bundle is written): determinism, best weights, a batch of one, learning. */
class LstmTrainerFitTest {

    static void assertSameWeights(LstmWeights a, LstmWeights b) {
        assertThat(b.tensors().keySet()).containsExactlyElementsOf(a.tensors().keySet());
        for (String name : a.tensors().keySet()) {
            assertThat(b.tensor(name)).as(name).containsExactly(a.tensor(name));
        }
    }

    @Test
    void sameJobAndSeedGiveBitIdenticalWeights() throws Exception {
        var candles = Candles.randomWalk(3, 260);
        LstmTrainer trainer = quick(Architecture.LSTM28).seed(5).build(); // lstm28: dropout masks are seeded too
        LstmTrainer.Fitted a = trainer.fit(job(candles));
        LstmTrainer.Fitted b = trainer.fit(job(candles));
        assertSameWeights(a.outcome().weights(), b.outcome().weights());
        assertThat(b.outcome().validationLogits()).containsExactly(a.outcome().validationLogits());
        assertThat(b.metrics()).isEqualTo(a.metrics());

        LstmTrainer.Fitted other = trainer.toBuilder().seed(6).build().fit(job(candles));
        assertThat(other.outcome().weights().tensor("lstm.weight_ih_l0"))
                .isNotEqualTo(a.outcome().weights().tensor("lstm.weight_ih_l0"));
    }

    @Test
    void trainingsOnOtherThreadsAtTheSameTimeDoNotDisturbEachOther() throws Exception {
        var candles = Candles.randomWalk(4, 260);
        LstmTrainer trainer = quick(Architecture.LSTM28).seed(9).threads(1).build();
        LstmWeights alone = trainer.fit(job(candles)).outcome().weights();
        List<CompletableFuture<LstmWeights>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            CompletableFuture<LstmWeights> f = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    f.complete(trainer.fit(job(candles)).outcome().weights());
                } catch (Throwable e) {
                    f.completeExceptionally(e);
                }
            });
            t.start();
            runs.add(f);
        }
        for (CompletableFuture<LstmWeights> f : runs) {
            assertSameWeights(alone, f.get(120, TimeUnit.SECONDS));
        }
    }

    /** The kept weights are the best epoch's: their forward pass gives the validation logits recorded for it. */
    @Test
    void theResultIsTheBestEpochsWeights() throws Exception {
        LstmTrainer.Fitted fitted = quick(Architecture.LSTM14).epochs(6).patience(6).build()
                .fit(job(Candles.randomWalk(8, 260)));
        TrainingLoop.Outcome o = fitted.outcome();
        assertThat(o.bestEpoch()).isBetween(1, o.epochsRun());
        TrainingData data = fitted.data();
        int length = data.spec().sequenceLength();
        float[] window = new float[length * data.featureCount()];
        for (int i = 0; i < data.validationCount(); i++) {
            data.copyValidationWindow(i, window, 0);
            assertThat(ReferenceLstm.logit(o.weights(), window, 0, length))
                    .isCloseTo(o.validationLogits()[i], org.assertj.core.api.Assertions.within(1e-5));
        }
        assertThat(fitted.metrics().get("best_epoch")).isEqualTo(o.bestEpoch());
        assertThat(fitted.metrics().get("val_loss")).isEqualTo(o.bestLoss());
    }

    @Test
    void aBatchOfOneWindowTrains() throws Exception {
        var candles = Candles.randomWalk(2, 120);
        LstmTrainer probe = quick(Architecture.LSTM28).epochs(1).build();
        int train = probe.fit(job(candles)).data().trainCount();
        // the last batch of every epoch holds exactly one window
        LstmTrainer.Fitted fitted = probe.toBuilder().batchSize(train - 1).epochs(2).build().fit(job(candles));
        assertThat(fitted.outcome().epochsRun()).isEqualTo(2);
        assertThat(Double.isFinite(fitted.outcome().bestLoss())).isTrue();
        // and batches of one throughout
        assertThat(probe.toBuilder().batchSize(1).build().fit(job(candles)).outcome().epochsRun()).isEqualTo(1);
    }

    @Test
    void itLearnsAPattern() throws TrainingException {
        LstmTrainer.Fitted fitted = quick(Architecture.LSTM14).epochs(15).patience(15).build()
                .fit(job(zigzag(400, 1)));
        // the next move is always the opposite of the last: the model beats both baselines by far
        assertThat(fitted.metrics().get("val_accuracy")).isGreaterThan(0.95);
        assertThat(fitted.metrics().get("baseline_previous_direction_accuracy")).isLessThan(0.05);
        assertThat(fitted.metrics().get("val_loss")).isLessThan(0.3);
    }
}
