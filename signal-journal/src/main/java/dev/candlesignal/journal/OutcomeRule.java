package dev.candlesignal.journal;

import dev.candlesignal.Action;
import dev.candlesignal.Candle;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome rule: how a BUY or SELL turns out, decided from the closed candles that follow the signal candle.
 * This is the one implementation of the rule; the journal and the backtester both use it.
 *
 * <p>The rule, for a signal whose candle opened at {@code t0}, with entry price {@code entry} (that candle's close),
 * stop and target:
 * <ol>
 *   <li>Only the candles after the signal candle count, in open-time order: never the signal candle itself or
 *       anything before it (its range happened before the signal existed).</li>
 *   <li>The hold starts when the signal candle ends ({@code interval.next(t0)}) and lasts {@link #maxHold()}
 *       (default 168 h) of candle time, counted in time: a candle is inside the hold when it ends
 *       ({@code interval.next(openTime)}) no later than {@code holdEnd = interval.next(t0) + maxHold}. Missing
 *       candles (an exchange outage) do not stretch the hold.</li>
 *   <li>For a BUY, the first candle inside the hold whose {@code low <= stop} gives {@link Outcome#LOSS} at the stop
 *       price; otherwise the first whose {@code high >= target} gives {@link Outcome#WIN} at the target price. A
 *       candle that touches both gives LOSS (the conservative order: within one candle we cannot know which came
 *       first). A SELL mirrors this: {@code high >= stop} gives LOSS, {@code low <= target} gives WIN.</li>
 *   <li>A signal that touched neither level once the hold has passed resolves as {@link Outcome#TIMEOUT} at the close
 *       of the last candle inside the hold: it resolves on the candle that ends exactly at {@code holdEnd}, or, when
 *       a gap skips that moment, on the first candle that ends after it (which is outside the hold and is not
 *       checked for stop or target). If no candle at all lies inside the hold, the last candle inside it is the
 *       signal candle, and the exit is its close (the entry).</li>
 *   <li>{@code exitTime} is the open time of the candle in which the exit happened.</li>
 *   <li>{@code pnlPct = 100 x (gross - 2 x commission - 2 x slippage)}, with {@code gross = (exit - entry) / entry}
 *       for a BUY and {@code (entry - exit) / entry} for a SELL: one commission and one slippage on the way in, one
 *       on the way out. Defaults: commission 0.1 % and slippage 0.05 % per side (the reference bot's backtest
 *       values).</li>
 *   <li>A signal still open after the last candle is {@link Outcome#PENDING}: it resolves later, when more candles
 *       come.</li>
 * </ol>
 *
 * <p>Cost: {@link #step} looks at one candle for one signal, so resolving a stream costs O(open signals) per candle.
 *
 * <p>Immutable and thread-safe.
 */
public final class OutcomeRule {
    /** Default maximum hold: 168 hours (a week) of candle time. */
    public static final Duration DEFAULT_MAX_HOLD = Duration.ofHours(168);
    /** Default commission per side: 0.1 %. */
    public static final double DEFAULT_COMMISSION = 0.001;
    /** Default slippage per side: 0.05 %. */
    public static final double DEFAULT_SLIPPAGE = 0.0005;

    private static final OutcomeRule DEFAULTS = new OutcomeRule(DEFAULT_MAX_HOLD, DEFAULT_COMMISSION, DEFAULT_SLIPPAGE);

    private final Duration maxHold;
    private final double commission;
    private final double slippage;

    private OutcomeRule(Duration maxHold, double commission, double slippage) {
        this.maxHold = maxHold;
        this.commission = commission;
        this.slippage = slippage;
    }

    /** The rule with the defaults: 168 h, commission 0.1 %, slippage 0.05 %. */
    public static OutcomeRule defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this rule. */
    public Builder toBuilder() {
        return new Builder().maxHold(maxHold).commission(commission).slippage(slippage);
    }

    /** How long a signal may stay open, in candle time. */
    public Duration maxHold() {
        return maxHold;
    }

    /** Commission per side, as a fraction (0.001 = 0.1 %). */
    public double commission() {
        return commission;
    }

    /** Slippage per side, as a fraction (0.0005 = 0.05 %). */
    public double slippage() {
        return slippage;
    }

    /** When the hold ends: the end of the signal candle plus {@link #maxHold()}. */
    public Instant holdEnd(TradeLevels trade) {
        return trade.interval().next(trade.openTime()).plus(maxHold);
    }

    /**
     * Applies one closed candle to a signal that is still open.
     *
     * @param trade the signal
     * @param lastOpenTime open time of the last candle applied to this signal before {@code candle}, or of the signal
     *     candle if none was
     * @param lastClose close of that candle (the entry price when it is the signal candle)
     * @param candle the next closed candle of the signal's stream; it must open after {@code lastOpenTime}
     * @return the resolution, or empty if the signal is still open after this candle
     * @throws IllegalArgumentException if {@code candle} does not open after {@code lastOpenTime}, or
     *     {@code lastOpenTime} is before the signal candle
     */
    public Optional<Resolution> step(TradeLevels trade, Instant lastOpenTime, double lastClose, Candle candle) {
        Objects.requireNonNull(trade, "trade");
        Objects.requireNonNull(lastOpenTime, "lastOpenTime");
        Objects.requireNonNull(candle, "candle");
        if (lastOpenTime.isBefore(trade.openTime())) {
            throw new IllegalArgumentException("lastOpenTime " + lastOpenTime + " is before the signal candle "
                    + trade.openTime());
        }
        if (!candle.openTime().isAfter(lastOpenTime)) {
            throw new IllegalArgumentException("the candle opened at " + candle.openTime()
                    + " does not follow the last candle applied (opened at " + lastOpenTime
                    + "): only candles after the signal candle count, in order");
        }
        Instant holdEnd = holdEnd(trade);
        Instant candleEnd = trade.interval().next(candle.openTime());
        if (candleEnd.isAfter(holdEnd)) {
            // the hold passed in a gap: the last candle inside it is the last one applied
            return Optional.of(exit(trade, Outcome.TIMEOUT, lastOpenTime, lastClose));
        }
        boolean buy = trade.action() == Action.BUY;
        boolean stopTouched = buy ? candle.low() <= trade.stop() : candle.high() >= trade.stop();
        if (stopTouched) {
            return Optional.of(exit(trade, Outcome.LOSS, candle.openTime(), trade.stop()));
        }
        boolean targetTouched = buy ? candle.high() >= trade.target() : candle.low() <= trade.target();
        if (targetTouched) {
            return Optional.of(exit(trade, Outcome.WIN, candle.openTime(), trade.target()));
        }
        if (!candleEnd.isBefore(holdEnd)) {
            return Optional.of(exit(trade, Outcome.TIMEOUT, candle.openTime(), candle.close()));
        }
        return Optional.empty();
    }

    /**
     * Resolves a signal over the candles that follow its candle (the convenience form of {@link #step}, for a
     * backtest): candles that do not open after the signal candle are skipped.
     *
     * @param candles the stream's candles in open-time order (may include the signal candle and earlier ones)
     * @return the resolution, or empty (PENDING) if the candles end before the signal is decided
     */
    public Optional<Resolution> resolve(TradeLevels trade, List<Candle> candles) {
        Objects.requireNonNull(trade, "trade");
        Objects.requireNonNull(candles, "candles");
        Instant lastOpen = trade.openTime();
        double lastClose = trade.entry();
        for (Candle c : candles) {
            if (!c.openTime().isAfter(lastOpen)) {
                continue;
            }
            Optional<Resolution> r = step(trade, lastOpen, lastClose, c);
            if (r.isPresent()) {
                return r;
            }
            lastOpen = c.openTime();
            lastClose = c.close();
        }
        return Optional.empty();
    }

    /**
     * The percentage result of a trade after costs: {@code 100 x (gross - 2 x commission - 2 x slippage)}, with
     * {@code gross = (exit - entry) / entry} for a BUY and {@code (entry - exit) / entry} for a SELL.
     */
    public double pnlPct(Action action, double entry, double exit) {
        if (action == Action.HOLD) {
            throw new IllegalArgumentException("a HOLD has no trade");
        }
        double gross = action == Action.BUY ? (exit - entry) / entry : (entry - exit) / entry;
        return 100 * (gross - 2 * commission - 2 * slippage);
    }

    private Resolution exit(TradeLevels trade, Outcome outcome, Instant time, double price) {
        return new Resolution(outcome, time, price, pnlPct(trade.action(), trade.entry(), price));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutcomeRule r && maxHold.equals(r.maxHold)
                && Double.compare(commission, r.commission) == 0 && Double.compare(slippage, r.slippage) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxHold, commission, slippage);
    }

    /** For example {@code max hold 168h, commission 0.1%, slippage 0.05%}. */
    @Override
    public String toString() {
        return "max hold " + formatHold(maxHold) + ", commission " + percent(commission) + ", slippage "
                + percent(slippage);
    }

    /** {@code 168h}, {@code 90m}, {@code 30s} or {@code 1500ms}: the largest unit that divides it. */
    static String formatHold(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    private static String percent(double fraction) {
        return java.math.BigDecimal.valueOf(fraction * 100).stripTrailingZeros().toPlainString() + "%";
    }

    /**
     * Builds an {@link OutcomeRule}; each setter names a bad value.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private Duration maxHold = DEFAULT_MAX_HOLD;
        private double commission = DEFAULT_COMMISSION;
        private double slippage = DEFAULT_SLIPPAGE;

        private Builder() {
        }

        /** Maximum hold in candle time, > 0 and at most 100 years; whole milliseconds. Default 168 h. */
        public Builder maxHold(Duration maxHold) {
            Objects.requireNonNull(maxHold, "maxHold");
            if (maxHold.isNegative() || maxHold.isZero() || maxHold.compareTo(Duration.ofDays(36_525)) > 0) {
                throw new IllegalArgumentException("maxHold must be > 0 and at most 100 years but was " + maxHold);
            }
            if (maxHold.getNano() % 1_000_000 != 0) {
                throw new IllegalArgumentException("maxHold must be whole milliseconds but was " + maxHold);
            }
            this.maxHold = maxHold;
            return this;
        }

        /** Commission per side as a fraction in [0, 0.1) (0.001 = 0.1 %). Default 0.001. */
        public Builder commission(double commission) {
            this.commission = checkCost("commission", commission);
            return this;
        }

        /** Slippage per side as a fraction in [0, 0.1) (0.0005 = 0.05 %). Default 0.0005. */
        public Builder slippage(double slippage) {
            this.slippage = checkCost("slippage", slippage);
            return this;
        }

        public OutcomeRule build() {
            return new OutcomeRule(maxHold, commission, slippage);
        }

        private static double checkCost(String name, double value) {
            if (!(value >= 0 && value < 0.1)) {
                throw new IllegalArgumentException(name + " must be a fraction in [0, 0.1) (0.001 = 0.1%) but was "
                        + value);
            }
            return value;
        }
    }
}
