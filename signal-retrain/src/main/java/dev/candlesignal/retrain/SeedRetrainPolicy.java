package dev.candlesignal.retrain;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The reference bot's retraining rule ({@code MultiCurrencySystem.needs_retrain}), with every number configurable
 * and its counters per model version. Checked in this order:
 * <ol>
 *   <li><b>out of domain</b>: the last {@code outOfDomainCandles} candles (default 24) were all outside the model's
 *       training domain: a model that no longer recognises its market is the clearest case for a new one (it
 *       emits nothing there, so it would never collect the outcomes the other rules wait for);</li>
 *   <li>nothing before {@code minOutcomes} resolved outcomes (default 20);</li>
 *   <li><b>win rate</b> over the last {@code winRateWindow} outcomes (default 50) below {@code winRateThreshold}
 *       (default 0.45);</li>
 *   <li><b>first retrain</b>: no retraining yet for this stream and {@code firstRetrainOutcomes} outcomes (default
 *       100);</li>
 *   <li><b>periodic</b>: {@code period} (default 30 days) since the last retraining and {@code periodicOutcomes} new
 *       outcomes (default 50).</li>
 * </ol>
 * None of them fires within {@code minimumSpacing} (default 1 day) of the stream's last decision; after failed
 * retrainings that spacing doubles with each failure in a row (1, 2, 4, 8 ... days, at most {@code period}), so that a
 * source that cannot serve the history yet, or a trainer that keeps failing, is not asked again every day.
 *
 * <h2>The fix</h2>
 * The bot's statistics were cumulative and never reset, so once its win rate was below 45 % (or it had 100 trades
 * and no retraining) every later outcome retrained again. Here the counters are those of {@link PolicyInput}: the
 * serving version's outcomes since the stream's last decision, so a promotion, a rejected challenger or a failed
 * training starts them from zero.
 *
 * <p>Immutable and thread-safe.
 */
public final class SeedRetrainPolicy implements RetrainPolicy {
    /** Default N of "the last N outcomes" for the win rate. */
    public static final int DEFAULT_WIN_RATE_WINDOW = 50;

    private static final SeedRetrainPolicy DEFAULTS = builder().build();

    private final int minOutcomes;
    private final double winRateThreshold;
    private final int winRateWindow;
    private final int firstRetrainOutcomes;
    private final Duration period;
    private final int periodicOutcomes;
    private final int outOfDomainCandles;
    private final Duration minimumSpacing;

    private SeedRetrainPolicy(Builder b) {
        this.minOutcomes = b.minOutcomes;
        this.winRateThreshold = b.winRateThreshold;
        this.winRateWindow = b.winRateWindow;
        this.firstRetrainOutcomes = b.firstRetrainOutcomes;
        this.period = b.period;
        this.periodicOutcomes = b.periodicOutcomes;
        this.outOfDomainCandles = b.outOfDomainCandles;
        this.minimumSpacing = b.minimumSpacing;
    }

    /** The reference bot's numbers: 20, 0.45 over 50, 100, 30 days with 50, 24 candles out of domain, 1 day apart. */
    public static SeedRetrainPolicy defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int outcomeWindow() {
        return winRateWindow;
    }

    @Override
    public Optional<Trigger> check(PolicyInput in) {
        Objects.requireNonNull(in, "in");
        if (in.lastDecision().isPresent()
                && Duration.between(in.lastDecision().get(), in.now()).compareTo(spacing(in.failuresInARow())) < 0) {
            return Optional.empty();
        }
        if (outOfDomainCandles > 0 && in.outOfDomainRun() >= outOfDomainCandles) {
            return Optional.of(new Trigger(Trigger.OUT_OF_DOMAIN, "the last " + in.outOfDomainRun()
                    + " candles were outside v" + in.modelVersion() + "'s training domain (limit "
                    + outOfDomainCandles + ")"));
        }
        long resolved = in.resolved();
        if (resolved < minOutcomes) {
            return Optional.empty();
        }
        var recent = in.statistics().recentOutcomes();
        double winRate = recent.winRate();
        if (winRate < winRateThreshold) {
            return Optional.of(new Trigger(Trigger.WIN_RATE, "win rate " + format(winRate) + " over the last "
                    + recent.resolved() + " outcomes of v" + in.modelVersion() + " is below " + format(winRateThreshold)));
        }
        if (in.lastDecision().isEmpty()) {
            if (resolved >= firstRetrainOutcomes) {
                return Optional.of(new Trigger(Trigger.FIRST_RETRAIN, resolved + " outcomes of v"
                        + in.modelVersion() + " and no retraining yet (first after " + firstRetrainOutcomes + ")"));
            }
            return Optional.empty();
        }
        Duration since = Duration.between(in.lastDecision().get(), in.now());
        if (since.compareTo(period) >= 0 && resolved >= periodicOutcomes) {
            return Optional.of(new Trigger(Trigger.PERIODIC, since.toDays() + " days since the last retraining and "
                    + resolved + " new outcomes (every " + period.toDays() + " days with " + periodicOutcomes + ")"));
        }
        return Optional.empty();
    }

