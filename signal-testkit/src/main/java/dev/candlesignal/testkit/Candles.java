package dev.candlesignal.testkit;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Candle series for tests: deterministic random walks, and jqwik arbitraries that include the awkward cases
 * (flat prices, zero volume, tiny and huge price levels, gaps in time).
 */
public final class Candles {
    /** Open time of the first generated candle: 2020-01-01T00:00:00Z. */
    public static final Instant START = Instant.parse("2020-01-01T00:00:00Z");

    private Candles() {
    }

    /**
     * A deterministic 1h random walk of {@code n} candles starting at {@link #START} and price 100, with ordinary
     * volatility (no flat candles, no zero volume).
     */
    public static List<Candle> randomWalk(long seed, int n) {
        return randomWalk(seed, n, Interval.HOUR_1, 100.0);
    }

    /** A deterministic random walk on the given interval and starting price. */
    public static List<Candle> randomWalk(long seed, int n, Interval interval, double startPrice) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Candle> out = new ArrayList<>(n);
        double close = startPrice;
        Instant open = START;
        for (int i = 0; i < n; i++) {
            double o = close;
            double c = o * (1 + (random.nextDouble() - 0.5) * 0.04);
            double high = Math.max(o, c) * (1 + random.nextDouble() * 0.01);
            double low = Math.min(o, c) * (1 - random.nextDouble() * 0.01);
            double volume = 100 + random.nextDouble() * 900;
            out.add(candle(open, interval, o, high, low, c, volume, volume * random.nextDouble()));
            close = c;
            open = interval.next(open);
        }
        return out;
    }

    /** One candle of {@code interval} opening at {@code open}; quote volume = volume x close, 10 trades. */
    public static Candle candle(Instant open, Interval interval, double o, double h, double l, double c, double volume,
            double takerBuyVolume) {
        Instant close = interval.next(open).minusMillis(1);
        return new Candle(open, close, o, h, l, c, volume, volume * c, 10, takerBuyVolume, takerBuyVolume * c,
                Optional.empty());
    }

    /** A 1h candle with OHLC and volume. */
    public static Candle hourly(Instant open, double o, double h, double l, double c, double volume) {
        return candle(open, Interval.HOUR_1, o, h, l, c, volume, volume / 2);
    }

    private record Step(double ret, double upperWick, double lowerWick, double volume, double takerShare, int gap) {
    }

    /**
     * Random valid 1h candle series of {@code minSize..maxSize} candles: random-walk closes with flat stretches,
     * zero-volume candles, price levels from 1e-4 to 1e9, and occasional gaps of 1 to 5 missing hours.
     */
    public static Arbitrary<List<Candle>> series(int minSize, int maxSize) {
        Arbitrary<Double> scale = Arbitraries.of(1e-4, 1.0, 100.0, 60_000.0, 1e9);
        Arbitrary<Step> moving = Combinators.combine(
                        Arbitraries.doubles().between(-0.08, 0.08),
                        Arbitraries.doubles().between(0, 0.03),
                        Arbitraries.doubles().between(0, 0.03),
                        Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.doubles().between(0, 5000)),
                                Tuple.of(1, Arbitraries.just(0.0))),
                        Arbitraries.doubles().between(0, 1),
                        Arbitraries.frequencyOf(Tuple.of(30, Arbitraries.just(0)),
                                Tuple.of(1, Arbitraries.integers().between(1, 5))))
                .as(Step::new);
        Arbitrary<Step> flat = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0.0)),
                        Tuple.of(1, Arbitraries.doubles().between(0, 100)))
                .map(v -> new Step(0, 0, 0, v, 0.5, 0));
        Arbitrary<Step> step = Arbitraries.frequencyOf(Tuple.of(6, moving), Tuple.of(1, flat));
        return Combinators.combine(scale, step.list().ofMinSize(minSize).ofMaxSize(maxSize))
                .as(Candles::build);
    }

    private static List<Candle> build(double scale, List<Step> steps) {
        List<Candle> out = new ArrayList<>(steps.size());
        double close = scale;
        Instant open = START;
        for (Step s : steps) {
            open = open.plus(Interval.HOUR_1.duration().multipliedBy(s.gap()));
            double o = close;
            double c = o * (1 + s.ret());
            double high = Math.max(o, c) * (1 + s.upperWick());
            double low = Math.min(o, c) * (1 - s.lowerWick());
            out.add(candle(open, Interval.HOUR_1, o, high, low, c, s.volume(), s.volume() * s.takerShare()));
            close = c;
            open = Interval.HOUR_1.next(open);
        }
        return out;
    }
}
