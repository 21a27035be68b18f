package dev.candlesignal.backtest;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * An equity curve's return per calendar month (UTC): the value at the last point of the month over the value at
 * the last point before it (1.0 at the start), minus 1. A point at a candle's end counts for the month the candle
 * belongs to.
 *
 * @param month the month
 * @param returnPct the return in percent
 */
public record MonthlyReturn(YearMonth month, double returnPct) {

    /** The monthly returns of {@code curve}, in order. */
    public static List<MonthlyReturn> of(EquityCurve curve) {
        List<MonthlyReturn> out = new ArrayList<>();
        double base = curve.value(0);
        YearMonth current = null;
        double last = base;
        for (int i = 1; i < curve.size(); i++) {
            YearMonth m = YearMonth.from(Instant.ofEpochMilli(curve.timeMillis(i) - 1).atOffset(ZoneOffset.UTC));
            if (current != null && !m.equals(current)) {
                out.add(new MonthlyReturn(current, 100 * (last / base - 1)));
                base = last;
            }
            current = m;
            last = curve.value(i);
        }
        if (current != null) {
            out.add(new MonthlyReturn(current, 100 * (last / base - 1)));
        }
        return out;
    }
}
