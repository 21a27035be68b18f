package dev.candlesignal.policy;

import dev.candlesignal.Candle;
import dev.candlesignal.StreamKey;

/**
 * What a {@link SignalPolicy} sees for one closed candle: the model's probability and the market around it.
 *
 * <p>The engine reuses one context object per stream, so a context is valid only during the {@code decide} call
 * that received it; copy what you need to keep. Not thread-safe.
 */
public interface MarketContext {

    /** The stream the candle belongs to. */
    StreamKey stream();

    /** The candle that just closed. */
    Candle candle();

    /** The model's P(up) for the next candle. */
    double probability();

    /** The stream's recent candles, counted in candles ago ({@code ago(0)} is {@link #candle()}). */
    CandleHistory history();

    /** The raw feature rows the model saw, counted in candles ago ({@code ago(0, c)} is the current candle). */
    FeatureWindow features();
}
