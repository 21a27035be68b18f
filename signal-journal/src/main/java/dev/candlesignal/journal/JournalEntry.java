package dev.candlesignal.journal;

import dev.candlesignal.Action;
import dev.candlesignal.StreamKey;
import dev.candlesignal.Strength;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One journaled BUY or SELL: what the engine emitted, with everything needed to resolve and explain it later.
 * Its identity is {@link #key()}: stream, signal candle open time, model id and version.
 *
 * <p>Validated: BUY or SELL only, levels ordered (see {@link TradeLevels}), probability and confidence in [0, 1],
 * times in whole milliseconds (what the journal stores), ids non-blank.
 *
 * <p>Immutable.
 *
 * @param stream symbol and interval
 * @param openTime open time of the signal candle
 * @param closeTime close time of the signal candle
 * @param action BUY or SELL
 * @param strength the policy's strength (not NONE)
 * @param probability the model's P(up)
 * @param confidence the policy's confidence
 * @param entryPrice the signal candle's close
 * @param stopLoss stop level
 * @param takeProfit target level
 * @param atr the ATR the levels were computed from, when the policy's parameters let us know it
 * @param modelId id of the model
 * @param modelVersion version of the model
 * @param featureSetId id of the feature set the model ran on
 * @param policy the policy and its parameters in force (for example
 *     {@code ThresholdPolicy[minConfidence=0.55, ...], cooldown 60 min})
 */
public record JournalEntry(
        StreamKey stream,
        Instant openTime,
        Instant closeTime,
        Action action,
        Strength strength,
        double probability,
        double confidence,
        double entryPrice,
        double stopLoss,
        double takeProfit,
        OptionalDouble atr,
        String modelId,
        String modelVersion,
        String featureSetId,
        String policy) {

    /**
     * The order of journal listings: signal candle open time, then symbol, interval (shortest first), model id and
     * version.
     */
    public static final java.util.Comparator<JournalEntry> ORDER = java.util.Comparator
            .comparing(JournalEntry::openTime)
            .thenComparing(e -> e.stream().symbol())
            .thenComparing(e -> e.stream().interval())
            .thenComparing(JournalEntry::modelId)
            .thenComparing(JournalEntry::modelVersion);

    public JournalEntry {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(openTime, "openTime");
        Objects.requireNonNull(closeTime, "closeTime");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(strength, "strength");
        Objects.requireNonNull(atr, "atr");
        requireText("modelId", modelId);
        requireText("modelVersion", modelVersion);
        requireText("featureSetId", featureSetId);
        Objects.requireNonNull(policy, "policy");
        requireMillis("openTime", openTime);
        requireMillis("closeTime", closeTime);
        if (closeTime.isBefore(openTime)) {
            throw new IllegalArgumentException("closeTime " + closeTime + " is before openTime " + openTime);
        }
        if (strength == Strength.NONE) {
            throw new IllegalArgumentException("a journaled " + action + " needs a strength other than NONE");
        }
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1] but was " + probability);
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1] but was " + confidence);
        }
        if (atr.isPresent() && !(atr.getAsDouble() >= 0 && Double.isFinite(atr.getAsDouble()))) {
            throw new IllegalArgumentException("atr must be finite and >= 0 but was " + atr.getAsDouble());
        }
        // checks action, price finiteness and the order of the levels
        new TradeLevels(stream.interval(), openTime, action, entryPrice, stopLoss, takeProfit);
    }

    /** The natural key: stream, signal candle open time, model id and version. */
    public EntryKey key() {
        return new EntryKey(stream, openTime, modelId, modelVersion);
    }

    /** What the outcome rule needs. */
    public TradeLevels levels() {
        return new TradeLevels(stream.interval(), openTime, action, entryPrice, stopLoss, takeProfit);
    }

    static void requireText(String name, String value) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    /** The journal stores epoch milliseconds; a finer time would not survive a round trip, so it is refused. */
    static void requireMillis(String name, Instant time) {
        if (time.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException(name + " must be whole milliseconds but was " + time);
        }
    }
}
