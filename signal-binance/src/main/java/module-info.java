/**
 * Binance market data: {@code BinanceCandleSource} ({@code dev.candlesignal.binance}), REST history and the
 * WebSocket kline and depth streams. The client's parts live in the unexported
 * {@code dev.candlesignal.binance.internal}; Jackson is used as a tree parser only, so nothing is opened to it.
 */
module dev.candlesignal.binance {
    requires transitive dev.candlesignal.api;
    requires com.fasterxml.jackson.databind;
    requires java.net.http;
    requires org.slf4j;

    exports dev.candlesignal.binance;
}
