package dev.candlesignal.indicators;

import dev.candlesignal.Candle;
import dev.candlesignal.FeatureConfigurationException;
import dev.candlesignal.FeatureValueException;
import dev.candlesignal.StateSnapshotException;
import dev.candlesignal.feature.Feature;
import java.io.DataInput;
import java.io.DataOutput;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.num.DoubleNumFactory;
import org.ta4j.core.num.Num;
import org.ta4j.core.num.NumFactory;

/** {@link Ta4jFeature#of}. Immutable and thread-safe. */
final class Ta4jColumn implements Feature {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private final String name;
    private final int window;
    private final Function<BarSeries, Indicator<Num>> factory;
    private final int unstableBars;
    private final String indicatorClass;

    Ta4jColumn(String name, int window, Function<BarSeries, Indicator<Num>> factory) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new FeatureConfigurationException("column name '" + name + "' is not valid: use letters, digits,"
                    + " '_', '.' or '-'");
        }
        if (window < 1) {
            throw new FeatureConfigurationException("Ta4j feature '" + name + "': window must be >= 1 but was "
                    + window);
        }
        this.name = name;
        this.window = window;
        this.factory = Objects.requireNonNull(factory, "indicator");
        Indicator<Num> probe = build(newSeries());
        this.unstableBars = Math.max(0, probe.getCountOfUnstableBars());
        this.indicatorClass = probe.getClass().getName();
        if (unstableBars >= window) {
            throw new FeatureConfigurationException("Ta4j feature '" + name + "': " + probe.getClass().getSimpleName()
                    + " needs " + unstableBars + " bars before its first stable value (getCountOfUnstableBars) but the"
                    + " series keeps only " + window + "; use a window of at least " + (unstableBars + 1));
        }
        checkWindowSuffices();
    }

    /**
     * Runs the indicator on a bounded and on an unbounded series of the same synthetic candles and refuses the
     * window if they disagree: an indicator that reads further back than its unstable bars (a running-sum SMA
     * reads the bar leaving its period) would otherwise silently return other values on the bounded series.
     */
    private void checkWindowSuffices() {
        BarSeries bounded = newSeries();
        BarSeries unbounded = new BaseBarSeriesBuilder().withNumFactory(DoubleNumFactory.getInstance()).build();
        Indicator<Num> onBounded = build(bounded);
        Indicator<Num> onUnbounded = build(unbounded);
        SplittableRandom random = new SplittableRandom(0x5eed);
        Instant end = Instant.parse("2020-01-01T01:00:00Z");
        double close = 100;
        int bars = 3 * window + 30;
        for (int i = 0; i < bars; i++) {
            double open = close;
            close = open * (1 + (random.nextDouble() - 0.5) * 0.04);
            double high = Math.max(open, close) * (1 + random.nextDouble() * 0.01);
            double low = Math.min(open, close) * (1 - random.nextDouble() * 0.01);
            double volume = 100 + random.nextDouble() * 900;
            for (BarSeries s : new BarSeries[] {bounded, unbounded}) {
                NumFactory f = s.numFactory();
                s.barBuilder().timePeriod(Duration.ofHours(1)).endTime(end).openPrice(f.numOf(open))
                        .highPrice(f.numOf(high)).lowPrice(f.numOf(low)).closePrice(f.numOf(close))
                        .volume(f.numOf(volume)).amount(f.numOf(volume * close)).trades(10).add();
            }
            end = end.plus(Duration.ofHours(1));
            double a;
            double b;
            try {
                a = toDouble(onBounded.getValue(bounded.getEndIndex()));
                b = toDouble(onUnbounded.getValue(unbounded.getEndIndex()));
            } catch (RuntimeException e) {
                throw new FeatureConfigurationException("Ta4j feature '" + name + "': the indicator failed on synthetic"
                        + " candles while checking the window: " + e, e);
            }
            boolean same = Double.compare(a, b) == 0 || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
            if (i >= unstableBars && !same) {
                throw new FeatureConfigurationException("Ta4j feature '" + name + "': on a series bounded to " + window
                        + " bars " + onBounded.getClass().getSimpleName() + " gives " + a + " at bar " + i + " where the"
                        + " full series gives " + b + "; the indicator reads further back than the window, so use a"
                        + " larger window (e.g. twice the indicator's period)");
            }
        }
    }

    private static double toDouble(Num value) {
        return value == null || value.isNaN() ? Double.NaN : value.doubleValue();
    }

    private BarSeries newSeries() {
        return new BaseBarSeriesBuilder().withName(name).withNumFactory(DoubleNumFactory.getInstance())
                .withMaxBarCount(window).build();
    }

    private Indicator<Num> build(BarSeries series) {
        Indicator<Num> indicator = factory.apply(series);
        if (indicator == null) {
            throw new FeatureConfigurationException("Ta4j feature '" + name + "': the indicator function returned null");
        }
        return indicator;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String definition() {
        return "ta4j(" + indicatorClass + ",window=" + window + ",unstable=" + unstableBars + ")";
    }

    @Override
    public int warmupBars() {
        return unstableBars + 1;
    }

    @Override
    public Calculator newCalculator() {
        return new Ta4jCalculator();
    }

    @Override
    public String toString() {
        return "Feature[" + name + ", " + definition() + "]";
    }

    /** Not thread-safe. */
    private final class Ta4jCalculator implements Calculator {
        private final BarSeries series = newSeries();
        private final NumFactory numbers = series.numFactory();
        private final Indicator<Num> indicator = build(series);
        private Instant lastEnd;
        private long count;
        private String failure;

        @Override
        public void validate(Candle candle) {
            Instant end = candle.closeTime().plusMillis(1);
            if (lastEnd != null && !end.isAfter(lastEnd)) {
                throw new FeatureValueException(name, "Ta4j feature '" + name + "' needs candles in time order: the"
                        + " candle opened at " + candle.openTime() + " closes at " + candle.closeTime()
                        + ", not after the previous candle's close " + lastEnd.minusMillis(1));
            }
        }

        @Override
        public double update(Candle candle) {
            Objects.requireNonNull(candle, "candle");
            if (failure != null) {
                throw new IllegalStateException("Ta4j feature '" + name + "' failed earlier (" + failure
                        + "); its bar series already holds that candle: create a new calculator");
            }
            validate(candle);
            Instant end = candle.closeTime().plusMillis(1);
            series.barBuilder()
                    .timePeriod(Duration.between(candle.openTime(), end))
                    .endTime(end)
                    .openPrice(numbers.numOf(candle.open()))
                    .highPrice(numbers.numOf(candle.high()))
                    .lowPrice(numbers.numOf(candle.low()))
                    .closePrice(numbers.numOf(candle.close()))
                    .volume(numbers.numOf(candle.volume()))
                    .amount(numbers.numOf(candle.quoteVolume()))
                    .trades(candle.trades())
                    .add();
            lastEnd = end;
            count++;
            Num value;
            try {
                value = indicator.getValue(series.getEndIndex());
            } catch (RuntimeException e) {
                failure = "candle opened at " + candle.openTime() + ": " + e;
                FeatureValueException error = new FeatureValueException(name, "Ta4j feature '" + name
                        + "' failed on the candle opened at " + candle.openTime() + ": " + e);
                error.initCause(e);
                throw error;
            }
            return count <= unstableBars ? Double.NaN : toDouble(value);
        }

        /** Refused: the state is a live Ta4j series and the indicator's caches, which have no stable form. */
        @Override
        public void writeState(DataOutput out) {
            throw new StateSnapshotException("Ta4j feature '" + name + "' keeps a live Ta4j bar series and indicator "
                    + "caches, which cannot be snapshotted; use the standard sets or Feature.of columns where state "
                    + "must be checkpointed");
        }

        @Override
        public void readState(DataInput in) {
            throw new StateSnapshotException("Ta4j feature '" + name + "' cannot restore a snapshot (it keeps a live "
                    + "Ta4j bar series)");
        }
    }
}
