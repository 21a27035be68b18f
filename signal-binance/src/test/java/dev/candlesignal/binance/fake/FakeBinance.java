package dev.candlesignal.binance.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candlesignal.Candle;
import dev.candlesignal.replay.KlineCsv;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A fake Binance for tests: a real HTTP and WebSocket server (Jetty) on 127.0.0.1 that serves a
 * {@link FakeMarket} the way Binance does, and injects faults on request.
 *
 * <h2>REST</h2>
 * {@code GET /api/v3/klines} (Binance's paging: {@code startTime}, {@code endTime}, {@code limit} up to 1000; the
 * forming kline last, partial), {@code /api/v3/time}, {@code /api/v3/depth} and {@code /api/v3/ping}, with
 * Binance's weights counted per minute of the exchange clock and returned in {@code X-MBX-USED-WEIGHT-1M}.
 * Faults: {@link #failNext} (any status, body and {@code Retry-After}; a 429 or 418 then keeps answering the
 * same until its {@code Retry-After} has passed, and every request in that time is recorded as a violation),
 * {@link #weightLimit} (429 when exceeded).
 *
 * <h2>WebSocket</h2>
 * Combined streams at {@code /stream?streams=a/b/c} and {@code SUBSCRIBE} messages, kline streams
 * ({@code <symbol>@kline_<interval of the market>}) and partial-depth streams ({@code <symbol>@depth<N>@100ms}). Events are pushed by
 * {@link #emit()}, which runs after every advance of a {@link VirtualTime} clock: for each subscribed kline stream
 * the final {@code x: true} event of every candle that closed since the last push, then one {@code x: false}
 * update of the forming candle; for each depth stream one snapshot (logged in {@link #depthLog()}). Faults:
 * {@link #dropConnections()}, {@link #silent(boolean)}, {@link #skipCloses}, {@link #duplicateCloses},
 * {@link #reorderCloses}, {@link #sendStaleClose}, {@link #sendToAll} (garbage of any kind),
 * {@link #sendServerShutdown()}, {@link #ping} (pongs are recorded), {@link #rejectUpgrades}.
 *
 * <p>The exchange clock is the given clock plus {@link #serverTimeSkew}.
 *
 * <p>Thread-safe.
 */
public final class FakeBinance implements AutoCloseable {

    /** One REST request as the fake saw it. */
    public record RecordedRequest(Instant at, String path, String query, int weight, int status, Optional<String> apiKey,
            boolean duringBan) {
    }

    /** One partial-depth snapshot the fake pushed. */
    public record DepthPush(Instant at, String symbol, double[] bids, double[] asks) {
    }

    /** What happened to a socket. */
    public enum SocketEventKind {
        /** A client asked to upgrade (before the socket exists; {@code socket} is 0). */
        UPGRADE,
        OPEN,
        CLOSE
    }

    /** A socket event, by the fake's socket number, in the order the fake saw them. */
    public record SocketEvent(Instant at, int socket, SocketEventKind kind) {
    }

    /** A text message a client sent on a WebSocket. */
    public record ClientMessage(Instant at, int session, String text) {
    }

    private record RestFault(int status, Integer retryAfterSeconds, String body) {
    }

    private static final class Peer {
        final int id;
        final Session session;
        final Set<String> streams = new LinkedHashSet<>();
        final Map<String, Instant> lastPush = new HashMap<>();
        final List<String> held = new ArrayList<>();

        Peer(int id, Session session) {
            this.id = id;
            this.session = session;
        }
    }

    private final FakeMarket market;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Server server;
    private final ServerConnector connector;
    private final Object lock = new Object();

    private Duration skew = Duration.ZERO;
    private final List<Peer> peers = new ArrayList<>();
    private int peerCount;
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final TreeMap<Long, Integer> weightByMinute = new TreeMap<>();
    private final Deque<RestFault> restFaults = new ArrayDeque<>();
    private java.util.function.Function<Candle, String> klineRow = FakeBinance::row;
    private int klinesServed;
    private int failKlinesAfter = Integer.MAX_VALUE;
    private RestFault klinesFault;
    private Instant bannedUntil = Instant.MIN;
    private int banStatus;
    private int weightLimit = 6000;
    private boolean silent;
    private int skipCloses;
    private int duplicateCloses;
    private int reorderCloses;
    private int rejectUpgrades;
    private final List<Instant> upgradeAttempts = new ArrayList<>();
    private final List<ByteBuffer> pongs = new ArrayList<>();
    private final List<ClientMessage> clientMessages = new ArrayList<>();
    private final List<DepthPush> depthLog = new ArrayList<>();
    private final List<SocketEvent> socketLog = new ArrayList<>();
    private long framesSent;
    private long barrierSeq;
    private java.util.concurrent.ScheduledExecutorService pusher;
    private final Set<Peer> awaitingPong = new java.util.HashSet<>();

    /** Starts a fake on an ephemeral port of 127.0.0.1; pushes follow {@code clock} if it is a {@link VirtualTime}. */
    public FakeBinance(FakeMarket market, Clock clock) {
        this.market = market;
        this.clock = clock;
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("fake-binance");
        threads.setDaemon(true);
        server = new Server(threads);
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(Duration.ofHours(1));
            container.addMapping("/stream", this::upgrade);
        });
        ws.setHandler(new Rest());
        server.setHandler(ws);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the fake Binance", e);
        }
        if (clock instanceof VirtualTime vt) {
            vt.onAdvance(t -> emit());
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI restUrl() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /** {@code ws://127.0.0.1:<port>}. */
    public URI webSocketUrl() {
        return URI.create("ws://127.0.0.1:" + connector.getLocalPort());
    }

    public FakeMarket market() {
        return market;
    }

    /** The exchange's clock: the given clock plus the skew. */
    public Instant serverNow() {
        synchronized (lock) {
            return clock.instant().plus(skew);
        }
    }

    // ---------------------------------------------------------------------------------------------- faults

    /** Makes the exchange clock run {@code skew} ahead of (or, negative, behind) the test clock. */
    public void serverTimeSkew(Duration skew) {
        synchronized (lock) {
            this.skew = skew;
        }
    }

    /** Answers the next REST request with this status and body (and {@code Retry-After} seconds, if not null). */
    public void failNext(int status, Integer retryAfterSeconds, String body) {
        synchronized (lock) {
            restFaults.add(new RestFault(status, retryAfterSeconds, body));
        }
    }

    /**
     * How {@code GET /api/v3/klines} prints each row (default {@link #row(Candle)}): e.g. with the exact decimal
     * strings of a file that a double cannot hold.
     */
    public void klineRows(java.util.function.Function<Candle, String> format) {
        synchronized (lock) {
            klineRow = java.util.Objects.requireNonNull(format, "format");
        }
    }

    /**
     * After {@code served} more successful {@code GET /api/v3/klines} answers, answers every further one with
     * {@code status} and {@code body}: a download that fails midway.
     */
    public void failKlinesAfter(int served, int status, String body) {
        synchronized (lock) {
            failKlinesAfter = klinesServed + served;
            klinesFault = new RestFault(status, null, body);
        }
    }

    /** Answers 429 once the weight of a minute would exceed this (Binance: 6000). */
    public void weightLimit(int perMinute) {
        synchronized (lock) {
            weightLimit = perMinute;
        }
    }

    /** Closes every WebSocket abruptly, without a close frame. */
    public void dropConnections() {
        List<Session> all;
        synchronized (lock) {
            all = peers.stream().map(p -> p.session).toList();
        }
        all.forEach(Session::disconnect);
    }

    /** While silent, no stream event and no ping is pushed; the sockets stay open. */
    public void silent(boolean silent) {
        synchronized (lock) {
            this.silent = silent;
        }
    }

    /** Leaves out the next {@code n} final ({@code x: true}) kline events. */
    public void skipCloses(int n) {
        synchronized (lock) {
            skipCloses += n;
        }
    }

    /** Sends each of the next {@code n} final kline events twice. */
    public void duplicateCloses(int n) {
        synchronized (lock) {
            duplicateCloses += n;
        }
    }

    /** Sends each of the next {@code n} final kline events after the first update of the next candle. */
    public void reorderCloses(int n) {
        synchronized (lock) {
            reorderCloses += n;
        }
    }

    /** Answers the next {@code n} WebSocket upgrade requests with HTTP 503. */
    public void rejectUpgrades(int n) {
        synchronized (lock) {
            rejectUpgrades += n;
        }
    }

    /** Sends {@code text} as is to every open WebSocket. */
    public void sendToAll(String text) {
        synchronized (lock) {
            for (Peer p : List.copyOf(peers)) {
                send(p, text);
            }
        }
    }

    /** Sends the final event of the candle {@code hoursBack} intervals before the forming one, to its subscribers. */
    public void sendStaleClose(String symbol, int hoursBack) {
        synchronized (lock) {
            Instant now = clock.instant().plus(skew);
            long ms = market.interval().millis();
            Instant open = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), ms) * ms - hoursBack * ms);
            Optional<Candle> c = market.between(symbol, open, open.plusMillis(1)).stream().findFirst();
            String stream = symbol.toLowerCase(Locale.ROOT) + "@kline_" + market.interval().wireName();
            c.ifPresent(candle -> {
                for (Peer p : List.copyOf(peers)) {
                    if (p.streams.contains(stream)) {
                        send(p, klineEvent(stream, candle, true, now));
                    }
                }
            });
        }
    }

    /** Sends {@code {"e":"serverShutdown","E":<now>}} to every open WebSocket. */
    public void sendServerShutdown() {
        sendToAll("{\"e\":\"serverShutdown\",\"E\":" + serverNow().toEpochMilli() + "}");
    }

    /** Pings every open WebSocket with {@code payload}; returns how many were pinged. */
    public int ping(byte[] payload) {
        synchronized (lock) {
            for (Peer p : List.copyOf(peers)) {
                p.session.sendPing(ByteBuffer.wrap(payload), org.eclipse.jetty.websocket.api.Callback.NOOP);
            }
            return peers.size();
        }
    }

    // --------------------------------------------------------------------------------------------- records

    public List<RecordedRequest> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    /** The largest request weight counted in any minute of the exchange clock. */
    public int maxWeightPerMinute() {
        synchronized (lock) {
            return weightByMinute.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }
    }

    /** Requests that arrived while a 429 or 418 was in force (a client must make none). */
    public List<RecordedRequest> requestsDuringBan() {
        return requests().stream().filter(RecordedRequest::duringBan).toList();
    }

    public List<Instant> upgradeAttempts() {
        synchronized (lock) {
            return List.copyOf(upgradeAttempts);
        }
    }

    /** Payloads of the pongs received, as strings. */
    public List<String> pongs() {
        synchronized (lock) {
            return pongs.stream().map(b -> StandardCharsets.UTF_8.decode(b.duplicate()).toString()).toList();
        }
    }

    public List<ClientMessage> clientMessages() {
        synchronized (lock) {
            return List.copyOf(clientMessages);
        }
    }

    public List<DepthPush> depthLog() {
        synchronized (lock) {
            return List.copyOf(depthLog);
        }
    }

    /** Upgrade requests and sockets opened and closed, in the order the fake saw them. */
    public List<SocketEvent> socketLog() {
        synchronized (lock) {
            return List.copyOf(socketLog);
        }
    }

    /** Sockets opened since the fake started, closed ones included. */
    public int socketsOpened() {
        synchronized (lock) {
            return peerCount;
        }
    }

    public int openSockets() {
        synchronized (lock) {
            return peers.size();
        }
    }

    /** Streams subscribed on the open sockets, in all. */
    public int subscribedStreams() {
        synchronized (lock) {
            return peers.stream().mapToInt(p -> p.streams.size()).sum();
        }
    }

    /**
     * Returns once every open socket's client has read everything sent to it so far: pings each socket with a
     * fresh payload and waits for the pongs, which a client sends only after handling the messages before the
     * ping. Sockets that close meanwhile are not waited for.
     *
     * @throws AssertionError after {@code timeout}
     */
    public void barrier(Duration timeout) {
        String payload;
        synchronized (lock) {
            payload = "barrier-" + (++barrierSeq);
            awaitingPong.clear();
            for (Peer p : List.copyOf(peers)) {
                awaitingPong.add(p);
                p.session.sendPing(ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8)),
                        org.eclipse.jetty.websocket.api.Callback.NOOP);
            }
        }
        Await.until(() -> {
            synchronized (lock) {
                awaitingPong.retainAll(peers);
                return awaitingPong.isEmpty();
            }
        }, timeout, "pongs for " + payload);
    }

    public long framesSent() {
        synchronized (lock) {
            return framesSent;
        }
    }

    /** Adds weight used "by another client of the same IP" to the current minute. */
    public void consumeWeight(int weight) {
        synchronized (lock) {
            long minute = Math.floorDiv(clock.instant().plus(skew).toEpochMilli(), 60_000L);
            weightByMinute.merge(minute, weight, Integer::sum);
        }
    }

    // ------------------------------------------------------------------------------------------- pushing

    /** Pushes the stream events for the current time (see the class comment). */
    public void emit() {
        synchronized (lock) {
            if (silent) {
                return;
            }
            Instant now = clock.instant().plus(skew);
            for (Peer p : List.copyOf(peers)) {
                for (String stream : p.streams) {
                    String symbol = stream.substring(0, stream.indexOf('@')).toUpperCase(Locale.ROOT);
                    if (!market.knows(symbol)) {
                        continue;
                    }
                    if (stream.endsWith("@kline_" + market.interval().wireName())) {
                        pushKlines(p, stream, symbol, now);
                    } else if (stream.contains("@depth")) {
                        pushDepth(p, stream, symbol, now);
                    }
                }
            }
        }
    }

    private void pushKlines(Peer p, String stream, String symbol, Instant now) {
        Instant last = p.lastPush.getOrDefault(stream, now);
        for (Candle c : market.closedDuring(symbol, last, now)) {
            if (skipCloses > 0) {
                skipCloses--;
                continue;
            }
            String event = klineEvent(stream, c, true, c.closeTime().plusMillis(1));
            if (reorderCloses > 0) {
                reorderCloses--;
                p.held.add(event);
                continue;
            }
            send(p, event);
            if (duplicateCloses > 0) {
                duplicateCloses--;
                send(p, event);
            }
        }
        Optional<Candle> forming = market.forming(symbol, now);
        forming.ifPresent(c -> send(p, klineEvent(stream, c, false, now)));
        if (forming.isPresent() && !p.held.isEmpty()) {
            p.held.forEach(e -> send(p, e));
            p.held.clear();
        }
        p.lastPush.put(stream, now);
    }

    private void pushDepth(Peer p, String stream, String symbol, Instant now) {
        int levels = Integer.parseInt(stream.substring(stream.indexOf("@depth") + 6, stream.lastIndexOf('@')));
        double[] bids = new double[levels];
        double[] asks = new double[levels];
        String json = depthJson(symbol, now, bids, asks);
        send(p, "{\"stream\":\"" + stream + "\",\"data\":" + json + "}");
        depthLog.add(new DepthPush(now, symbol, bids, asks));
    }

    /** A deterministic book for {@code symbol} at {@code now}; fills the quantity arrays. */
    private static String depthJson(String symbol, Instant now, double[] bids, double[] asks) {
        long s = now.getEpochSecond() + Math.floorMod(symbol.hashCode(), 97);
        StringBuilder sb = new StringBuilder("{\"lastUpdateId\":").append(now.toEpochMilli()).append(",\"bids\":[");
        for (int i = 0; i < bids.length; i++) {
            bids[i] = 1 + Math.floorMod(s * 7 + i * 3, 17) * 0.25;
            sb.append(i == 0 ? "" : ",").append("[\"").append(KlineCsv.decimal(100 - i)).append("\",\"")
                    .append(KlineCsv.decimal(bids[i])).append("\"]");
        }
        sb.append("],\"asks\":[");
        for (int i = 0; i < asks.length; i++) {
            asks[i] = 1 + Math.floorMod(s * 5 + i * 11, 13) * 0.5;
            sb.append(i == 0 ? "" : ",").append("[\"").append(KlineCsv.decimal(101 + i)).append("\",\"")
                    .append(KlineCsv.decimal(asks[i])).append("\"]");
        }
        return sb.append("]}").toString();
    }

    /** A combined-stream kline event ({@code <symbol>@kline_<interval>}). */
    public static String klineEvent(String stream, Candle c, boolean closed, Instant eventTime) {
        String symbol = stream.substring(0, stream.indexOf('@')).toUpperCase(Locale.ROOT);
        String interval = stream.substring(stream.indexOf("@kline_") + 7);
        return "{\"stream\":\"" + stream + "\",\"data\":{\"e\":\"kline\",\"E\":" + eventTime.toEpochMilli()
                + ",\"s\":\"" + symbol + "\",\"k\":{\"t\":" + c.openTime().toEpochMilli()
                + ",\"T\":" + c.closeTime().toEpochMilli() + ",\"s\":\"" + symbol + "\",\"i\":\"" + interval + "\",\"f\":100,\"L\":200"
                + ",\"o\":\"" + KlineCsv.decimal(c.open()) + "\",\"c\":\"" + KlineCsv.decimal(c.close())
                + "\",\"h\":\"" + KlineCsv.decimal(c.high()) + "\",\"l\":\"" + KlineCsv.decimal(c.low())
                + "\",\"v\":\"" + KlineCsv.decimal(c.volume()) + "\",\"n\":" + c.trades()
                + ",\"x\":" + closed + ",\"q\":\"" + KlineCsv.decimal(c.quoteVolume())
                + "\",\"V\":\"" + KlineCsv.decimal(c.takerBuyBaseVolume())
                + "\",\"Q\":\"" + KlineCsv.decimal(c.takerBuyQuoteVolume()) + "\",\"B\":\"0\"}}}";
    }

    private void send(Peer p, String text) {
        framesSent++;
        p.session.sendText(text, org.eclipse.jetty.websocket.api.Callback.NOOP);
    }

    // ----------------------------------------------------------------------------------------- WebSocket

    private Object upgrade(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        synchronized (lock) {
            upgradeAttempts.add(clock.instant().plus(skew));
            socketLog.add(new SocketEvent(clock.instant().plus(skew), 0, SocketEventKind.UPGRADE));
            if (rejectUpgrades > 0) {
                rejectUpgrades--;
                Response.writeError(request, response, callback, 503, "fake upgrade failure");
                return null;
            }
        }
        List<String> streams = new ArrayList<>();
        String query = request.getHttpURI().getQuery();
        if (query != null && query.startsWith("streams=")) {
            for (String s : query.substring("streams=".length()).split("/")) {
                if (!s.isEmpty()) {
                    streams.add(s);
                }
            }
        }
        return new Endpoint(streams);
    }

    /** The server side of one client socket (public: Jetty calls it reflectively). */
    public final class Endpoint implements Session.Listener.AutoDemanding {
        private final List<String> initial;
        private Peer peer;

        Endpoint(List<String> initial) {
            this.initial = initial;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            synchronized (lock) {
                peer = new Peer(++peerCount, session);
                Instant now = clock.instant().plus(skew);
                for (String s : initial) {
                    peer.streams.add(s);
                    peer.lastPush.put(s, now);
                }
                peers.add(peer);
                socketLog.add(new SocketEvent(now, peer.id, SocketEventKind.OPEN));
            }
        }

        @Override
        public void onWebSocketText(String message) {
            synchronized (lock) {
                Instant now = clock.instant().plus(skew);
                clientMessages.add(new ClientMessage(now, peer.id, message));
                String reply;
                try {
                    JsonNode m = mapper.readTree(message);
                    long id = m.path("id").asLong();
                    String method = m.path("method").asText();
                    if (method.equals("SUBSCRIBE") || method.equals("UNSUBSCRIBE")) {
                        for (JsonNode s : m.path("params")) {
                            if (method.equals("SUBSCRIBE") && peer.streams.add(s.asText())) {
                                peer.lastPush.put(s.asText(), now);
                            } else if (method.equals("UNSUBSCRIBE")) {
                                peer.streams.remove(s.asText());
                            }
                        }
                        reply = "{\"result\":null,\"id\":" + id + "}";
                    } else {
                        reply = "{\"error\":{\"code\":2,\"msg\":\"Invalid request: unknown method\"},\"id\":" + id + "}";
                    }
                } catch (Exception e) {
                    reply = "{\"error\":{\"code\":3,\"msg\":\"Invalid JSON\"}}";
                }
                send(peer, reply);
            }
        }

        @Override
        public void onWebSocketPong(ByteBuffer payload) {
            synchronized (lock) {
                ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
                copy.put(payload.duplicate()).flip();
                String text = StandardCharsets.UTF_8.decode(copy.duplicate()).toString();
                if (text.equals("barrier-" + barrierSeq)) {
                    awaitingPong.remove(peer);
                } else if (!text.startsWith("barrier-")) {
                    pongs.add(copy);
                }
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, org.eclipse.jetty.websocket.api.Callback callback) {
            remove();
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            remove();
        }

        private void remove() {
            synchronized (lock) {
                if (peer != null && peers.remove(peer)) {
                    socketLog.add(new SocketEvent(clock.instant().plus(skew), peer.id, SocketEventKind.CLOSE));
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- REST

    private final class Rest extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            Fields params = Request.extractQueryParameters(request);
            String query = request.getHttpURI().getQuery();
            Optional<String> apiKey = Optional.ofNullable(request.getHeaders().get("X-MBX-APIKEY"));
            int status;
            String body;
            Integer retryAfter = null;
            int used;
            synchronized (lock) {
                Instant now = clock.instant().plus(skew);
                int weight = weight(path, params);
                long minute = Math.floorDiv(now.toEpochMilli(), 60_000L);
                boolean duringBan = now.isBefore(bannedUntil);
                RestFault fault = duringBan ? null : restFaults.poll();
                int before = weightByMinute.getOrDefault(minute, 0);
                if (duringBan) {
                    status = banStatus;
                    retryAfter = (int) Math.max(1, Duration.between(now, bannedUntil).toSeconds());
                    body = "{\"code\":-1003,\"msg\":\"Way too many requests; IP banned until "
                            + bannedUntil.toEpochMilli() + ".\"}";
                } else if (fault == null && path.equals("/api/v3/klines") && klinesServed >= failKlinesAfter) {
                    status = klinesFault.status();
                    body = klinesFault.body();
                } else if (fault != null) {
                    status = fault.status();
                    body = fault.body();
                    retryAfter = fault.retryAfterSeconds();
                    if ((status == 429 || status == 418) && retryAfter != null) {
                        bannedUntil = now.plusSeconds(retryAfter);
                        banStatus = status;
                    }
                } else if (before + weight > weightLimit) {
                    status = 429;
                    retryAfter = (int) (60 - Math.floorMod(now.getEpochSecond(), 60L));
                    body = "{\"code\":-1003,\"msg\":\"Too much request weight used.\"}";
                } else {
                    String[] answer = answer(path, params, now);
                    status = Integer.parseInt(answer[0]);
                    body = answer[1];
                }
                used = before + weight;
                weightByMinute.put(minute, used);
                requests.add(new RecordedRequest(now, path, query == null ? "" : query, weight, status, apiKey, duringBan));
            }
            response.setStatus(status);
            response.getHeaders().put("Content-Type", body.startsWith("{") || body.startsWith("[")
                    ? "application/json;charset=UTF-8" : "text/html;charset=UTF-8");
            response.getHeaders().put("X-MBX-USED-WEIGHT-1M", String.valueOf(used));
            if (retryAfter != null) {
                response.getHeaders().put("Retry-After", String.valueOf(retryAfter));
            }
            Content.Sink.write(response, true, body, callback);
            return true;
        }

        private int weight(String path, Fields params) {
            return switch (path) {
                case "/api/v3/klines" -> 2;
                case "/api/v3/depth" -> {
                    int limit = params.get("limit") == null ? 100 : Integer.parseInt(params.get("limit").getValue());
                    yield limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
                }
                default -> 1;
            };
        }

        private String[] answer(String path, Fields params, Instant now) {
            switch (path) {
                case "/api/v3/ping":
                    return new String[] {"200", "{}"};
                case "/api/v3/time":
                    return new String[] {"200", "{\"serverTime\":" + now.toEpochMilli() + "}"};
                case "/api/v3/klines": {
                    String symbol = value(params, "symbol");
                    if (symbol == null) {
                        return error(400, -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
                    }
                    if (!market.knows(symbol)) {
                        return error(400, -1121, "Invalid symbol.");
                    }
                    String interval = value(params, "interval");
                    int limit = value(params, "limit") == null ? 500 : Integer.parseInt(value(params, "limit"));
                    if (limit < 1 || limit > 1000) {
                        return error(400, -1100, "Illegal characters found in parameter 'limit'; legal range is '1-1000'.");
                    }
                    if (!market.interval().wireName().equals(interval)) {
                        return new String[] {"200", "[]"};
                    }
                    Long start = value(params, "startTime") == null ? null : Long.parseLong(value(params, "startTime"));
                    Long end = value(params, "endTime") == null ? null : Long.parseLong(value(params, "endTime"));
                    StringBuilder sb = new StringBuilder("[");
                    for (Candle c : market.klines(symbol, start, end, limit, now)) {
                        sb.append(sb.length() == 1 ? "" : ",").append(klineRow.apply(c));
                    }
                    klinesServed++;
                    return new String[] {"200", sb.append(']').toString()};
                }
                case "/api/v3/depth": {
                    String symbol = value(params, "symbol");
                    if (symbol == null || !market.knows(symbol)) {
                        return error(400, -1121, "Invalid symbol.");
                    }
                    int limit = value(params, "limit") == null ? 100 : Integer.parseInt(value(params, "limit"));
                    return new String[] {"200", depthJson(symbol.toUpperCase(Locale.ROOT), now, new double[limit],
                            new double[limit])};
                }
                default:
                    return error(404, -1, "no such path " + path);
            }
        }
    }

    private static String value(Fields params, String name) {
        Fields.Field f = params.get(name);
        return f == null ? null : f.getValue();
    }

    private static String[] error(int status, int code, String msg) {
        return new String[] {String.valueOf(status), "{\"code\":" + code + ",\"msg\":\"" + msg + "\"}"};
    }

    /** A REST kline row as Binance prints it. */
    public static String row(Candle c) {
        return "[" + c.openTime().toEpochMilli() + ",\"" + KlineCsv.decimal(c.open()) + "\",\""
                + KlineCsv.decimal(c.high()) + "\",\"" + KlineCsv.decimal(c.low()) + "\",\"" + KlineCsv.decimal(c.close())
                + "\",\"" + KlineCsv.decimal(c.volume()) + "\"," + c.closeTime().toEpochMilli() + ",\""
                + KlineCsv.decimal(c.quoteVolume()) + "\"," + c.trades() + ",\"" + KlineCsv.decimal(c.takerBuyBaseVolume())
                + "\",\"" + KlineCsv.decimal(c.takerBuyQuoteVolume()) + "\",\"0\"]";
    }

    /**
     * A row format ({@link #klineRows}) that prints each kline with the decimal strings of a kline CSV in the header
     * layout ({@code .gz} read through gzip), digit for digit, as Binance would; a kline that is not in the file or
     * differs from it (a forming one) is printed by {@link #row(Candle)}.
     */
    public static java.util.function.Function<Candle, String> rowsAsIn(java.nio.file.Path csv) {
        Map<Long, String[]> cells = new HashMap<>();
        try (java.io.InputStream raw = java.nio.file.Files.newInputStream(csv);
                java.io.InputStream in = csv.toString().endsWith(".gz") ? new java.util.zip.GZIPInputStream(raw) : raw;
                java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(in,
                        java.nio.charset.StandardCharsets.UTF_8))) {
            List<String> header = List.of(r.readLine().split(","));
            if (!header.subList(0, KlineCsv.COLUMNS.size()).equals(KlineCsv.COLUMNS)) {
                throw new IllegalArgumentException(csv + " is not in the header layout " + KlineCsv.COLUMNS);
            }
            String line;
            while ((line = r.readLine()) != null) {
                String[] c = line.split(",");
                cells.put(Long.parseLong(c[0]), c);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return c -> {
            String[] f = cells.get(c.openTime().toEpochMilli());
            if (f == null || Double.parseDouble(f[1]) != c.open() || Double.parseDouble(f[2]) != c.high()
                    || Double.parseDouble(f[3]) != c.low() || Double.parseDouble(f[4]) != c.close()
                    || Double.parseDouble(f[5]) != c.volume() || Double.parseDouble(f[7]) != c.quoteVolume()
                    || Double.parseDouble(f[9]) != c.takerBuyBaseVolume()
                    || Double.parseDouble(f[10]) != c.takerBuyQuoteVolume()) {
                return row(c);
            }
            return "[" + f[0] + ",\"" + f[1] + "\",\"" + f[2] + "\",\"" + f[3] + "\",\"" + f[4] + "\",\"" + f[5] + "\","
                    + f[6] + ",\"" + f[7] + "\"," + f[8] + ",\"" + f[9] + "\",\"" + f[10] + "\",\"0\"]";
        };
    }

    /**
     * For a fake on a real clock: calls {@link #emit()} every {@code period} of real time on a daemon thread,
     * like Binance's 2-second pushes, until {@link #close()}. (On a {@link VirtualTime} the pushes follow its
     * advances instead.)
     */
    public void autoPush(Duration period) {
        synchronized (lock) {
            if (pusher != null) {
                throw new IllegalStateException("already pushing");
            }
            pusher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "fake-binance-pusher");
                t.setDaemon(true);
                return t;
            });
            pusher.scheduleAtFixedRate(this::emit, period.toMillis(), period.toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the server. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (pusher != null) {
                pusher.shutdownNow();
            }
        }
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the fake Binance", e);
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "FakeBinance[" + restUrl() + ", sockets=" + peers.size() + ", requests=" + requests.size() + "]";
        }
    }

    /** For tests: the weight counted per minute (epoch minute to weight). */
    public Map<Long, Integer> weightByMinute() {
        synchronized (lock) {
            return new LinkedHashMap<>(weightByMinute);
        }
    }
}
