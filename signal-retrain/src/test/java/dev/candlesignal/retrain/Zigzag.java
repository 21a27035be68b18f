package dev.candlesignal.retrain;

import dev.candlesignal.Candle;
import dev.candlesignal.Interval;
import dev.candlesignal.testkit.Candles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Hourly candles whose close goes up and down in turn (by 1 % plus a small deterministic wobble), so that the next
 * move is always the opposite of the last: a model that reads the last return can be right every time, and one that
 * answers 0.5 learns nothing. Volumes vary so that every feature has a spread.
 */
final class Zigzag {
    static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    private Zigzag() {
    }

    static List<Candle> candles(int n) {
        return candles(n, START, 100);
    }

    static List<Candle> candles(int n, Instant start, double price) {
        List<Candle> out = new ArrayList<>(n);
        double close = price;
        Instant open = start;
        for (int i = 0; i < n; i++) {
            double step = 0.01 * (1 + 0.2 * Math.sin(i * 0.7));
            double o = close;
            double c = i % 2 == 0 ? o * (1 + step) : o * (1 - step);
            double volume = 100 + 50 * Math.cos(i * 0.3);
            out.add(Candles.candle(open, Interval.HOUR_1, o, Math.max(o, c) * 1.001, Math.min(o, c) * 0.999, c,
                    volume, volume / 2));
            close = c;
            open = Interval.HOUR_1.next(open);
        }
        return out;
    }
}
