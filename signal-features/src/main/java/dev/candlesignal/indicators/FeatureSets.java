package dev.candlesignal.indicators;

import dev.candlesignal.FeatureConfigurationException;
import dev.candlesignal.feature.FeatureSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standard feature sets, numerically identical to the reference bot's pandas code.
 *
 * <h2>standard28</h2>
 * The seed's 28 features in the seed's column order (seed-spec 2.1): {@code returns, log_returns,
 * price_sma_7_ratio, price_sma_21_ratio, price_sma_50_ratio, atr_14, bb_width, bb_position, volatility_14,
 * volatility_30, rsi_14, stoch_k, stoch_d, macd, macd_signal, macd_hist, roc_10, roc_20, williams_r,
 * volume_ratio, adx, plus_di, minus_di, trend_7, trend_14, candle_body_ratio, higher_high, lower_low}, with every
 * quirk kept: simple-mean RSI and ATR (not Wilder's), sample standard deviations (ddof 1), volatility scaled by
 * sqrt(252), epsilons 1e-10 where the seed has them and 1e-4 (price units) in {@code candle_body_ratio}, none on
 * the price/SMA ratios, +DI/-DI and DX (so flat prices give NaN or infinity there), the sequential +DM/-DM rule
 * (a tie {@code up == dn > 0} counts as -DM), NaN warm-up rows. Warm-up 50: row 49 is the first with all 28
 * values defined.
 *
 * <h2>standard14</h2>
 * {@code open, high, low, close, volume, rsi_14, macd, macd_signal, macd_hist, bb_upper, bb_middle, bb_lower,
 * bb_width, ob_imbalance}: the raw candle, the RSI, MACD and Bollinger columns computed exactly as in standard28
 * ({@code bb_width} is standard28's {@code (U - L) / (M + 1e-10)}), and an order-book imbalance whose
 * {@link ImbalanceSource} is part of the id. Warm-up 20. With an order-book source, {@link FeatureSet#needs()} says
 * so ({@code SourceNeeds.orderBook(N)}): sources and apps configure themselves from that, not from the id.
 *
 * <h2>Parity</h2>
 * The rolling means, variances and EMAs are ports of pandas' own online algorithms (Kahan-compensated add and
 * remove, the equal-values run, the sign clamp, {@code ewm}'s division by {@code old_wt + new_wt}), so values
 * match the pandas reference ({@code tools/reference/features.py}) bit for bit, except {@code log_returns}:
 * numpy's vectorised {@code log} (used on AVX-512 machines) is off by an ulp for ~6% of BTCUSDT's returns,
 * while {@code StrictMath.log} (fdlibm, the same on every JVM) agrees with glibc's {@code log} on all but 4 of
 * 8759. The golden tests allow 1e-9 relative (1e-12 absolute near zero) and require the same NaN pattern.
 *
 * <h2>Streaming, batch and where the history starts</h2>
 * {@code newCalculator()} updates in O(1) or O(window) per candle without allocating (primitive rings of at most
 * 50 values, about 4.7 KB of state for standard28 and 1.3 KB for standard14); {@code compute(List)} is an
 * independent column-at-a-time implementation, and both give identical doubles. Values depend on where the
 * history starts, as pandas' do:
 * <ul>
 *   <li>the EMAs (12, 26 and the MACD's 9-candle signal) are seeded with the first close, as
 *       {@code ewm(adjust=False)} is seeded with its first row; the seed's weight after {@code k} candles is
 *       {@code (25/27)^k} for the EMA 26. On BTCUSDT's last candle, MACD computed over only the last 201 candles
 *       (the seed's backtest window) is 2e-4 relative off the full-history value, over 300 candles 2e-8, over
 *       500 candles (the seed's live window) identical;</li>
 *   <li>the rolling means and variances are pandas' online sums, which carry rounding residue (Kahan
 *       compensation, the running mean) from the first row: over a suffix of any length, {@code bb_width} is up to
 *       ~5e-10 relative off the full-history value, the other rolling columns less.</li>
 * </ul>
 * A calculator carries exactly that state (the residues and three EMA values, not the candles), so a calculator
 * that has seen a stream from its start holds the full-history values with constant memory, however short the
 * candle history an engine keeps; {@code EmaSeedTest} measures the numbers above.
 *
 * <p>The sets are immutable and thread-safe.
 */
public final class FeatureSets {
    private static final Pattern ORDER_BOOK = Pattern.compile("standard14/orderBook\\(([1-9]\\d{0,8})\\)");

    private FeatureSets() {
    }

    /** The reference bot's 28 features, id {@code standard28}. */
    public static FeatureSet standard28() {
        return Standard28.INSTANCE;
    }

    /** The 14-feature set with taker-flow imbalance, id {@code standard14/takerFlow}. */
    public static FeatureSet standard14() {
        return Standard14.TAKER_FLOW;
    }

    /** The 14-feature set with the given imbalance source, id {@code standard14/<source id>}. */
    public static FeatureSet standard14(ImbalanceSource source) {
        Objects.requireNonNull(source, "source");
        return source.equals(ImbalanceSource.takerFlow()) ? Standard14.TAKER_FLOW : new Standard14(source);
    }

    /**
     * The standard set with this id: {@code standard28}, {@code standard14/takerFlow} or
     * {@code standard14/orderBook(N)}.
     *
     * @throws FeatureConfigurationException naming the id and the known ones
     */
    public static FeatureSet byId(String id) {
        Objects.requireNonNull(id, "id");
        if (id.equals(Standard28.ID)) {
            return standard28();
        }
        if (id.equals(Standard14.TAKER_FLOW.id())) {
            return standard14();
        }
        Matcher m = ORDER_BOOK.matcher(id);
        if (m.matches()) {
            return standard14(ImbalanceSource.orderBook(Integer.parseInt(m.group(1))));
        }
        throw new FeatureConfigurationException("unknown feature set id '" + id + "' (known: "
                + String.join(", ", knownIds()) + ")");
    }

    /** The ids {@link #byId} resolves, {@code N} standing for a level count. */
    public static List<String> knownIds() {
        return List.of(Standard28.ID, Standard14.TAKER_FLOW.id(), "standard14/orderBook(N)");
    }
}
