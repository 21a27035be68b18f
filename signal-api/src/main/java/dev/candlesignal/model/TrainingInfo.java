package dev.candlesignal.model;

import dev.candlesignal.Interval;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Which data a model was trained on: symbols, interval and the open-time range {@code [from, to)} of the
 * training candles (validation candles included). A backtest must not overlap this range.
 *
 * <p>Immutable.
 */
public record TrainingInfo(List<String> symbols, Interval interval, Instant from, Instant to) {
    public TrainingInfo {
        symbols = List.copyOf(symbols);
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("training info needs at least one symbol");
        }
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("training range [" + from + ", " + to + ") is empty");
        }
    }

    /** Whether {@code [start, end)} overlaps the training range. */
    public boolean overlaps(Instant start, Instant end) {
        return start.isBefore(to) && end.isAfter(from);
    }
}
