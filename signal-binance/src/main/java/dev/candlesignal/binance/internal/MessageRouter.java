package dev.candlesignal.binance.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candlesignal.OrderBookSnapshot;
import dev.candlesignal.StreamKey;
import dev.candlesignal.binance.RejectReason;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Reads each WebSocket text message on the socket's thread and sends it where it belongs: kline events to the
 * subscription thread, depth snapshots straight into the {@link DepthBook} (they are frequent and need no
 * ordering with klines), {@code serverShutdown} and SUBSCRIBE answers to the connection. Anything else is
 * rejected with a reason, counted and logged with the connection and an excerpt; it never stops the stream.
 *
 * <p>Thread-safe (immutable routing tables).
 */
public final class MessageRouter {

    /** Where routed messages go; implementations hand them to the subscription thread. */
    public interface Target {
        void kline(StreamKey key, KlineParser.LiveKline kline);

        void serverShutdown(StreamConnection connection, long generation);

        void subscribeAnswer(StreamConnection connection, long generation, long id, Optional<String> error);
    }

    private final ObjectMapper mapper;
    private final Map<String, StreamKey> klineStreams;
    private final Map<String, String> depthStreams;
    private final DepthBook depthBook;
    private final int depthLevels;
    private final HealthCounters health;
    private final ServerClock clock;
    private final Target target;

    public MessageRouter(ObjectMapper mapper, Map<String, StreamKey> klineStreams, Map<String, String> depthStreams,
            DepthBook depthBook, int depthLevels, HealthCounters health, ServerClock clock, Target target) {
        this.mapper = mapper;
        this.klineStreams = Map.copyOf(klineStreams);
        this.depthStreams = Map.copyOf(depthStreams);
        this.depthBook = depthBook;
        this.depthLevels = depthLevels;
        this.health = health;
        this.clock = clock;
        this.target = target;
    }

    /** Handles one complete text message from {@code connection}'s socket of the given generation. */
    public void onText(StreamConnection connection, long generation, String text) {
        Instant now = clock.now();
        health.messageReceived(now);
        String context = "connection " + connection.id();
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            health.reject(RejectReason.MALFORMED_JSON, context, "not JSON: " + HealthCounters.excerpt(text));
            return;
        }
        if (root == null || !root.isObject()) {
            health.reject(RejectReason.MALFORMED_JSON, context, "not a JSON object: " + HealthCounters.excerpt(text));
            return;
        }
        JsonNode stream = root.get("stream");
        JsonNode data = root.get("data");
        if (stream != null && stream.isTextual() && data != null) {
            routeStream(connection, generation, stream.textValue(), data, now, text);
            return;
        }
        if ("serverShutdown".equals(root.path("e").asText(null))) {
            target.serverShutdown(connection, generation);
            return;
        }
        JsonNode id = root.get("id");
        if (id != null && id.isIntegralNumber() && (root.has("result") || root.has("error"))) {
            JsonNode error = root.get("error");
            target.subscribeAnswer(connection, generation, id.longValue(),
                    error == null || error.isNull() ? Optional.empty() : Optional.of(error.toString()));
            return;
        }
        RejectReason reason = root.has("e") ? RejectReason.UNKNOWN_EVENT : RejectReason.MALFORMED_JSON;
        health.reject(reason, context, "unexpected message: " + HealthCounters.excerpt(text));
    }

    private void routeStream(StreamConnection connection, long generation, String name, JsonNode data, Instant now,
            String text) {
        String context = "connection " + connection.id() + " stream " + HealthCounters.excerpt(name);
        StreamKey key = klineStreams.get(name);
        if (key != null) {
            connection.touch(name);
            try {
                KlineParser.LiveKline kline = KlineParser.event(data);
                if (!kline.symbol().equalsIgnoreCase(key.symbol()) || kline.interval() != key.interval()) {
                    throw new MessageRejectedException(RejectReason.UNSUBSCRIBED, "kline of " + kline.symbol() + " "
                            + kline.interval() + " on the stream of " + key);
                }
                target.kline(key, kline);
            } catch (MessageRejectedException e) {
                health.reject(e.reason(), context, e.getMessage() + " in " + HealthCounters.excerpt(text));
            }
            return;
        }
        String symbol = depthStreams.get(name);
        if (symbol != null) {
            connection.touch(name);
            try {
                OrderBookSnapshot snapshot = DepthParser.parse(data, depthLevels, now);
                depthBook.onSnapshot(symbol, snapshot);
            } catch (MessageRejectedException e) {
                health.reject(e.reason(), context, e.getMessage() + " in " + HealthCounters.excerpt(text));
            }
            return;
        }
        if ("serverShutdown".equals(data.path("e").asText(null))) {
            target.serverShutdown(connection, generation);
            return;
        }
        health.reject(RejectReason.UNSUBSCRIBED, context, "message for a stream not subscribed: "
                + HealthCounters.excerpt(text));
    }
}
