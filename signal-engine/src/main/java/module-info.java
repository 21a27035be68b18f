/**
 * The engine that runs the API: {@code SignalEngine} with its streams, batching and dispatcher, the default
 * {@code ThresholdPolicy} ({@code dev.candlesignal.engine}), and replaying candles from memory or kline CSV files
 * ({@code dev.candlesignal.replay}).
 */
module dev.candlesignal.engine {
    // the engine's public signatures are made of API types: a user who requires the engine gets the API too
    requires transitive dev.candlesignal.api;
    requires org.slf4j;

    exports dev.candlesignal.engine;
    exports dev.candlesignal.replay;
}
