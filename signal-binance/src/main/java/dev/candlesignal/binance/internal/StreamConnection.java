package dev.candlesignal.binance.internal;

import dev.candlesignal.binance.RejectReason;
import dev.candlesignal.binance.Scheduler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logical combined-stream connection (at most 1024 streams) that is kept up for ever.
 *
 * <h2>State machine</h2>
 * <pre>
 *   IDLE --start--> CONNECTING --opened--> OPEN --rotation due / serverShutdown--> ROTATING --new socket opened--> OPEN
 *                      |   ^                 |                                      |   (old socket closed
 *               failed |   | backoff due     | closed / error / watchdog: silent    |    after the new one opened)
 *                      v   |                 v                                      |
 *                     BACKOFF &lt;--------------+        ROTATING --new socket failed--> OPEN (rotation retried later)
 *                                                     ROTATING --old socket lost----> CONNECTING
 *   any --close--> CLOSED
 * </pre>
 * Each socket has a generation number; events of a socket that is no longer current are ignored (its data
 * messages are still used: data is data, and the stream cursors drop what was delivered already). Reconnects
 * wait for the jittered exponential backoff, which starts over once a socket stayed up for a minute; every
 * attempt also needs a permit from the {@link RateLimiter}'s connection-attempt window. A planned rotation opens
 * the new socket before closing the old one, so nothing is missed.
 *
 * <h2>Subscribing</h2>
 * The first streams go in the URL ({@code /stream?streams=a/b/c}); the rest follow in SUBSCRIBE messages of up
 * to {@code batchSize} streams, one per {@code controlInterval}, far below Binance's 5 messages per second. A
 * stream counts as live once its subscription holds (at open for URL streams, on the SUBSCRIBE answer for the
 * others); the owner then repairs it over REST.
 *
 * <h2>Threading</h2>
 * Confined to the subscription's actor thread, except {@link #touch} and {@link #socketEnded}, which socket
 * threads call.
 */
public final class StreamConnection {
    private static final Logger log = LoggerFactory.getLogger(StreamConnection.class);
    private static final Duration STABLE_AFTER = Duration.ofMinutes(1);

    /** Connection states; see the class comment. */
    public enum State { IDLE, CONNECTING, OPEN, ROTATING, BACKOFF, CLOSED }

    /** Told when streams become live on a new socket. */
    public interface Owner {
        void streamsLive(StreamConnection connection, List<String> streams) throws InterruptedException;
    }

    /** Settings shared by a subscription's connections. */
    public record Settings(URI webSocketBase, Duration connectTimeout, Duration rotateAfter, Duration controlInterval,
            int urlStreams, int batchSize) {
    }

    /**
     * What every connection of one subscription shares: its settings, the clients and limits of the source, the
     * subscription's actor, router and counters, and the owner told about live streams.
     *
     * @param clock the local clock (for timestamps and the watchdog), not the exchange clock
     * @param backoff the reconnect backoff
     */
    public record Shared(Settings settings, HttpClient http, RateLimiter limiter, Scheduler scheduler, Clock clock,
            Actor actor, Retrier backoff, HealthCounters health, MessageRouter router, Owner owner, Activity activity) {
        public Shared {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(http, "http");
            Objects.requireNonNull(limiter, "limiter");
            Objects.requireNonNull(scheduler, "scheduler");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(backoff, "backoff");
            Objects.requireNonNull(health, "health");
            Objects.requireNonNull(router, "router");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(activity, "activity");
        }
    }

    private record Socket(long generation, WebSocket webSocket, Instant openedAt) {
    }

    private final String id;
    private final List<String> streams;
    private final Set<String> watched;
    private final Settings settings;
    private final HttpClient http;
    private final RateLimiter limiter;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Actor actor;
    private final Retrier backoff;
    private final HealthCounters health;
    private final MessageRouter router;
    private final Owner owner;
    private final Activity activity;

    private State state = State.IDLE;
    private long generation;
    private long connecting = -1;
    private volatile Socket current;
    private int attempts;
    private boolean attemptedBefore;
    private Scheduler.Cancellable reconnectTimer;
    private Scheduler.Cancellable rotationTimer;
    private Scheduler.Cancellable subscribeTimer;
    private final ArrayDeque<List<String>> pendingBatches = new ArrayDeque<>();
    private final Map<Long, List<String>> awaitingAnswer = new HashMap<>();
    private long nextRequestId = 1;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private final Map<String, Instant> liveSince = new HashMap<>();
    private final Map<String, Instant> lastMessage = new ConcurrentHashMap<>();

    /**
     * @param id name in logs, e.g. {@code sub-1/0}
     * @param streams the combined-stream names this connection carries (at most 1024)
     * @param watched the kline streams among them, which the silence watchdog checks
     * @param shared what the subscription's connections share
     */
    public StreamConnection(String id, List<String> streams, Set<String> watched, Shared shared) {
        this.id = id;
        this.streams = List.copyOf(streams);
        this.watched = Set.copyOf(watched);
        this.settings = shared.settings();
        this.http = shared.http();
        this.limiter = shared.limiter();
        this.scheduler = shared.scheduler();
        this.clock = shared.clock();
        this.actor = shared.actor();
        this.backoff = shared.backoff();
        this.health = shared.health();
        this.router = shared.router();
        this.owner = shared.owner();
        this.activity = shared.activity();
    }

