package dev.candlesignal.binance.internal;

import dev.candlesignal.Candle;
import dev.candlesignal.CandleListener;
import dev.candlesignal.CandleSourceException;
import dev.candlesignal.Gap;
import dev.candlesignal.OrderBookSnapshot;
import dev.candlesignal.StreamKey;
import dev.candlesignal.Subscription;
import dev.candlesignal.binance.BinanceApiException;
import dev.candlesignal.binance.Scheduler;
import dev.candlesignal.binance.StartPosition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code subscribe} call: its stream cursors, its connections and the thread that delivers its candles.
 *
 * <h2>Per-stream delivery</h2>
 * Each stream has a {@link StreamCursor}: the open time of the next candle to deliver. It is set at start from the
 * {@link StartPosition} with one REST call per stream, which also checks that Binance knows the symbol (an
 * unknown one ends the subscription with {@code onFailure}). From then on {@link StreamDelivery} applies the
 * rules: repair over REST whenever a stream becomes live on a socket and whenever a kline newer than the cursor
 * arrives, deliver a closed kline at the cursor, drop duplicates and stale klines, report outages as gaps. With
 * a start position in the past, the first repair is how the start history arrives, so history and live candles
 * meet without a gap or a duplicate.
 *
 * <h2>Threading</h2>
 * All of the above runs on the subscription's own {@link Actor} thread, which also calls the listener (one
 * thread at a time, as {@link CandleListener} promises). Socket threads only parse messages and post them.
 * {@link #close()} may be called from any thread, the listener included; from another thread it waits (up to
 * 10 s) until the subscription's thread has ended and its sockets are closed.
 */
public final class LiveSubscription implements Subscription, MessageRouter.Target, StreamConnection.Owner {
    private static final Logger log = LoggerFactory.getLogger(LiveSubscription.class);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final SourceParts parts;
    private final List<StreamKey> keys;
    private final StartPosition start;
    private final CandleListener listener;
    private final Runnable onEnd;
    private final Actor actor;
    private final StreamDelivery delivery;
    private final DepthBook depthBook = new DepthBook();
    private final Map<String, StreamKey> klineNames = new LinkedHashMap<>();
    private final Map<StreamKey, StreamCursor> cursors = new LinkedHashMap<>();
    private final List<StreamConnection> connections = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean terminated;
    private Scheduler.Cancellable watchdogTimer;

