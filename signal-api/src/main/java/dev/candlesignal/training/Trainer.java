package dev.candlesignal.training;

import java.nio.file.Path;

/**
 * Trains one model from candles and writes it as a complete, verified model bundle. An instance carries its whole
 * configuration (feature set, architecture, label, split, epochs, seed, device, threads, progress listener); each
 * call trains from scratch, so the same job and configuration give the same weights on CPU, run after run.
 *
 * <p>The bundle is written atomically: into a temporary directory beside {@code outDir}, verified by loading it,
 * then renamed to {@code outDir}. A failed, interrupted or cancelled training leaves nothing at {@code outDir}.
 *
 * <p>Thread safety: implementations are thread-safe; concurrent calls train independently (each uses the threads
 * the configuration allows). A call blocks until the bundle is written; interrupting the calling thread cancels it
 * between two batches with a {@link TrainingException} of reason {@link TrainingException.Reason#CANCELLED}.
 */
public interface Trainer {

    /**
     * Trains on {@code job}'s candles and writes the bundle to {@code outDir}, which must not exist yet (its parent
     * must).
     *
     * @throws TrainingException if the job cannot train (too few candles, a feature set the architecture does not
     *     fit, non-finite features, an unavailable device), the backend fails, the bundle cannot be written, or the
     *     call is interrupted; every input problem is reported before the first epoch runs
     */
    TrainingResult train(TrainingJob job, Path outDir) throws TrainingException;
}
