package dev.candlesignal.retrain;

import java.util.Optional;

/**
 * Decides when a stream's model should be retrained. The loop asks it on every candle the engine evaluated (so keep
 * it cheap: it runs on the engine's thread) and starts a retraining when it answers with a {@link Trigger}; while
 * that retraining is queued or running the policy is not asked for that model.
 *
 * <p>{@link #defaults()} is the reference bot's rule with its defaults and its bug fixed
 * ({@link SeedRetrainPolicy}); implement this interface for your own.
 *
 * <p>Implementations must be thread-safe (streams are checked from several engine threads) and should be stateless:
 * what they need is in the {@link PolicyInput}.
 */
@FunctionalInterface
public interface RetrainPolicy {

    /** Whether to retrain now, and why. */
    Optional<Trigger> check(PolicyInput input);

    /**
     * N of "the last N outcomes": the window of {@link PolicyInput#statistics()}'s {@code recentOutcomes}. Default
     * 50.
     */
    default int outcomeWindow() {
        return SeedRetrainPolicy.DEFAULT_WIN_RATE_WINDOW;
    }

    /** The reference bot's rule with its defaults ({@link SeedRetrainPolicy#defaults()}). */
    static RetrainPolicy defaults() {
        return SeedRetrainPolicy.defaults();
    }
}
