package dev.candlesignal.testkit;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import static dev.candlesignal.testkit.Generators.constant;
import static dev.candlesignal.testkit.Generators.decimals;
import static dev.candlesignal.testkit.Generators.frequency;
import static dev.candlesignal.testkit.Generators.integers;
import static dev.candlesignal.testkit.Generators.weighted;

/**
 * Candle series for tests: deterministic random walks, and a {@link Generator} of series for {@link Property} tests
 * that includes the awkward cases (flat prices, zero volume, tiny and huge price levels, gaps in time).
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
     * Random valid 1h candle series of {@code minSize..maxSize} candles: random-walk closes (returns within 8%, wicks
     * up to 3%) with flat stretches (one step in seven), zero-volume candles, price levels from 1e-4 to 1e9, and
     * occasional gaps of 1 to 5 missing hours (one candle in 31). Returns, wicks, volumes and taker shares have two
     * decimals, as the generator this replaces drew them, so zero returns and zero wicks are common.
     *
     * <p>Edge cases, tried first by a property: each price level with a series of the smallest and of the largest
     * size; when one candle is allowed, single flat candles; a series of the largest size of flat, zero-volume
     * candles at 1e-4; and one of the largest size that moves 8% every hour, alternating up and down, with the
     * widest wicks, 5000 volume, all of it bought by takers, and a 5-hour gap before every candle, at 1e9.
     */
    public static Generator<List<Candle>> series(int minSize, int maxSize) {
        Generator<Double> scale = Generators.of(1e-4, 1.0, 100.0, 60_000.0, 1e9);
        Generator<Double> ret = decimals(-0.08, 0.08, 2);
        Generator<Double> wick = decimals(0, 0.03, 2);
        Generator<Double> volume = frequency(weighted(5, decimals(0, 5000, 2)), weighted(1, constant(0.0)));
        Generator<Double> takerShare = decimals(0, 1, 2);
        Generator<Integer> gap = frequency(weighted(30, constant(0)), weighted(1, integers(1, 5)));
        Generator<Step> moving = r -> new Step(ret.next(r), wick.next(r), wick.next(r), volume.next(r),
                takerShare.next(r), gap.next(r));
        Generator<Step> flat = frequency(weighted(1, constant(0.0)), weighted(1, decimals(0, 100, 2)))
                .map(v -> new Step(0, 0, 0, v, 0.5, 0));
        Generator<Step> step = frequency(weighted(6, moving), weighted(1, flat));
        List<Step> dead = new ArrayList<>();
        List<Step> wild = new ArrayList<>();
        for (int i = 0; i < maxSize; i++) {
            dead.add(new Step(0, 0, 0, 0, 0.5, 0));
            wild.add(new Step(i % 2 == 0 ? 0.08 : -0.08, 0.03, 0.03, 5000, 1, 5));
        }
        return Generators.combine(scale, step.list(minSize, maxSize), Candles::build)
                .withEdgeCases(List.of(build(1e-4, dead), build(1e9, wild)));
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
