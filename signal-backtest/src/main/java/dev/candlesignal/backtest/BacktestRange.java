package dev.candlesignal.backtest;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The candles a backtest trades: those whose open time lies in {@code [from, to)}. Either bound may be open
 * (the data's first or last candle). Candles before {@code from} still feed the features (warm-up), but nothing is
 * entered on them; positions still open at the last candle of the range are closed at its close.
 *
 * <p>Immutable.
 *
 * @param from first open time traded, inclusive; empty for the start of the data
 * @param to end of the range, exclusive; empty for the end of the data
 */
public record BacktestRange(Optional<Instant> from, Optional<Instant> to) {
    public BacktestRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isPresent() && to.isPresent() && !to.get().isAfter(from.get())) {
            throw new BacktestException(BacktestException.Reason.BAD_RANGE,
                    "the range [" + from.get() + ", " + to.get() + ") is empty: --to must be after --from");
        }
    }

    /** All the data. */
    public static BacktestRange all() {
        return new BacktestRange(Optional.empty(), Optional.empty());
    }

    /** {@code [from, to)}. */
    public static BacktestRange of(Instant from, Instant to) {
        return new BacktestRange(Optional.of(from), Optional.of(to));
    }

    /** Whether a candle opened at {@code openTime} is traded. */
    public boolean contains(Instant openTime) {
        return (from.isEmpty() || !openTime.isBefore(from.get())) && (to.isEmpty() || openTime.isBefore(to.get()));
    }

    @Override
    public String toString() {
        return "[" + from.map(Instant::toString).orElse("start") + ", " + to.map(Instant::toString).orElse("end") + ")";
    }
}
