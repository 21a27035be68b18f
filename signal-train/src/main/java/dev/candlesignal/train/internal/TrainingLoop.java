package dev.candlesignal.train.internal;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.SigmoidBinaryCrossEntropyLoss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.candlesignal.train.export.Architecture;
import dev.candlesignal.train.export.LstmWeights;
import dev.candlesignal.training.TrainingException;
import dev.candlesignal.training.TrainingException.Reason;
import java.nio.FloatBuffer;
import java.util.Random;

/**
 * The epochs: Adam on the mean binary cross-entropy of the logits ({@link SigmoidBinaryCrossEntropyLoss} with its
 * default {@code fromSigmoid = false}), shuffled mini-batches (the last may hold one window), validation loss after
 * every epoch, the {@link EpochRules} (ReduceLROnPlateau, early stopping), and a copy of the best epoch's weights and
 * validation logits, which are the result (never the last epoch's, unless it is the best).
 *
 * <p>Determinism: every random number comes from this training's seed, through {@link Random}s and
 * {@link java.util.SplittableRandom}s it owns (shuffling: {@code new Random(seed)}; initialisation and dropout masks:
 * see {@link LstmNetwork}), never from libtorch's process-wide generator; the gradient recording is switched on with
 * libtorch's thread-local grad mode rather than DJL's {@code GradientCollector}, which allows one collector per
 * process. With the same intra-op thread count, the same data and seed give bit-identical weights on CPU, also while
 * other trainings run in the same process.
 *
 * <p>Cancellation: the calling thread's interrupt is checked before every batch and before validation.
 *
 * <p>Stateless; {@link #run} trains on the calling thread.
 */
public final class TrainingLoop {
    private static final int VALIDATION_BATCH = 256;

    /** The optimisation settings. */
    public record Settings(int epochs, int batchSize, double learningRate, int patience, int plateauPatience,
            double plateauFactor, long seed) {
    }

    /** What the loop reports; called on the training thread. */
    public interface Progress {
        void batch(int epoch, int batch, int batches, double trainLoss);

        void epoch(int epoch, double trainLoss, double validationLoss, double learningRate, boolean improved,
                int bestEpoch);
    }

    /**
     * The result: the best epoch's weights and its validation logits (the training-time forward pass in eval mode,
     * in validation window order).
     */
    public record Outcome(LstmWeights weights, float[] validationLogits, int bestEpoch, int epochsRun,
            double bestLoss, double finalLearningRate) {
    }

    private TrainingLoop() {
    }

    /** Trains a network of {@code architecture} on {@code data}; blocks until done. */
    public static Outcome run(Engine engine, Device device, TrainingData data, Architecture architecture,
            Settings settings, Progress progress) throws TrainingException {
        int n = data.trainCount();
        int length = data.spec().sequenceLength();
        int features = data.featureCount();
        int window = length * features;
        try (NDManager manager = engine.newBaseManager(device)) {
            LstmNetwork net = LstmNetwork.initialised(manager, architecture, features, length, settings.seed());
            ParameterStore store = new ParameterStore(manager, false);
            LearningRate rate = new LearningRate((float) settings.learningRate());
            Optimizer adam = Optimizer.adam().optLearningRateTracker(rate).build();
            SigmoidBinaryCrossEntropyLoss loss = new SigmoidBinaryCrossEntropyLoss();
            EpochRules rules = new EpochRules(settings.learningRate(), settings.plateauPatience(),
                    settings.plateauFactor(), settings.patience());
            Random shuffle = new Random(settings.seed());
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            int batchSize = settings.batchSize();
            int batches = (n + batchSize - 1) / batchSize;
            float[] x = new float[batchSize * window];
            float[] y = new float[batchSize];
            LstmWeights best = null;
            float[] bestLogits = null;
            for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
                for (int i = n - 1; i > 0; i--) { // Fisher-Yates
                    int j = shuffle.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                double sum = 0;
                for (int b = 0; b < batches; b++) {
                    checkInterrupted(epoch, b + 1, batches);
                    int start = b * batchSize;
                    int size = Math.min(batchSize, n - start);
                    for (int k = 0; k < size; k++) {
                        data.copyTrainWindow(order[start + k], x, k * window);
                        y[k] = data.trainLabel(order[start + k]);
                    }
                    sum += step(manager, store, net, adam, loss, x, y, size, length, features) * size;
                    progress.batch(epoch, b + 1, batches, sum / (start + size));
                }
                checkInterrupted(epoch, batches, batches);
                float[] logits = logits(manager, store, net, data);
                double validationLoss = ValidationMetrics.meanLogLoss(logits, data.validationLabels());
                boolean improved = rules.epoch(validationLoss);
                if (improved) {
                    best = net.weights(); // a copy: the seed's shallow state_dict copy aliased the live weights (B2)
                    bestLogits = logits;
                }
                rate.value = (float) rules.learningRate();
                progress.epoch(epoch, sum / n, validationLoss, rules.learningRate(), improved, rules.bestEpoch());
                if (rules.shouldStop()) {
                    break;
                }
            }
            if (best == null) {
                throw new TrainingException(Reason.BACKEND_ERROR, "the validation loss was not a number in any of the "
                        + rules.epochs() + " epochs (training diverged); try a lower learning rate");
            }
            return new Outcome(best, bestLogits, rules.bestEpoch(), rules.epochs(), rules.bestLoss(),
                    rules.learningRate());
        }
    }