    public String id() {
        return id;
    }

    public State state() {
        return state;
    }

    public List<String> streams() {
        return streams;
    }

    /** Opens the first socket. */
    public void start() {
        if (state == State.IDLE) {
            connect();
        }
    }

    // ----------------------------------------------------------------------------------------- socket threads

    /** A data message for {@code stream} arrived (socket thread). */
    public void touch(String stream) {
        lastMessage.put(stream, clock.instant());
    }

    /** The socket of {@code generation} closed or failed (socket thread). */
    void socketEnded(long generation, String why) {
        actor.post(() -> onSocketEnded(generation, why));
    }

    // ------------------------------------------------------------------------------------------- actor thread

    private void connect() {
        if (state == State.CLOSED) {
            return;
        }
        Instant now = clock.instant();
        Optional<Instant> notBefore = limiter.tryConnectionAttempt(now);
        if (notBefore.isPresent()) {
            log.warn("connection {}: connection-attempt limit reached; next attempt at {}", id, notBefore.get());
            if (state != State.ROTATING) {
                state = State.BACKOFF;
            }
            reconnectTimer = later(Duration.between(now, notBefore.get()), this::connectIfWanted);
            return;
        }
        long g = ++generation;
        connecting = g;
        if (state != State.ROTATING) {
            if (attemptedBefore) {
                health.reconnects.increment();
            }
            state = State.CONNECTING;
        }
        attemptedBefore = true;
        List<String> inUrl = streams.subList(0, Math.min(settings.urlStreams(), streams.size()));
        URI uri = StreamNames.combined(settings.webSocketBase(), inUrl);
        log.debug("connection {}: connecting (generation {}) to {}", id, g, settings.webSocketBase());
        CompletableFuture<WebSocket> cf;
        activity.enterAsync();  // an attempt in flight is work in progress
        try {
            cf = http.newWebSocketBuilder()
                    .connectTimeout(settings.connectTimeout())
                    .buildAsync(uri, new SocketListener(this, g, router, health));
        } catch (RuntimeException e) {
            cf = CompletableFuture.failedFuture(e);
        }
        cf.whenComplete((ws, error) -> {
            boolean posted = actor.post(() -> {
                if (error == null) {
                    onOpened(g, ws);
                } else {
                    onConnectFailed(g, error);
                }
            });
            activity.exitAsync();
            if (!posted && ws != null) {
                ws.abort();
            }
        });
    }

    private void connectIfWanted() {
        if (connecting < 0 && (state == State.BACKOFF || state == State.ROTATING)) {
            connect();
        }
    }

    private void onOpened(long g, WebSocket ws) throws InterruptedException {
        if (state == State.CLOSED || g != connecting) {
            ws.abort();
            return;
        }
        connecting = -1;
        Socket old = current;
        current = new Socket(g, ws, clock.instant());
        sending = CompletableFuture.completedFuture(null);
        health.socketsOpened.increment();
        if (old == null) {
            health.openConnections.incrementAndGet();
        } else {
            retire(old);
        }
        state = State.OPEN;
        log.info("connection {}: open ({} streams, generation {})", id, streams.size(), g);
        cancel(rotationTimer);
        Duration rotateIn = Duration.ofMillis((long) (settings.rotateAfter().toMillis() * (1 - 0.05 * backoff.nextUnit())));
        rotationTimer = later(rotateIn, () -> rotate(g, "planned rotation before the 24 h connection limit"));
        liveSince.clear();
        awaitingAnswer.clear();
        pendingBatches.clear();
        int inUrl = Math.min(settings.urlStreams(), streams.size());
        for (int i = inUrl; i < streams.size(); i += settings.batchSize()) {
            pendingBatches.add(streams.subList(i, Math.min(streams.size(), i + settings.batchSize())));
        }
        cancel(subscribeTimer);
        sendNextBatch(g);
        markLive(streams.subList(0, inUrl));
    }

    private void retire(Socket old) {
        log.info("connection {}: closing the replaced socket (generation {})", id, old.generation());
        try {
            old.webSocket().sendClose(WebSocket.NORMAL_CLOSURE, "rotated").whenComplete((w, e) -> old.webSocket().abort());
        } catch (RuntimeException e) {
            old.webSocket().abort();
        }
    }

    private void markLive(List<String> names) throws InterruptedException {
        Instant now = clock.instant();
        for (String n : names) {
            liveSince.put(n, now);
        }
        if (!names.isEmpty()) {
            owner.streamsLive(this, names);
        }
    }

