package dev.candlesignal.engine;

import dev.candlesignal.model.Scaler;
import java.util.Locale;

/**
 * Decides whether a model's input window lies inside what the model was trained on, from the window as the model
 * sees it: z-scores, in units of the training scaler's standard deviations.
 *
 * <h2>The rule</h2>
 * The window is <em>out of domain</em> when more than {@link #maxFraction()} of its values (all rows, all columns)
 * satisfy {@code |z| > }{@link #zLimit()}. The default, {@link #DEFAULT}, is "more than 25 % of the values beyond
 * 4 standard deviations".
 *
 * <p>Why this rule: a single feature far out is normal market life (the March 2020 crash put BTCUSDT's volume and
 * MACD many standard deviations from their 2019-20 means for hours), so a maximum or a mean of |z| either fires on
 * real crashes or misses real drift. A symbol or price regime the model never saw moves many columns at once and for
 * every row: the price-level columns (open, high, low, close and the three Bollinger bands, half of standard14) all
 * sit at the same distance from the training mean. Counting values beyond a limit ignores how far a spike goes and
 * measures how much of the window is foreign. Both numbers come from a calibration on the bundled data with the
 * demo model ({@code models/demo-btcusdt-1h}, scaler fitted on BTCUSDT 2019-07..2020-02), over every ready window
 * ({@code DomainGuardCalibrationTest} in signal-cli):
 * <ul>
 *   <li>BTCUSDT 2019-07..2020-06 (the demo replay: training, validation and the crash months): at most 15.95 % of a
 *       window beyond 4 sd (the worst window is in the March 2020 crash; 99 % of windows are at most 8.5 %), and at
 *       most 0.36 % in the validation windows;</li>
 *   <li>BNBUSDT and LTCUSDT, same months: at least 56.5 % and 50.5 % (prices 6 sd below BTC's mean, volume far
 *       above);</li>
 *   <li>BTCUSDT at 2023 prices (the same candles with prices x 3, 11,300..39,400): at least 47.5 %; at x 2.5
 *       (9,500..32,900) 98.5 % of windows are out, and only those of the crash weeks, back at prices the model
 *       knows, are in domain.</li>
 * </ul>
 * 25 % lies between the two groups with a margin of about 1.6 on the in-domain side and 2 on the other. The limit
 * of 4 sd is far enough that fat tails rarely pass it (a normal variable does with probability 6e-5) and close
 * enough that a shifted price level does: with a lower limit (3 sd) the crash reaches 24 %, with a higher one (5 or
 * 6 sd) some windows of BTCUSDT x 3 sink to 1 %.
 *
 * <p>Cost: one pass over the window ({@code sequenceLength x features} comparisons), no allocation.
 *
 * <p>A model whose scaler is the identity (means 0, standard deviations 1: it takes raw values) records nothing
 * about its training data, so the engine does not judge its windows.
 *
 * <p>Immutable.
 *
 * @param zLimit the |z| beyond which a value counts as far out; finite and > 0
 * @param maxFraction the fraction of far-out values above which the window is out of domain, in (0, 1]; 1 disables
 *     the guard (a fraction never exceeds 1)
 */
public record DomainGuard(double zLimit, double maxFraction) {

    /** More than 25 % of the window's values beyond 4 training standard deviations (see the class comment). */
    public static final DomainGuard DEFAULT = new DomainGuard(4.0, 0.25);

    public DomainGuard {
        if (!(zLimit > 0) || Double.isInfinite(zLimit)) {
            throw new IllegalArgumentException("domain guard zLimit must be finite and > 0 but was " + zLimit);
        }
        if (!(maxFraction > 0 && maxFraction <= 1)) {
            throw new IllegalArgumentException("domain guard maxFraction must be in (0, 1] but was " + maxFraction);
        }
    }

    /** A guard that never fires. */
    public static DomainGuard disabled() {
        return new DomainGuard(DEFAULT.zLimit, 1.0);
    }

    /** Whether this guard can fire. */
    public boolean enabled() {
        return maxFraction < 1.0;
    }

    /**
     * Whether the guard judges windows scaled by {@code scaler}: it is {@link #enabled()} and the scaler is not the
     * identity (which records nothing about the training data).
     */
    public boolean judges(Scaler scaler) {
        if (!enabled()) {
            return false;
        }
        double[] means = scaler.means();
        double[] stds = scaler.stds();
        for (int c = 0; c < means.length; c++) {
            if (means[c] != 0 || stds[c] != 1) {
                return true;
            }
        }
        return false;
    }

    /**
     * The fraction of {@code window[offset .. offset + length)} with {@code |z| > zLimit()}; NaN values do not
     * count. Allocation-free.
     */
    public double farFraction(float[] window, int offset, int length) {
        float limit = (float) zLimit;
        int far = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            if (Math.abs(window[i]) > limit) {
                far++;
            }
        }
        return length == 0 ? 0 : (double) far / length;
    }

    /** Whether a window with this {@link #farFraction} is out of domain. */
    public boolean outOfDomain(double farFraction) {
        return farFraction > maxFraction;
    }

    /** E.g. {@code more than 25% of the window beyond 4 sd}. */
    public String describe() {
        return String.format(Locale.ROOT, "more than %s%% of the window beyond %s sd of the training data",
                trim(100 * maxFraction), trim(zLimit));
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
