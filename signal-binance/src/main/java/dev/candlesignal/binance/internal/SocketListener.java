package dev.candlesignal.binance.internal;

import dev.candlesignal.binance.RejectReason;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * The JDK {@link WebSocket.Listener} of one socket: joins text fragments into messages for the
 * {@link MessageRouter} and reports the socket's end to its {@link StreamConnection} (on the subscription thread).
 * Pings are answered by the JDK itself with a pong carrying the same payload.
 *
 * <p>The JDK calls a listener from one thread at a time; this class relies on that.
 */
final class SocketListener implements WebSocket.Listener {
    /** Binance's messages are small; a message this large is garbage and is dropped. */
    private static final int MAX_MESSAGE_CHARS = 4 << 20;

    private final StreamConnection connection;
    private final long generation;
    private final MessageRouter router;
    private final HealthCounters health;
    private final StringBuilder text = new StringBuilder();
    private boolean oversized;

    SocketListener(StreamConnection connection, long generation, MessageRouter router, HealthCounters health) {
        this.connection = connection;
        this.generation = generation;
        this.router = router;
        this.health = health;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (!oversized) {
            text.append(data);
            if (text.length() > MAX_MESSAGE_CHARS) {
                oversized = true;
                text.setLength(0);
            }
        }
        if (last) {
            if (oversized) {
                health.reject(RejectReason.MALFORMED_JSON, "connection " + connection.id(),
                        "message longer than " + MAX_MESSAGE_CHARS + " characters dropped");
            } else {
                router.onText(connection, generation, text.toString());
            }
            text.setLength(0);
            oversized = false;
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        if (last) {
            health.reject(RejectReason.MALFORMED_JSON, "connection " + connection.id(), "unexpected binary message");
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        // the JDK has already queued the pong with the same payload
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        connection.socketEnded(generation, "closed by the server (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")");
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        connection.socketEnded(generation, "failed: " + error);
    }
}
