package dev.candlesignal.indicators.internal;

/**
 * Column-at-a-time pandas operations on whole {@code double[]} series, written as pandas runs them: the window
 * functions follow the loops of {@code pandas/_libs/window/aggregations.pyx} over fixed-window {@code start}/
 * {@code end} bounds, element-wise operations are plain IEEE arithmetic. This is the batch side of the
 * standard feature sets; the streaming calculators use {@link RollingMean}, {@link RollingStd},
 * {@link RollingExtreme} and {@link Ewm}, an independent implementation, and the two must agree bit for bit.
 *
 * <p>Stateless and thread-safe; every method returns a new array.
 */
public final class PandasColumns {
    private PandasColumns() {
    }

    /** {@code BaseWindow._prep_values}: a float64 copy with infinities turned into NaN. */
    static double[] prep(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Double.isInfinite(values[i]) ? Double.NaN : values[i];
        }
        return out;
    }

    /** {@code s.shift(k)} for k >= 1. */
    public static double[] shift(double[] values, int k) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = i >= k ? values[i - k] : Double.NaN;
        }
        return out;
    }

    /** {@code s.diff()}. */
    public static double[] diff(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = i >= 1 ? values[i] - values[i - 1] : Double.NaN;
        }
        return out;
    }

    /** {@code s.pct_change(k)}: {@code s / s.shift(k) - 1} (no NaN to pad: candle closes are never NaN). */
    public static double[] pctChange(double[] values, int k) {
        double[] shifted = shift(values, k);
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] / shifted[i] - 1;
        }
        return out;
    }

    /** {@code s.rolling(window).mean()}, pandas' {@code roll_mean} over fixed-window bounds. */
    public static double[] rollingMean(double[] input, int window) {
        double[] values = prep(input);
        int n = values.length;
        double[] output = new double[n];
        long minp = window;
        double sumX = 0;
        double compensationAdd = 0;
        double compensationRemove = 0;
        double prevValue = 0;
        long nobs = 0;
        long negCt = 0;
        long numConsecutiveSameValue = 0;
        for (int i = 0; i < n; i++) {
            int s = Math.max(0, i + 1 - window);
            int e = i + 1;
            int prevS = Math.max(0, i - window);
            int prevE = i;
            if (i == 0 || s >= prevE) {
                compensationAdd = 0;
                compensationRemove = 0;
                sumX = 0;
                nobs = 0;
                negCt = 0;
                prevValue = values[s];
                numConsecutiveSameValue = 0;
                for (int j = s; j < e; j++) {
                    double val = values[j];
                    if (val == val) {
                        nobs++;
                        double y = val - compensationAdd;
                        double t = sumX + y;
                        compensationAdd = t - sumX - y;
                        sumX = t;
                        if (Signs.signbit(val)) {
                            negCt++;
                        }
                        numConsecutiveSameValue = val == prevValue ? numConsecutiveSameValue + 1 : 1;
                        prevValue = val;
                    }
                }
            } else {
                for (int j = prevS; j < s; j++) {
                    double val = values[j];
                    if (val == val) {
                        nobs--;
                        double y = -val - compensationRemove;
                        double t = sumX + y;
                        compensationRemove = t - sumX - y;
                        sumX = t;
                        if (Signs.signbit(val)) {
                            negCt--;
                        }
                    }
                }
                for (int j = prevE; j < e; j++) {
                    double val = values[j];
                    if (val == val) {
                        nobs++;
                        double y = val - compensationAdd;
                        double t = sumX + y;
                        compensationAdd = t - sumX - y;
                        sumX = t;
                        if (Signs.signbit(val)) {
                            negCt++;
                        }
                        numConsecutiveSameValue = val == prevValue ? numConsecutiveSameValue + 1 : 1;
                        prevValue = val;
                    }
                }
            }
            double result;
            if (nobs >= minp && nobs > 0) {
                result = sumX / (double) nobs;
                if (numConsecutiveSameValue >= nobs) {
                    result = prevValue;
                } else if (negCt == 0 && result < 0) {
                    result = 0;
                } else if (negCt == nobs && result > 0) {
                    result = 0;
                }
            } else {
                result = Double.NaN;
            }
            output[i] = result;
        }
        return output;
    }

    /** {@code s.rolling(window).var(ddof)}, pandas' {@code roll_var} over fixed-window bounds. */
    public static double[] rollingVar(double[] input, int window, int ddof) {
        double[] values = prep(input);
        int n = values.length;
        double[] output = new double[n];
        long minp = Math.max(window, 1);
        double meanX = 0;
        double ssqdmX = 0;
        double nobs = 0;
        double compensationAdd = 0;
        double compensationRemove = 0;
        double prevValue = 0;
        long numConsecutiveSameValue = 0;
        for (int i = 0; i < n; i++) {
            int s = Math.max(0, i + 1 - window);
            int e = i + 1;
            int prevS = Math.max(0, i - window);
            int prevE = i;
            if (i == 0 || s >= prevE) {
                prevValue = values[s];
                numConsecutiveSameValue = 0;
                meanX = 0;
                ssqdmX = 0;
                nobs = 0;
                compensationAdd = 0;
                compensationRemove = 0;
                for (int j = s; j < e; j++) {
                    double val = values[j];
                    if (val != val) {
                        continue;
                    }
                    nobs = nobs + 1;
                    numConsecutiveSameValue = val == prevValue ? numConsecutiveSameValue + 1 : 1;
                    prevValue = val;
                    double prevMean = meanX - compensationAdd;
                    double y = val - compensationAdd;
                    double t = y - meanX;
                    compensationAdd = t + meanX - y;
                    meanX = nobs != 0 ? meanX + t / nobs : 0;
                    ssqdmX = ssqdmX + (val - prevMean) * (val - meanX);
                }
            } else {
                for (int j = prevS; j < s; j++) {
                    double val = values[j];
                    if (val == val) {
                        nobs = nobs - 1;
                        if (nobs != 0) {
                            double prevMean = meanX - compensationRemove;
                            double y = val - compensationRemove;
                            double t = y - meanX;
                            compensationRemove = t + meanX - y;
                            meanX = meanX - t / nobs;
                            ssqdmX = ssqdmX - (val - prevMean) * (val - meanX);
                        } else {
                            meanX = 0;
                            ssqdmX = 0;
                        }
                    }
                }
                for (int j = prevE; j < e; j++) {
                    double val = values[j];
                    if (val != val) {
                        continue;
                    }
                    nobs = nobs + 1;
                    numConsecutiveSameValue = val == prevValue ? numConsecutiveSameValue + 1 : 1;
                    prevValue = val;
                    double prevMean = meanX - compensationAdd;
                    double y = val - compensationAdd;
                    double t = y - meanX;
                    compensationAdd = t + meanX - y;
                    meanX = nobs != 0 ? meanX + t / nobs : 0;
                    ssqdmX = ssqdmX + (val - prevMean) * (val - meanX);
                }
            }
            double result;
            if (nobs >= minp && nobs > ddof) {
                result = nobs == 1 || numConsecutiveSameValue >= nobs ? 0 : ssqdmX / (nobs - (double) ddof);
            } else {
                result = Double.NaN;
            }
            output[i] = result;
        }
        return output;
    }

    /** {@code s.rolling(window).std()}: {@code zsqrt} of the ddof=1 variance. */
    public static double[] rollingStd(double[] values, int window) {
        double[] var = rollingVar(values, window, 1);
        double[] out = new double[var.length];
        for (int i = 0; i < var.length; i++) {
            double r = Math.sqrt(var[i]);
            out[i] = var[i] < 0 ? 0 : r;
        }
        return out;
    }

    /** {@code s.rolling(window).min()}: pandas' monotonic-deque {@code _roll_min_max}. */
    public static double[] rollingMin(double[] values, int window) {
        return rollingMinMax(values, window, false);
    }

    /** {@code s.rolling(window).max()}. */
    public static double[] rollingMax(double[] values, int window) {
        return rollingMinMax(values, window, true);
    }

    private static double[] rollingMinMax(double[] input, int window, boolean isMax) {
        double[] values = prep(input);
        int n = values.length;
        double[] output = new double[n];
        int[] q = new int[n + 1];   // deque of indices: [qHead, qTail)
        int[] w = new int[n + 1];
        int qHead = 0;
        int qTail = 0;
        int wHead = 0;
        int wTail = 0;
        long nobs = 0;
        for (int i = 0; i < n; i++) {
            int start = Math.max(0, i + 1 - window);
            int from = i == 0 ? start : i;
            for (int k = from; k < i + 1; k++) {
                double ai = values[k];
                if (ai == ai) {
                    nobs++;
                } else {
                    ai = isMax ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                }
                while (qTail > qHead) {
                    double back = values[q[qTail - 1]];
                    boolean pop = isMax ? (ai >= back || back != back) : (ai <= back || back != back);
                    if (!pop) {
                        break;
                    }
                    qTail--;
                }
                q[qTail++] = k;
                w[wTail++] = k;
            }
            while (qTail > qHead && q[qHead] <= start - 1) {
                qHead++;
            }
            while (wTail > wHead && w[wHead] <= start - 1) {
                if (values[w[wHead]] == values[w[wHead]]) {
                    nobs--;
                }
                wHead++;
            }
            output[i] = qTail > qHead && nobs >= window ? values[q[qHead]] : Double.NaN;
        }
        return output;
    }

    /** {@code s.ewm(span=span, adjust=False).mean()}: pandas' {@code ewm} with min_periods 0, ignore_na False. */
    public static double[] ewmMean(double[] input, double span) {
        double[] vals = prep(input);
        int n = vals.length;
        double[] output = new double[n];
        if (n == 0) {
            return output;
        }
        double com = (span - 1) / 2;
        double alpha = 1. / (1. + com);
        double oldWtFactor = 1. - alpha;
        double newWt = alpha;
        double weighted = vals[0];
        output[0] = weighted;
        double oldWt = 1.;
        for (int i = 1; i < n; i++) {
            double cur = vals[i];
            boolean isObservation = cur == cur;
            if (weighted == weighted) {
                oldWt *= oldWtFactor;
                if (isObservation) {
                    if (weighted != cur) {
                        weighted = oldWt * weighted + newWt * cur;
                        weighted /= (oldWt + newWt);
                    }
                    oldWt = 1.;
                }
            } else if (isObservation) {
                weighted = cur;
            }
            output[i] = weighted;
        }
        return output;
    }
}
