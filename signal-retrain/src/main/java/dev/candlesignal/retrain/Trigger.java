package dev.candlesignal.retrain;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Why a {@link RetrainPolicy} wants a stream's model retrained: a short name that goes into the decision's
 * {@code trigger} column, and a sentence with the numbers.
 *
 * <p>Immutable.
 *
 * @param name a lower-case token, such as {@link #WIN_RATE}
 * @param reason one line that names the numbers, e.g. {@code win rate 0.40 over the last 50 outcomes is below 0.45}
 */
public record Trigger(String name, String reason) {
    /** The win rate over the last N outcomes fell below the threshold. */
    public static final String WIN_RATE = "win_rate";
    /** Enough outcomes for a first retraining with real data. */
    public static final String FIRST_RETRAIN = "first_retrain";
    /** The period since the last retraining has passed and enough new outcomes exist. */
    public static final String PERIODIC = "periodic";
    /** The stream's windows stayed outside the model's training domain for too many candles. */
    public static final String OUT_OF_DOMAIN = "out_of_domain";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");

    public Trigger {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reason, "reason");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("trigger name must be a lower-case token (letters, digits, _) but was '"
                    + name + "'");
        }
        if (reason.isBlank() || reason.indexOf('\n') >= 0 || reason.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("trigger reason must be one non-blank line but was '" + reason + "'");
        }
    }
}