    public LiveSubscription(String name, SourceParts parts, List<StreamKey> keys, StartPosition start,
            CandleListener listener, Runnable onEnd) {
        this.name = name;
        this.parts = parts;
        this.keys = List.copyOf(keys);
        this.start = start;
        this.listener = listener;
        this.onEnd = onEnd;
        this.actor = new Actor("candlesignal-binance-" + name, parts.activity(), this::cleanUp, this::taskFailed);
        this.delivery = new StreamDelivery(new Backfiller(parts.pager(), parts.retrier(), parts.waiter(), parts.clock()),
                parts.clock(), parts.health(), new ListenerSink());

        Map<String, String> depthNames = new LinkedHashMap<>();
        List<String> all = new ArrayList<>();
        Set<String> symbolsWithDepth = new LinkedHashSet<>();
        for (StreamKey k : keys) {
            String n = StreamNames.kline(k);
            klineNames.put(n, k);
            all.add(n);
            if (parts.depthLevels() > 0 && symbolsWithDepth.add(k.symbol().toUpperCase(java.util.Locale.ROOT))) {
                String d = StreamNames.depth(k.symbol(), parts.depthLevels());
                depthNames.put(d, k.symbol());
                all.add(d);
            }
        }
        MessageRouter router = new MessageRouter(parts.mapper(), klineNames, depthNames, depthBook, parts.depthLevels(),
                parts.health(), parts.clock(), this);
        StreamConnection.Shared shared = new StreamConnection.Shared(parts.connection(), parts.http(), parts.limiter(),
                parts.scheduler(), parts.clock().local(), actor, parts.retrier(), parts.health(), router, this,
                parts.activity());
        int per = parts.maxStreamsPerConnection();
        for (int i = 0, c = 0; i < all.size(); i += per, c++) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + per));
            Set<String> watched = new LinkedHashSet<>(chunk);
            watched.retainAll(klineNames.keySet());
            connections.add(new StreamConnection(name + "/" + c, chunk, watched, shared));
        }
    }

    /** Starts the subscription thread; the start positions are resolved there, then the sockets open. */
    public void start() {
        parts.health().liveSubscriptions.incrementAndGet();
        parts.health().wantedConnections.addAndGet(connections.size());
        actor.start();
        actor.post(this::begin);
    }

    @Override
    public boolean isActive() {
        return !closed.get() && !terminated;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            actor.join(JOIN_TIMEOUT);
            return;
        }
        actor.stop();
        if (!actor.join(JOIN_TIMEOUT)) {
            log.warn("subscription {}: its thread did not end within {} (a listener call blocks?)", name, JOIN_TIMEOUT);
        }
    }

    /** Whether this subscription has nothing to do but wait for the clock (for tests with a virtual clock). */
    public boolean idle() {
        return actor.idle();
    }

    // ------------------------------------------------------------------------------ socket threads -> actor

    @Override
    public void kline(StreamKey key, KlineParser.LiveKline kline) {
        actor.post(() -> onKline(key, kline));
    }

    @Override
    public void serverShutdown(StreamConnection connection, long generation) {
        actor.post(() -> connection.onServerShutdown(generation));
    }

    @Override
    public void subscribeAnswer(StreamConnection connection, long generation, long id, Optional<String> error) {
        actor.post(() -> connection.onSubscribeAnswer(generation, id, error));
    }

    // -------------------------------------------------------------------------------------------- actor thread

    private void begin() throws InterruptedException {
        for (StreamKey key : keys) {
            Instant next = parts.retrier().forever("start of " + key, () -> resolveStart(key),
                    LiveSubscription::fatalAtStart);
            cursors.put(key, new StreamCursor(key, next));
            log.info("subscription {}: {} starts at {}", name, key, next);
        }
        for (StreamConnection c : connections) {
            c.start();
        }
        scheduleWatchdog();
    }

    private static boolean fatalAtStart(CandleSourceException e) {
        return e instanceof BinanceApiException b && b.status() >= 400 && b.status() < 500 && !b.isRetryable();
    }

    private Instant resolveStart(StreamKey key) throws InterruptedException {
        RestClient rest = parts.rest();
        KlinePager pager = parts.pager();
        if (start instanceof StartPosition.From from) {
            rest.klines(key, Optional.empty(), Optional.empty(), 1);  // checks the symbol
            return from.openTime();
        }
        if (start instanceof StartPosition.LastClosed last) {
            List<Instant> closedOpens = new ArrayList<>();  // newest first
            Optional<Instant> end = Optional.empty();
            boolean newestSeen = false;
            while (closedOpens.size() < last.count()) {
                int limit = Math.min(RestClient.MAX_KLINES, last.count() - closedOpens.size() + (newestSeen ? 0 : 1));
                List<Candle> rows = rest.klines(key, Optional.empty(), end, limit);
                if (rows.isEmpty()) {
                    break;
                }
                pager.syncIfStale();
                Instant now = parts.clock().now();
                for (int i = rows.size() - 1; i >= 0 && closedOpens.size() < last.count(); i--) {
                    Candle c = rows.get(i);
                    if (!newestSeen) {
                        newestSeen = true;
                        if (!pager.isClosed(c, now)) {
                            continue;
                        }
                    }
                    closedOpens.add(c.openTime());
                }
                end = Optional.of(rows.get(0).openTime().minusMillis(1));
                if (rows.size() < limit) {
                    break;
                }
            }
            if (!closedOpens.isEmpty()) {
                return closedOpens.get(closedOpens.size() - 1);
            }
        }
        List<Candle> newest = rest.klines(key, Optional.empty(), Optional.empty(), 1);
        pager.syncIfStale();
        Instant now = parts.clock().now();
        if (newest.isEmpty()) {
            return now;  // a symbol without candles yet: whatever opens from now on
        }
        Candle c = newest.get(0);
        return pager.isClosed(c, now) ? key.interval().next(c.openTime()) : c.openTime();
    }

    @Override
    public void streamsLive(StreamConnection connection, List<String> streams) throws InterruptedException {
        for (String s : streams) {
            StreamKey key = klineNames.get(s);
            if (key != null && !terminated) {
                delivery.onLive(cursors.get(key));
            }
        }
    }

    private void onKline(StreamKey key, KlineParser.LiveKline kline) throws InterruptedException {
        if (terminated) {
            return;
        }
        if (parts.depthLevels() > 0 && !kline.closed()) {
            depthBook.expectClose(key.symbol(), kline.candle().closeTime());
        }
        delivery.onKline(cursors.get(key), kline);
    }

    /** Hands a candle (and any gap before it) to the listener; called by {@link StreamDelivery}. */
    private final class ListenerSink implements StreamDelivery.Sink {
        @Override
        public void gap(Gap gap) {
            checkDelivering();
            call(() -> listener.onGap(gap));
        }

        @Override
        public void candle(StreamKey key, Candle candle, boolean backfilled) throws InterruptedException {
            checkDelivering();
            Candle out = withOrderBook(key, candle);
            call(() -> listener.onCandle(key, out));
        }
    }

    private void checkDelivering() {
        if (closed.get() || terminated) {
            throw new SourceClosedException("subscription " + name + " closed");
        }
    }

    private Candle withOrderBook(StreamKey key, Candle candle) throws InterruptedException {
        if (parts.depthLevels() == 0) {
            return candle;
        }
        Optional<OrderBookSnapshot> book = depthBook.atClose(key.symbol(), candle.closeTime(), parts.orderBookMaxAge());
        if (book.isEmpty() && !parts.clock().now().isAfter(candle.closeTime().plus(parts.orderBookMaxAge()))) {
            try {
                book = Optional.of(parts.rest().depth(key.symbol(), parts.depthLevels()));
                log.debug("{}: no depth snapshot at {}; used a REST snapshot", key, candle.closeTime());
            } catch (SourceClosedException e) {
                throw e;
            } catch (CandleSourceException e) {
                log.warn("{}: no order book for the candle closed at {}: {}", key, candle.closeTime(), e.getMessage());
            }
        }
        return book.map(candle::withOrderBook).orElse(candle);
    }

    private void call(Runnable listenerCall) {
        try {
            listenerCall.run();
        } catch (RuntimeException e) {
            throw new ListenerException(e);
        }
    }

    private void scheduleWatchdog() {
        Duration period = parts.silenceTimeout().dividedBy(3);
        if (period.compareTo(Duration.ofMillis(100)) < 0) {
            period = Duration.ofMillis(100);
        }
        watchdogTimer = parts.scheduler().schedule(period, () -> actor.post(this::watchdog));
    }

    private void watchdog() {
        if (terminated) {
            return;
        }
        for (StreamConnection c : connections) {
            c.silentStream(parts.silenceTimeout()).ifPresent(stream -> c.reconnectSilent("stream " + stream
                    + " silent for more than " + parts.silenceTimeout().toMillis() + " ms"));
        }
        scheduleWatchdog();
    }

    private void taskFailed(Throwable t) {
        if (terminated || closed.get() && (t instanceof SourceClosedException || t instanceof InterruptedException)) {
            return;
        }
        Throwable cause = t instanceof ListenerException ? t.getCause() : t;
        if (t instanceof ListenerException) {
            log.error("subscription {}: the listener threw; ending the subscription", name, cause);
        } else if (fatalAtStart(t instanceof CandleSourceException c ? c : new CandleSourceException("", t))) {
            log.error("subscription {}: {}", name, cause.getMessage());
        } else {
            log.error("subscription {}: unexpected failure; ending the subscription", name, cause);
        }
        terminated = true;
        try {
            listener.onFailure(cause);
        } catch (RuntimeException e) {
            log.warn("subscription {}: onFailure threw", name, e);
        }
        actor.stop();
    }

    private void cleanUp() {
        if (watchdogTimer != null) {
            watchdogTimer.cancel();
        }
        for (StreamConnection c : connections) {
            c.close();
        }
        parts.health().liveSubscriptions.decrementAndGet();
        parts.health().wantedConnections.addAndGet(-connections.size());
        closed.set(true);
        onEnd.run();
        log.info("subscription {} ended", name);
    }

    /** Whether every connection has a socket open now. */
    public boolean allOpen() {
        return connections.stream().allMatch(StreamConnection::isOpen);
    }

    /** A listener callback threw; carried out of the delivery code to end the subscription. */
    private static final class ListenerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ListenerException(RuntimeException cause) {
            super(cause);
        }
    }
}