    private void sendNextBatch(long g) {
        if (current == null || current.generation() != g || pendingBatches.isEmpty()) {
            return;
        }
        List<String> batch = pendingBatches.poll();
        long requestId = nextRequestId++;
        awaitingAnswer.put(requestId, batch);
        StringBuilder msg = new StringBuilder("{\"method\":\"SUBSCRIBE\",\"params\":[");
        for (int i = 0; i < batch.size(); i++) {
            msg.append(i == 0 ? "" : ",").append('"').append(batch.get(i)).append('"');
        }
        msg.append("],\"id\":").append(requestId).append('}');
        WebSocket ws = current.webSocket();
        String text = msg.toString();
        sending = sending.handle((x, e) -> null).thenCompose(x -> ws.sendText(text, true));
        if (!pendingBatches.isEmpty()) {
            subscribeTimer = later(settings.controlInterval(), () -> sendNextBatch(g));
        }
    }

    /** The answer to SUBSCRIBE request {@code requestId} on the socket of {@code g}. */
    public void onSubscribeAnswer(long g, long requestId, Optional<String> error) throws InterruptedException {
        if (current == null || current.generation() != g) {
            return;
        }
        List<String> batch = awaitingAnswer.remove(requestId);
        if (batch == null) {
            health.reject(RejectReason.UNKNOWN_EVENT, "connection " + id, "answer to unknown request id " + requestId);
            return;
        }
        if (error.isPresent()) {
            health.reject(RejectReason.SUBSCRIBE_ERROR, "connection " + id, "SUBSCRIBE " + batch.size()
                    + " streams failed: " + HealthCounters.excerpt(error.get()));
            return;
        }
        markLive(batch);
    }

    private void onConnectFailed(long g, Throwable error) {
        if (state == State.CLOSED || g != connecting) {
            return;
        }
        connecting = -1;
        Duration delay = backoff.delay(attempts++);
        if (state == State.ROTATING && current != null) {
            log.warn("connection {}: rotation attempt failed ({}); keeping the current socket, retrying in {} ms",
                    id, error.toString(), delay.toMillis());
            state = State.OPEN;
            long cg = current.generation();
            rotationTimer = later(delay, () -> rotate(cg, "retrying rotation"));
            return;
        }
        log.warn("connection {}: connect failed ({}); retrying in {} ms", id, error.toString(), delay.toMillis());
        state = State.BACKOFF;
        reconnectTimer = later(delay, this::connectIfWanted);
    }

    private void onSocketEnded(long g, String why) {
        if (current != null && current.generation() == g) {
            drop("socket " + why);
        }
    }

    /** Drops the current socket (lost, or silent) and reconnects after the backoff. */
    private void drop(String why) {
        Socket s = current;
        current = null;
        health.openConnections.decrementAndGet();
        cancel(subscribeTimer);
        cancel(rotationTimer);
        s.webSocket().abort();
        liveSince.clear();
        if (!clock.instant().isBefore(s.openedAt().plus(STABLE_AFTER))) {
            attempts = 0;
        }
        if (state == State.ROTATING && connecting >= 0) {
            log.warn("connection {}: {}; the rotation's new socket is on its way", id, why);
            state = State.CONNECTING;
            return;
        }
        Duration delay = backoff.delay(attempts++);
        log.warn("connection {}: {}; reconnecting in {} ms", id, why, delay.toMillis());
        state = State.BACKOFF;
        reconnectTimer = later(delay, this::connectIfWanted);
    }

    /** Starts a planned rotation of the socket of {@code g}, if it is still the current one. */
    public void rotate(long g, String why) {
        if (state != State.OPEN || current == null || current.generation() != g) {
            return;
        }
        log.info("connection {}: {}; opening a new socket before closing this one", id, why);
        health.rotations.increment();
        state = State.ROTATING;
        connect();
    }

    /** The server announced a shutdown of the socket of {@code g}. */
    public void onServerShutdown(long g) {
        rotate(g, "serverShutdown received");
    }

    /**
     * The first watched stream that has been silent longer than {@code timeout} on the open socket.
     */
    public Optional<String> silentStream(Duration timeout) {
        if (current == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        for (Map.Entry<String, Instant> e : liveSince.entrySet()) {
            if (!watched.contains(e.getKey())) {
                continue;
            }
            Instant last = e.getValue();
            Instant msg = lastMessage.get(e.getKey());
            if (msg != null && msg.isAfter(last)) {
                last = msg;
            }
            if (Duration.between(last, now).compareTo(timeout) > 0) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** The watchdog found the socket silent: drop it and reconnect. */
    public void reconnectSilent(String why) {
        if (current != null) {
            drop(why);
        }
    }

    /** Whether a socket is open now. */
    public boolean isOpen() {
        return current != null;
    }

    /** Closes the socket(s) and cancels the timers; idempotent. */
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        cancel(reconnectTimer);
        cancel(rotationTimer);
        cancel(subscribeTimer);
        connecting = -1;
        if (current != null) {
            health.openConnections.decrementAndGet();
            current.webSocket().abort();
            current = null;
        }
    }

    private Scheduler.Cancellable later(Duration delay, Actor.Task task) {
        return scheduler.schedule(delay, () -> actor.post(task));
    }

    private static void cancel(Scheduler.Cancellable c) {
        if (c != null) {
            c.cancel();
        }
    }

    @Override
    public String toString() {
        return "connection " + id + " " + state + " " + new ArrayList<>(streams).size() + " streams";
    }
}
