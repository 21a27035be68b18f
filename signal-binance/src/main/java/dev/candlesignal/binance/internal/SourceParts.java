package dev.candlesignal.binance.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candlesignal.binance.Scheduler;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * What a source's subscriptions share: clients, clocks, limits, counters and settings.
 *
 * @param maxStreamsPerConnection at most 1024 (Binance's limit)
 * @param silenceTimeout a kline stream silent this long makes its connection reconnect
 * @param depthLevels 0 for no order book, else 5, 10 or 20
 * @param orderBookMaxAge how far before a close a depth snapshot may be, and how late after it a REST depth
 *     snapshot may stand in
 */
public record SourceParts(
        HttpClient http,
        ObjectMapper mapper,
        RestClient rest,
        KlinePager pager,
        Retrier retrier,
        Waiter waiter,
        ServerClock clock,
        RateLimiter limiter,
        HealthCounters health,
        Activity activity,
        Scheduler scheduler,
        StreamConnection.Settings connection,
        int maxStreamsPerConnection,
        Duration silenceTimeout,
        int depthLevels,
        Duration orderBookMaxAge) {
}
