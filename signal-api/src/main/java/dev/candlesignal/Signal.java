package dev.candlesignal;

import java.time.Instant;
import java.util.Objects;

/**
 * The engine's verdict on one closed candle of one stream.
 *
 * <p>Immutable.
 *
 * @param symbol the stream's symbol
 * @param interval the stream's interval
 * @param candleTime open time of the candle the signal was computed on (its close is {@code entryPrice})
 * @param action BUY, SELL or HOLD
 * @param strength STRONG or MEDIUM for directional signals, NONE for HOLD (custom policies may use WEAK)
 * @param probability the model's P(up) for the next candle, in [0, 1]
 * @param confidence the policy's confidence, in [0, 1]; the default policy uses {@code max(p, 1 - p)}
 * @param entryPrice the price the levels are based on: the signal candle's close
 * @param stopLoss stop-loss level (equal to the entry for HOLD)
 * @param takeProfit take-profit level (equal to the entry for HOLD)
 * @param modelId id of the model that produced the probability (its manifest's {@code modelId})
 * @param modelVersion version of that model (its manifest's {@code version}); with the id it names the model
 */
public record Signal(
        String symbol,
        Interval interval,
        Instant candleTime,
        Action action,
        Strength strength,
        double probability,
        double confidence,
        double entryPrice,
        double stopLoss,
        double takeProfit,
        String modelId,
        String modelVersion) {

    public Signal {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(candleTime, "candleTime");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(strength, "strength");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(modelVersion, "modelVersion");
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1] but was " + probability);
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1] but was " + confidence);
        }
        requireFinite("entryPrice", entryPrice);
        requireFinite("stopLoss", stopLoss);
        requireFinite("takeProfit", takeProfit);
        if (action == Action.HOLD && strength != Strength.NONE) {
            throw new IllegalArgumentException("a HOLD signal has strength NONE, not " + strength);
        }
        if (action != Action.HOLD && strength == Strength.NONE) {
            throw new IllegalArgumentException("a " + action + " signal needs a strength other than NONE");
        }
    }

    private static void requireFinite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite but was " + value);
        }
    }

    /** The stream this signal belongs to. */
    public StreamKey stream() {
        return new StreamKey(symbol, interval);
    }

    /** Whether this is a BUY or SELL. */
    public boolean isDirectional() {
        return action != Action.HOLD;
    }
}