    /** The minimum spacing, doubled for each failure in a row after the first, at most the period. */
    Duration spacing(int failuresInARow) {
        Duration d = minimumSpacing;
        for (int i = 1; i < failuresInARow && d.compareTo(period) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return failuresInARow > 1 && d.compareTo(period) > 0 ? period : d;
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    @Override
    public String toString() {
        return "SeedRetrainPolicy[min " + minOutcomes + " outcomes, win rate < " + winRateThreshold + " over "
                + winRateWindow + ", first after " + firstRetrainOutcomes + ", every " + period.toDays() + " days with "
                + periodicOutcomes + ", " + outOfDomainCandles + " candles out of domain, " + minimumSpacing.toHours()
                + " h apart]";
    }

    /**
     * Builds a {@link SeedRetrainPolicy}; each setter checks its value.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private int minOutcomes = 20;
        private double winRateThreshold = 0.45;
        private int winRateWindow = DEFAULT_WIN_RATE_WINDOW;
        private int firstRetrainOutcomes = 100;
        private Duration period = Duration.ofDays(30);
        private int periodicOutcomes = 50;
        private int outOfDomainCandles = 24;
        private Duration minimumSpacing = Duration.ofDays(1);

        private Builder() {
        }

        /** No trigger but out-of-domain before this many resolved outcomes; default 20. */
        public Builder minOutcomes(int minOutcomes) {
            this.minOutcomes = atLeast("minOutcomes", minOutcomes, 1);
            return this;
        }

        /** Retrain when the win rate over the last {@code window} outcomes is below {@code threshold}; 0.45 over 50. */
        public Builder winRate(double threshold, int window) {
            if (!(threshold >= 0 && threshold <= 1)) {
                throw new IllegalArgumentException("win rate threshold must be in [0, 1] but was " + threshold);
            }
            this.winRateThreshold = threshold;
            this.winRateWindow = atLeast("win rate window", window, 1);
            return this;
        }

        /** The first retraining after this many outcomes; default 100. */
        public Builder firstRetrainOutcomes(int outcomes) {
            this.firstRetrainOutcomes = atLeast("firstRetrainOutcomes", outcomes, 1);
            return this;
        }

        /** Then every {@code period} once {@code outcomes} new outcomes exist; default 30 days with 50. */
        public Builder periodic(Duration period, int outcomes) {
            Objects.requireNonNull(period, "period");
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("period must be > 0 but was " + period);
            }
            this.period = period;
            this.periodicOutcomes = atLeast("periodic outcomes", outcomes, 0);
            return this;
        }

        /** Retrain after this many consecutive out-of-domain candles; 0 turns the rule off; default 24. */
        public Builder outOfDomainCandles(int candles) {
            this.outOfDomainCandles = atLeast("outOfDomainCandles", candles, 0);
            return this;
        }

        /** No trigger within this time of the stream's last decision; default 1 day. */
        public Builder minimumSpacing(Duration spacing) {
            Objects.requireNonNull(spacing, "spacing");
            if (spacing.isNegative()) {
                throw new IllegalArgumentException("minimumSpacing must be >= 0 but was " + spacing);
            }
            this.minimumSpacing = spacing;
            return this;
        }

        public SeedRetrainPolicy build() {
            return new SeedRetrainPolicy(this);
        }

        private static int atLeast(String name, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be >= " + min + " but was " + value);
            }
            return value;
        }
    }
}
