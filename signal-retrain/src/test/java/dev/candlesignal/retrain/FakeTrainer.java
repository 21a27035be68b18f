package dev.candlesignal.retrain;

import dev.candlesignal.Candle;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.training.Trainer;
import dev.candlesignal.training.TrainingException;
import dev.candlesignal.training.TrainingJob;
import dev.candlesignal.training.TrainingResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A trainer that writes a real bundle (see {@link FakeModels}) instead of training: each job gets the next scripted
 * skill, or throws the next scripted failure; it can hold a job until released. Records the jobs. Thread-safe.
 */
final class FakeTrainer implements Trainer {
    private final FakeModels models;
    private final List<Object> script = new CopyOnWriteArrayList<>();
    final List<TrainingJob> jobs = new CopyOnWriteArrayList<>();
    volatile UnaryOperator<ModelManifest.Builder> change = UnaryOperator.identity();
    volatile CountDownLatch hold;
    final CountDownLatch started = new CountDownLatch(1);
    private double last;

    FakeTrainer(FakeModels models) {
        this.models = models;
    }

    /** The skills (Double) or failures (TrainingException) of the next jobs, in order; the last skill repeats. */
    FakeTrainer then(Object... next) {
        script.addAll(List.of(next));
        return this;
    }

    @Override
    public TrainingResult train(TrainingJob job, Path outDir) throws TrainingException {
        jobs.add(job);
        started.countDown();
        CountDownLatch h = hold;
        if (h != null) {
            try {
                if (!h.await(30, TimeUnit.SECONDS)) {
                    throw new TrainingException(TrainingException.Reason.BACKEND_ERROR, "held for too long");
                }
            } catch (InterruptedException e) {
                throw new TrainingException(TrainingException.Reason.CANCELLED, "interrupted");
            }
        }
        double skill;
        synchronized (this) {
            Object next = script.isEmpty() ? (Double) last : script.remove(0);
            if (next instanceof TrainingException e) {
                throw e;
            }
            skill = (Double) next;
            last = skill;
        }
        Map.Entry<?, List<Candle>> first = job.candles().entrySet().iterator().next();
        UnaryOperator<ModelManifest.Builder> then = change;
        ModelBundle b = models.bundle(outDir, job.version(), job.parentVersion(), first.getValue(), skill,
                m -> then.apply(m.modelId(job.modelId())));
        return new TrainingResult(b.directory(), b.manifest(), 1, 1, Map.of(), Duration.ofMillis(1));
    }
}
