package dev.candlesignal.binance;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a {@link BinanceCandleSource}'s health, from {@link BinanceCandleSource#health()}. Counters are
 * totals since the source was built, over all its subscriptions.
 *
 * <p>Immutable.
 *
 * @param connected whether there is at least one live subscription and every one of its WebSocket connections is
 *     open
 * @param openConnections WebSocket connections open now
 * @param connections WebSocket connections the live subscriptions want (open or being re-established)
 * @param socketsOpened WebSocket sockets opened in total (a 101 Switching Protocols received and kept), including
 *     the new socket of every reconnect and rotation
 * @param lastMessageTime when the last WebSocket message arrived (server-time-corrected clock)
 * @param messagesReceived WebSocket text messages received, including rejected ones
 * @param reconnects connection attempts after a connection was lost, failed, or found silent
 * @param rotations planned reconnects: before the 24 h limit, or on {@code serverShutdown}
 * @param deliveredCandles closed candles delivered to listeners
 * @param backfilledCandles of those, the ones fetched over REST to repair a gap or a reconnect, or as start history
 * @param gaps gaps reported to listeners (candles the exchange does not have)
 * @param rejected rejected messages and responses by reason; every reason is present, most with 0
 * @param usedWeight request weight used in the current minute, as far as this source knows (its own count or
 *     Binance's {@code X-MBX-USED-WEIGHT-1M}, whichever is larger)
 * @param weightBudget the request weight per minute this source allows itself
 * @param requestsPausedUntil when a 429 or 418 pause ends, while one is in force
 * @param serverTimeOffset Binance's clock minus the injected clock, as last measured
 */
public record BinanceHealth(
        boolean connected,
        int openConnections,
        int connections,
        long socketsOpened,
        Optional<Instant> lastMessageTime,
        long messagesReceived,
        long reconnects,
        long rotations,
        long deliveredCandles,
        long backfilledCandles,
        long gaps,
        Map<RejectReason, Long> rejected,
        int usedWeight,
        int weightBudget,
        Optional<Instant> requestsPausedUntil,
        Duration serverTimeOffset) {

    public BinanceHealth {
        Objects.requireNonNull(lastMessageTime, "lastMessageTime");
        Objects.requireNonNull(rejected, "rejected");
        Objects.requireNonNull(requestsPausedUntil, "requestsPausedUntil");
        Objects.requireNonNull(serverTimeOffset, "serverTimeOffset");
        EnumMap<RejectReason, Long> all = new EnumMap<>(RejectReason.class);
        for (RejectReason r : RejectReason.values()) {
            all.put(r, 0L);
        }
        all.putAll(rejected);
        rejected = Map.copyOf(all);
    }

    /** Rejections for one reason. */
    public long rejected(RejectReason reason) {
        return rejected.get(reason);
    }

    /** Rejections for all reasons. */
    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }
}
