package dev.candlesignal.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import dev.candlesignal.feature.FeatureSet;
import dev.candlesignal.model.LabelSpec;
import dev.candlesignal.model.ModelBundle;
import dev.candlesignal.model.ModelManifest;
import dev.candlesignal.model.TrainingInfo;
import dev.candlesignal.train.export.Architecture;
import dev.candlesignal.train.export.BundleWriteException;
import dev.candlesignal.train.export.BundleWriter;
import dev.candlesignal.train.internal.Libtorch;
import dev.candlesignal.train.internal.TrainingData;
import dev.candlesignal.train.internal.TrainingLoop;
import dev.candlesignal.train.internal.ValidationMetrics;
import dev.candlesignal.training.Trainer;
import dev.candlesignal.training.TrainingException;
import dev.candlesignal.training.TrainingException.Reason;
import dev.candlesignal.training.TrainingJob;
import dev.candlesignal.training.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one of the reference LSTMs ({@link Architecture#LSTM14}, {@link Architecture#LSTM28}) in Java on DJL's
 * PyTorch engine, with the seed's training procedure and its bugs fixed, into a bundle that both backends serve.
 *
 * <pre>{@code
 * Trainer trainer = LstmTrainer.builder()
 *         .featureSet(FeatureSets.standard14())
 *         .architecture(Architecture.LSTM14)
 *         .epochs(100).patience(10).seed(42)
 *         .build();
 * TrainingResult result = trainer.train(
 *         TrainingJob.of("btcusdt-1h", "1", StreamKey.of("BTCUSDT", Interval.HOUR_1), candles),
 *         Path.of("models/btcusdt-1h"));
 * }</pre>
 *
 * <p><b>Data.</b> The features are computed by the feature set's own calculators, over each stream's whole candle
 * list from its first candle, exactly as the engine computes the rows it serves (no second implementation, so no
 * train/serve skew); rolling features span a gap as they do when served. A <em>gap</em> is one or more missing
 * candles by the interval ({@link dev.candlesignal.Gap#between}): <b>no training window spans a gap</b>, that is a
 * window's {@code sequenceLength} candles and its label candle are consecutive candles of the interval, and windows
 * that would cross one are left out. Only fully defined windows are used (after the set's warm-up); a NaN or infinite
 * feature value after the warm-up is an error. The label of the window ending at candle {@code t} is
 * {@code close[t + horizon] > close[t] * (1 + threshold)} ({@link LabelSpec}). The split is chronological over the
 * window ends of all streams, with a purge gap of at least {@code sequenceLength + horizon} candles between the last
 * training window and the first validation window; the z-score scaler is fitted on the rows of training windows
 * only. The rules, in one place: {@code dev.candlesignal.train.internal.TrainingData}.
 *
 * <p><b>Model and optimisation.</b> The network outputs logits, trained with the binary cross-entropy on logits
 * (DJL's {@code SigmoidBinaryCrossEntropyLoss()}; its {@code fromSigmoid} variant has a sign bug); the bundles apply
 * the sigmoid. Adam (β 0.9/0.999, ε 1e-8, no weight decay), mini-batches shuffled per epoch, PyTorch's
 * {@code ReduceLROnPlateau} on the validation loss (patience 10, factor 0.5 by default), early stopping on the
 * validation loss, and the best epoch's weights are the result. A batch of one window works.
 *
 * <p><b>Determinism.</b> Everything random is drawn from the seed (shuffling from a {@code java.util.Random}, the
 * initialisation and the dropout masks from generators of their own), never from libtorch's process-wide generator,
 * so the same job and configuration give bit-identical weights on the CPU, run after run, with the same thread count,
 * also while other trainings run in the process.
 *
 * <p><b>Threads.</b> A training runs on the calling thread, with {@link Builder#threads} libtorch intra-op threads
 * set on that thread for the call (and restored afterwards). libtorch's thread settings are process-wide in effect:
 * the intra-op count is an OpenMP setting of the OS thread, and the inter-op pool ({@link Builder#interOpThreads})
 * is shared by the whole process and can be sized once; the trainer asks for 1 when nothing was set.
 *
 * <p><b>Cancellation.</b> Interrupting the calling thread stops the training between two batches with
 * {@link Reason#CANCELLED}; nothing is written.
 *
 * <p>Immutable and thread-safe: concurrent calls train independently, each on its caller's thread.
 */
public final class LstmTrainer implements Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(LstmTrainer.class);
    /** The largest seed a manifest (a JSON number) records exactly. */
    static final long MAX_SEED = 1L << 53;

    private final FeatureSet featureSet;
    private final Architecture architecture;
    private final LabelSpec label;
    private final int sequenceLength;
    private final double validationFraction;
    private final OptionalInt purgeSetting;
    private final int purge;
    private final int epochs;
    private final int batchSize;
    private final double learningRate;
    private final int patience;
    private final int plateauPatience;
    private final double plateauFactor;
    private final long seed;
    private final TrainingDevice device;
    private final int threads;
    private final OptionalInt interOpThreads;
    private final TrainingListener listener;
    private final Clock clock;
    private final BundleWriter writer;

    private LstmTrainer(Builder b) {
        this.featureSet = b.featureSet;
        this.architecture = b.architecture;
        this.label = b.label;
        this.sequenceLength = b.sequenceLength;
        this.validationFraction = b.validationFraction;
        this.purgeSetting = b.purge;
        this.purge = b.purge.orElse(b.sequenceLength + b.label.horizon());
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.learningRate = b.learningRate;
        this.patience = b.patience;
        this.plateauPatience = b.plateauPatience;
        this.plateauFactor = b.plateauFactor;
        this.seed = b.seed;
        this.device = b.device;
        this.threads = b.threads;
        this.interOpThreads = b.interOpThreads;
        this.listener = b.listener;
        this.clock = b.clock;
        this.writer = b.writer;
    }

    /** A builder with the defaults: sequence length 60, next-candle-up label, 20 % validation, 100 epochs, ... */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder with this trainer's configuration, for a variant. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.featureSet = featureSet;
        b.architecture = architecture;
        b.label = label;
        b.sequenceLength = sequenceLength;
        b.validationFraction = validationFraction;
        b.purge = purgeSetting;
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.learningRate = learningRate;
        b.patience = patience;
        b.plateauPatience = plateauPatience;
        b.plateauFactor = plateauFactor;
        b.seed = seed;
        b.device = device;
        b.threads = threads;
        b.interOpThreads = interOpThreads;
        b.listener = listener;
        b.clock = clock;
        b.writer = writer;
        return b;
    }

    @Override
    public TrainingResult train(TrainingJob job, Path outDir) throws TrainingException {
        return trainAndKeep(job, outDir).result();
    }

    /** A written training and what it was trained on (for tests that compare the bundle with the training). */
    record Trained(Fitted fitted, TrainingResult result) {
    }

    /** {@link #train}, also returning the data and the loop's outcome. */
    Trained trainAndKeep(TrainingJob job, Path outDir) throws TrainingException {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(outDir, "outDir");
        long started = System.nanoTime();
        checkOutput(outDir);
        Fitted fitted = fit(job);
        ModelBundle bundle;
        try {
            bundle = writer.write(fitted.outcome().weights(), fitted.manifest(), outDir);
        } catch (BundleWriteException e) {
            throw new TrainingException(switch (e.reason()) {
                case TARGET_EXISTS, PARENT_MISSING -> Reason.INVALID_JOB;
                case IO_ERROR -> Reason.IO_ERROR;
                case BACKEND_ERROR, VERIFICATION_FAILED -> Reason.BACKEND_ERROR;
                case INTERRUPTED -> Reason.CANCELLED;
            }, e.getMessage(), e);
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("trained {} v{} in {} s: best epoch {} of {}, validation loss {}, accuracy {} (always up {})",
                job.modelId(), job.version(), wall.toMillis() / 1000.0, fitted.bestEpoch(),
                fitted.outcome().epochsRun(), fitted.metrics().get("val_loss"), fitted.metrics().get("val_accuracy"),
                fitted.metrics().get("baseline_always_up_accuracy"));
        return new Trained(fitted, new TrainingResult(bundle.directory(), bundle.manifest(),
                fitted.outcome().epochsRun(), fitted.bestEpoch(), fitted.metrics(), wall));
    }

    /** The output must be new, in an existing directory; checked before anything is computed. */
    static void checkOutput(Path outDir) throws TrainingException {
        if (Files.exists(outDir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new TrainingException(Reason.INVALID_JOB, "the output " + outDir + " exists; a bundle is written"
                    + " to a new directory, never over an existing one");
        }
        Path parent = outDir.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new TrainingException(Reason.INVALID_JOB, "the output's parent directory " + parent
                    + " does not exist");
        }
    }

    /**
     * A trained model before it is written: the data it was trained on, the loop's outcome (best weights and their
     * validation logits) and the manifest without its weights files.
     */
    record Fitted(TrainingData data, TrainingLoop.Outcome outcome, Map<String, Double> metrics,
            ModelManifest.Builder manifest, String engine) {
        int bestEpoch() {
            return outcome.bestEpoch();
        }
    }

    /** Prepares the data, checks the device and trains; everything that can be wrong with the input fails first. */
    Fitted fit(TrainingJob job) throws TrainingException {
        TrainingData data = TrainingData.prepare(job, new TrainingData.Spec(featureSet, sequenceLength, label,
                validationFraction, purge));
        Engine engine = Libtorch.engine();
        Device djlDevice = Libtorch.device(engine, device == TrainingDevice.GPU);
        Libtorch.applyInterOpThreads(interOpThreads);
        LOG.info("training {} v{} ({}, {}) on {} windows, validating on {} (purge {} candles, scaler on {} rows), "
                + "{} on {}", job.modelId(), job.version(), architecture.id(), featureSet.id(), data.trainCount(),
                data.validationCount(), purge, data.scalerRows(), Libtorch.describe(engine), djlDevice);
        TrainingLoop.Settings settings = new TrainingLoop.Settings(epochs, batchSize, learningRate, patience,
                plateauPatience, plateauFactor, seed);
        int previousThreads = Libtorch.useIntraOpThreads(threads);
        TrainingLoop.Outcome outcome;
        try {
            outcome = TrainingLoop.run(engine, djlDevice, data, architecture, settings, new ProgressAdapter(
                    listener, epochs, System.nanoTime()));
        } catch (EngineException e) {
            // libtorch's own failures (out of memory, a CUDA error) reach DJL as this unchecked exception
            throw new TrainingException(Reason.BACKEND_ERROR, "libtorch failed during the training ("
                    + Libtorch.describe(engine) + " on " + djlDevice + "): " + e.getMessage(), e);
        } finally {
            Libtorch.restoreIntraOpThreads(previousThreads);
        }
        Map<String, Double> metrics = metrics(data, outcome);
        ModelManifest.Builder manifest = ModelManifest.builder()
                .modelId(job.modelId())
                .version(job.version())
                .parentVersion(job.parentVersion())
                .createdAt(clock.instant())
                .featureSet(featureSet.id(), featureSet.columns())
                .sequenceLength(sequenceLength)
                .scaler(data.scaler())
                .label(label)
                .training(new TrainingInfo(data.symbols(), data.interval(), data.from(), data.to()));
        metrics.forEach(manifest::metric);
        return new Fitted(data, outcome, metrics, manifest, Libtorch.describe(engine));
    }

    /** The manifest's metrics: the validation metrics and baselines, the epochs, and how the data was split. */
    private Map<String, Double> metrics(TrainingData data, TrainingLoop.Outcome outcome) {
        int[] previous = new int[data.validationCount()];
        for (int i = 0; i < previous.length; i++) {
            previous[i] = data.validationPrevious(i);
        }
        Map<String, Double> m = new LinkedHashMap<>(ValidationMetrics.compute(outcome.validationLogits(),
                data.validationLabels(), previous));
        m.put("best_epoch", (double) outcome.bestEpoch());
        m.put("epochs_run", (double) outcome.epochsRun());
        m.put("train_samples", (double) data.trainCount());
        m.put("val_samples", (double) data.validationCount());
        m.put("seed", (double) seed);
        m.put("split_validation_fraction", validationFraction);
        m.put("split_purge", (double) purge);
        m.put("split_last_train_end_ms", (double) data.trainEndTime(data.trainCount() - 1).toEpochMilli());
        m.put("split_first_validation_end_ms", (double) data.validationEndTime(0).toEpochMilli());
        m.put("batch_size", (double) batchSize);
        m.put("learning_rate", learningRate);
        m.put("max_epochs", (double) epochs);
        m.put("patience", (double) patience);
        return m;
    }

    public FeatureSet featureSet() {
        return featureSet;
    }

    public Architecture architecture() {
        return architecture;
    }

    public int epochs() {
        return epochs;
    }

    public long seed() {
        return seed;
    }

    public TrainingDevice device() {
        return device;
    }

    public int threads() {
        return threads;
    }

    @Override
    public String toString() {
        return "LstmTrainer[" + architecture.id() + ", " + featureSet.id() + ", sequence " + sequenceLength + ", "
                + label + ", validation " + validationFraction + ", purge " + purge + ", epochs " + epochs
                + ", batch " + batchSize + ", adam " + learningRate + ", patience " + patience + ", plateau "
                + plateauPatience + "/" + plateauFactor + ", seed " + seed + ", " + device.id() + ", threads "
                + threads + "]";
    }

    /** Times the loop's reports and hands them to the listener; a listener's exception is logged once. */
    private static final class ProgressAdapter implements TrainingLoop.Progress {
        private final TrainingListener listener;
        private final int maxEpochs;
        private final long started;
        private double validationLoss = Double.NaN;
        private double learningRate = Double.NaN;
        private int bestEpoch;
        private boolean warned;

        ProgressAdapter(TrainingListener listener, int maxEpochs, long started) {
            this.listener = listener;
            this.maxEpochs = maxEpochs;
            this.started = started;
        }

        @Override
        public void batch(int epoch, int batch, int batches, double trainLoss) {
            TrainingProgress p = progress(epoch, batch, batches, trainLoss);
            try {
                listener.onBatch(p);
            } catch (RuntimeException e) {
                warn(e);
            }
        }

        @Override
        public void epoch(int epoch, double trainLoss, double validationLoss, double learningRate, boolean improved,
                int bestEpoch) {
            this.validationLoss = validationLoss;
            this.learningRate = learningRate;
            this.bestEpoch = bestEpoch;
            LOG.debug("epoch {}: train loss {}, validation loss {}{}, learning rate {}", epoch, trainLoss,
                    validationLoss, improved ? " (best)" : "", learningRate);
            TrainingProgress p = progress(epoch, 1, 1, trainLoss);
            try {
                listener.onEpoch(p, improved);
            } catch (RuntimeException e) {
                warn(e);
            }
        }

        private TrainingProgress progress(int epoch, int batch, int batches, double trainLoss) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            double done = (epoch - 1) + batch / (double) batches;
            Duration remaining = Duration.ofNanos((long) (elapsed.toNanos() * ((maxEpochs - done) / done)));
            return new TrainingProgress(epoch, maxEpochs, batch, batches, trainLoss, validationLoss, bestEpoch,
                    learningRate, elapsed, remaining);
        }

        private void warn(RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.warn("training listener threw; ignored (logged once)", e);
            }
        }
    }

    /**
     * Configures an {@link LstmTrainer}. Required: {@link #featureSet} and {@link #architecture}. Every setter checks
     * its argument and names a bad value; {@link #build()} checks the rules between them.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private FeatureSet featureSet;
        private Architecture architecture;
        private LabelSpec label = LabelSpec.nextCandleUp();
        private int sequenceLength = 60;
        private double validationFraction = 0.2;
        private OptionalInt purge = OptionalInt.empty();
        private int epochs = 100;
        private int batchSize = 32;
        private double learningRate = 1e-3;
        private int patience = 10;
        private int plateauPatience = 10;
        private double plateauFactor = 0.5;
        private long seed = 42;
        private TrainingDevice device = TrainingDevice.CPU;
        private int threads = 1;
        private OptionalInt interOpThreads = OptionalInt.empty();
        private TrainingListener listener = TrainingListener.none();
        private Clock clock = Clock.systemUTC();
        private BundleWriter writer = BundleWriter.create();

        private Builder() {
        }

        /** The features the model reads; its width is the network's input width (any set trains the same way). */
        public Builder featureSet(FeatureSet featureSet) {
            this.featureSet = Objects.requireNonNull(featureSet, "featureSet");
            return this;
        }

        /** lstm14 or lstm28 ({@link Architecture}); the input width follows the feature set. */
        public Builder architecture(Architecture architecture) {
            this.architecture = Objects.requireNonNull(architecture, "architecture");
            return this;
        }

        /** What the model predicts (horizon, threshold); default: the next candle closes higher. */
        public Builder label(LabelSpec label) {
            this.label = Objects.requireNonNull(label, "label");
            return this;
        }

        /** Candles per window; default 60. */
        public Builder sequenceLength(int sequenceLength) {
            if (sequenceLength < 1 || sequenceLength > 10_000) {
                throw new IllegalArgumentException("sequenceLength must be in [1, 10000] but was " + sequenceLength);
            }
            this.sequenceLength = sequenceLength;
            return this;
        }

        /** Share of the windows, the latest, used for validation; in (0, 1), default 0.2. */
        public Builder validationFraction(double validationFraction) {
            if (!(validationFraction > 0 && validationFraction < 1)) {
                throw new IllegalArgumentException("validationFraction must be in (0, 1) but was "
                        + validationFraction);
            }
            this.validationFraction = validationFraction;
            return this;
        }

        /**
         * Candles between the last training window's end and the first validation window's end; at least (and by
         * default) {@code sequenceLength + horizon}, so that no validation window shares a candle or a label candle
         * with a training window.
         */
        public Builder purge(int candles) {
            if (candles < 1) {
                throw new IllegalArgumentException("purge must be >= 1 candle but was " + candles);
            }
            this.purge = OptionalInt.of(candles);
            return this;
        }

        /** The epoch limit; default 100. */
        public Builder epochs(int epochs) {
            if (epochs < 1 || epochs > 100_000) {
                throw new IllegalArgumentException("epochs must be in [1, 100000] but was " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /** Windows per mini-batch; default 32. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > 65_536) {
                throw new IllegalArgumentException("batchSize must be in [1, 65536] but was " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * The optimiser: Adam (β1 0.9, β2 0.999, ε 1e-8, no weight decay, as the seed's {@code torch.optim.Adam}),
         * with this initial learning rate; default 1e-3.
         */
        public Builder adam(double learningRate) {
            if (!(learningRate > 0) || !Double.isFinite(learningRate) || learningRate > 10) {
                throw new IllegalArgumentException("learning rate must be in (0, 10] but was " + learningRate);
            }
            this.learningRate = learningRate;
            return this;
        }

        /** Early stopping: epochs without a lower validation loss before training stops; default 10. */
        public Builder patience(int patience) {
            if (patience < 1) {
                throw new IllegalArgumentException("patience must be >= 1 epoch but was " + patience);
            }
            this.patience = patience;
            return this;
        }

        /**
         * ReduceLROnPlateau: the learning rate is multiplied by {@code factor} after more than {@code patience}
         * epochs without a validation loss 1e-4 (relative) below the best; default patience 10, factor 0.5 (the
         * seed's).
         */
        public Builder plateau(int patience, double factor) {
            if (patience < 0) {
                throw new IllegalArgumentException("plateau patience must be >= 0 but was " + patience);
            }
            if (!(factor > 0 && factor < 1)) {
                throw new IllegalArgumentException("plateau factor must be in (0, 1) but was " + factor);
            }
            this.plateauPatience = patience;
            this.plateauFactor = factor;
            return this;
        }

        /** The seed of everything random (initialisation, shuffling, dropout); |seed| &lt;= 2^53; default 42. */
        public Builder seed(long seed) {
            if (Math.abs(seed) > MAX_SEED) {
                throw new IllegalArgumentException("seed must be within ±2^53 (the manifest records it as a JSON"
                        + " number) but was " + seed);
            }
            this.seed = seed;
            return this;
        }

        /** CPU (default) or GPU. */
        public Builder device(TrainingDevice device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /** libtorch intra-op threads on the training's thread; default 1. */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("threads must be in [1, 256] but was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * libtorch's inter-op pool size. Process-wide and fixed once per process: a training fails with
         * {@link Reason#BACKEND_ERROR} if the process already fixed another size. Unset (default): 1 if nothing
         * fixed it yet.
         */
        public Builder interOpThreads(int threads) {
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("interOpThreads must be in [1, 256] but was " + threads);
            }
            this.interOpThreads = OptionalInt.of(threads);
            return this;
        }

        /**
         * Receives progress on the training's thread; default none. Concurrent trainings of one trainer call the
         * same listener from their own threads.
         */
        public Builder listener(TrainingListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The clock for the manifest's {@code createdAt}; default the system's UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Writes and verifies the bundle; default {@link BundleWriter#create()}, which verifies it on every backend
         * on the class path (DJL always, ONNX Runtime with signal-onnx).
         */
        public Builder bundleWriter(BundleWriter writer) {
            this.writer = Objects.requireNonNull(writer, "writer");
            return this;
        }

        /** @throws IllegalArgumentException naming a missing setting or a purge below sequence length + horizon */
        public LstmTrainer build() {
            if (featureSet == null) {
                throw new IllegalArgumentException("featureSet is required");
            }
            if (architecture == null) {
                throw new IllegalArgumentException("architecture is required (lstm14 or lstm28)");
            }
            int minimum = sequenceLength + label.horizon();
            if (purge.isPresent() && purge.getAsInt() < minimum) {
                throw new IllegalArgumentException("purge " + purge.getAsInt() + " is below sequence length + horizon"
                        + " = " + minimum + ": validation windows would share candles or label candles with"
                        + " training windows");
            }
            return new LstmTrainer(this);
        }
    }
}
