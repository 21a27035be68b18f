package dev.candlesignal.training;

import dev.candlesignal.StreamKey;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One decision of a retraining loop: what triggered it, which version served (the champion), which version was
 * trained (the challenger), how both scored on the same held-out window, and whether the challenger was promoted,
 * rejected or could not be trained or evaluated, with the reason. The model store and the signal journal both keep
 * every decision; {@code candlesignal replay --auto-retrain --decisions FILE} writes them as CSV.
 *
 * <p>Immutable.
 *
 * @param time when the decision was made, on the loop's clock (candle time in a simulation)
 * @param stream the stream whose statistics triggered the retraining
 * @param modelId the model's id
 * @param trigger what triggered it: a lower-case token such as {@code win_rate}, {@code first_retrain},
 *     {@code periodic}, {@code out_of_domain}
 * @param championVersion the version serving when the retraining started
 * @param challengerVersion the version trained, once one was assigned (empty when the retraining failed before)
 * @param verdict promoted, rejected or failed
 * @param scores both models' scores on the held-out window, when the evaluation ran
 * @param reason why, on one line (for a failure: the problem, naming the bad value)
 */
public record RetrainDecision(Instant time, StreamKey stream, String modelId, String trigger, String championVersion,
        Optional<String> challengerVersion, Verdict verdict, Optional<HeldOutScores> scores, String reason) {

    private static final Pattern TRIGGER = Pattern.compile("[a-z][a-z0-9_]{0,39}");

    /** What became of the challenger. */
    public enum Verdict {
        /** It beat the champion and the baselines and serves now. */
        PROMOTED,
        /** It was trained and evaluated but did not beat the champion or a baseline; the champion keeps serving. */
        REJECTED,
        /** Training or evaluation failed; the champion keeps serving. */
        FAILED
    }

    public RetrainDecision {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(championVersion, "championVersion");
        Objects.requireNonNull(challengerVersion, "challengerVersion");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(reason, "reason");
        if (modelId.isBlank() || championVersion.isBlank()) {
            throw new IllegalArgumentException("modelId and championVersion must not be blank but were '" + modelId
                    + "' and '" + championVersion + "'");
        }
        if (challengerVersion.isPresent() && challengerVersion.get().isBlank()) {
            throw new IllegalArgumentException("challengerVersion must not be blank");
        }
        if (!TRIGGER.matcher(trigger).matches()) {
            throw new IllegalArgumentException("trigger must be a lower-case token (letters, digits, _) but was '"
                    + trigger + "'");
        }
        if (reason.isBlank() || reason.indexOf('\n') >= 0 || reason.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("reason must be one non-blank line but was '" + reason + "'");
        }
        if (verdict != Verdict.FAILED && (scores.isEmpty() || challengerVersion.isEmpty())) {
            throw new IllegalArgumentException("a " + verdict + " decision needs the challenger's version and scores");
        }
    }

    /**
     * The verdict and the reason on one line, for logs and progress output: {@code promoted: ...},
     * {@code rejected: ...}, {@code failed: ...}; a reason that already starts with its verdict is not prefixed again.
     */
    public String outcome() {
        String prefix = verdict.name().toLowerCase(java.util.Locale.ROOT) + ": ";
        return reason.startsWith(prefix) ? reason : prefix + reason;
    }

    /** Whether the challenger now serves. */
    public boolean promoted() {
        return verdict == Verdict.PROMOTED;
    }
}
