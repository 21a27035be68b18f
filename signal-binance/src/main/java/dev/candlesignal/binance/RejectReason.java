package dev.candlesignal.binance;

/**
 * Why a message or response was not delivered as a candle. Each rejection is logged with its context and counted
 * in {@link BinanceHealth#rejected()}; none stops a stream.
 */
public enum RejectReason {
    /** Not JSON at all, or JSON of an unexpected shape. */
    MALFORMED_JSON,
    /** A well-formed message of an event type the source does not handle. */
    UNKNOWN_EVENT,
    /** Data for a stream or symbol this source did not subscribe to. */
    UNSUBSCRIBED,
    /** A kline whose fields are missing, non-numeric (e.g. a price "abc"), or impossible (high below low). */
    INVALID_KLINE,
    /** A partial-depth payload that cannot be read. */
    INVALID_DEPTH,
    /** A closed kline that was already delivered (same open time). */
    DUPLICATE_KLINE,
    /** A kline older than one already delivered (out of order). */
    STALE_KLINE,
    /** A REST response with an error status (4xx, 5xx, including 429 and 418) or an unreadable body. */
    HTTP_ERROR,
    /** An error answer to a SUBSCRIBE message. */
    SUBSCRIBE_ERROR
}