    /** One optimiser step on a batch; returns the batch's mean loss. */
    private static float step(NDManager manager, ParameterStore store, LstmNetwork net, Optimizer adam,
            SigmoidBinaryCrossEntropyLoss loss, float[] x, float[] y, int size, int length, int features) {
        float value;
        try (NDManager batch = manager.newSubManager()) {
            NDArray input = batch.create(FloatBuffer.wrap(x, 0, size * length * features),
                    new Shape(size, length, features));
            NDArray target = batch.create(FloatBuffer.wrap(y, 0, size), new Shape(size, 1));
            boolean wasRecording = JniUtils.isGradMode();
            JniUtils.setGradMode(true); // thread-local in libtorch: records this thread's operations only
            try {
                NDArray logits = net.forward(store, input, true);
                NDArray l = loss.evaluate(new NDList(target), new NDList(logits));
                JniUtils.backward((PtNDArray) l, (PtNDArray) batch.ones(l.getShape()), false, false);
                value = l.getFloat();
            } finally {
                JniUtils.setGradMode(wasRecording);
            }
            for (Parameter p : net.parameters().values()) {
                NDArray weight = p.getArray();
                try (NDArray grad = weight.getGradient()) {
                    adam.update(p.getId(), weight, grad); // also zeroes the gradient (PtNDArrayEx.adamUpdate)
                }
            }
        }
        return value;
    }

    /**
     * The network's logits for every validation window, in eval mode (no dropout, no gradient recording): the
     * training-time forward pass the bundles must reproduce.
     */
    public static float[] logits(NDManager manager, ParameterStore store, LstmNetwork net, TrainingData data) {
        int n = data.validationCount();
        int length = data.spec().sequenceLength();
        int features = data.featureCount();
        int window = length * features;
        float[] out = new float[n];
        float[] x = new float[Math.min(VALIDATION_BATCH, n) * window];
        boolean wasRecording = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            for (int start = 0; start < n; start += VALIDATION_BATCH) {
                int size = Math.min(VALIDATION_BATCH, n - start);
                for (int k = 0; k < size; k++) {
                    data.copyValidationWindow(start + k, x, k * window);
                }
                try (NDManager batch = manager.newSubManager()) {
                    NDArray input = batch.create(FloatBuffer.wrap(x, 0, size * window),
                            new Shape(size, length, features));
                    float[] logits = net.forward(store, input, false).toFloatArray();
                    System.arraycopy(logits, 0, out, start, size);
                }
            }
        } finally {
            JniUtils.setGradMode(wasRecording);
        }
        return out;
    }

    private static void checkInterrupted(int epoch, int batch, int batches) throws TrainingException {
        if (Thread.currentThread().isInterrupted()) {
            // the interrupt status stays set, so the caller still sees it
            throw new TrainingException(Reason.CANCELLED, "training interrupted in epoch " + epoch + " at batch "
                    + batch + " of " + batches + "; nothing was written");
        }
    }

    /** Adam's learning rate, set between epochs by the plateau schedule. */
    private static final class LearningRate implements Tracker {
        float value;

        LearningRate(float value) {
            this.value = value;
        }

        @Override
        public float getNewValue(int numUpdate) {
            return value;
        }
    }
}
