package dev.candlesignal.binance;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candlesignal.Candle;
import dev.candlesignal.CandleListener;
import dev.candlesignal.CandleSource;
import dev.candlesignal.CandleSourceException;
import dev.candlesignal.SourceNeeds;
import dev.candlesignal.StreamKey;
import dev.candlesignal.Subscription;
import dev.candlesignal.binance.internal.Activity;
import dev.candlesignal.binance.internal.ApiKey;
import dev.candlesignal.binance.internal.HealthCounters;
import dev.candlesignal.binance.internal.KlinePager;
import dev.candlesignal.binance.internal.LiveSubscription;
import dev.candlesignal.binance.internal.RateLimiter;
import dev.candlesignal.binance.internal.RestClient;
import dev.candlesignal.binance.internal.Retrier;
import dev.candlesignal.binance.internal.ServerClock;
import dev.candlesignal.binance.internal.SourceClosedException;
import dev.candlesignal.binance.internal.SourceParts;
import dev.candlesignal.binance.internal.StreamConnection;
import dev.candlesignal.binance.internal.SystemScheduler;
import dev.candlesignal.binance.internal.Waiter;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Binance spot market data as a {@link CandleSource}: history over REST ({@code GET /api/v3/klines}) and live
 * closed candles over WebSocket kline streams, with no candle lost and none delivered twice, whatever the network
 * does. No API key is needed.
 *
 * {@snippet :
 * try (BinanceCandleSource binance = BinanceCandleSource.builder().build()) {
 *     StreamKey btc = StreamKey.of("BTCUSDT", Interval.HOUR_1);
 *     List<Candle> lastWeek = binance.history(btc, Instant.now().minus(Duration.ofDays(7)), Instant.now());
 *     Subscription live = binance.subscribe(List.of(btc), StartPosition.lastClosed(200), (stream, candle) ->
 *             System.out.println(stream + " " + candle.close()));
 *     // ... later
 *     live.close();
 * }
 * }
 *
 * <h2>History</h2>
 * {@link #history} pages by open time, 1000 klines per request, and returns closed candles only: the still-open
 * last kline is never returned. "Closed" is decided on the exchange's clock (the injected clock corrected by the
 * offset measured with {@code GET /api/v3/time}), with a {@linkplain Builder#closeConfirmationDelay safety
 * margin}. Hours the exchange has no candle for (outages) are simply absent. Retryable failures (I/O, 5xx, 429,
 * 418) are retried {@linkplain Builder#historyAttempts a few times}; then, or for a client error such as an
 * unknown symbol, a {@link CandleSourceException} ({@link BinanceApiException} for HTTP errors) is thrown.
 * {@link #historyKlines} streams the same klines page by page, with Binance's decimal strings as sent.
 *
 * <h2>Live</h2>
 * {@link #subscribe(Collection, StartPosition, CandleListener)} delivers each closed candle ({@code x: true}) of
 * each stream exactly once, in open-time order, from its {@link StartPosition}. Streams go over combined-stream
 * connections ({@code /stream?streams=...}, at most {@linkplain Builder#maxStreamsPerConnection 1024 streams
 * each}; streams beyond {@linkplain Builder#urlStreamsPerConnection the URL's share} follow in SUBSCRIBE messages
 * paced far below Binance's 5 messages per second).
 *
 * <p><b>Per stream</b>, a cursor holds the open time of the next candle to deliver:
 * <pre>
 *   kline event opened at t      | cursor c                 | action
 *   -----------------------------+--------------------------+--------------------------------------------------
 *   t &lt; c                        |                          | duplicate or stale: counted, dropped
 *   t &gt; c (closed or still open) | slots c..t not yet asked | fetch [c, t) over REST and deliver it first; slots
 *                                |                          | REST has not got are an outage: one onGap, then on
 *   t == c, x: true              |                          | deliver; c = next slot
 *   t == c, x: false             |                          | nothing (still forming)
 *   stream (re)subscribed on a new socket                   | fetch every candle closed since c over REST
 * </pre>
 * "A newer kline arrived" thus also closes the previous one when its {@code x: true} event is lost, and the
 * history before a past start position arrives through the same repair, so history and live meet without a gap
 * or a duplicate.
 *
 * <p><b>Per connection</b> (a state machine: connecting, open, rotating, backing off, closed):
 * <ul>
 *   <li>reconnects use {@linkplain Builder#reconnectBackoff jittered exponential backoff} and never give up;
 *       attempts stay under {@linkplain Builder#connectionAttemptLimit a limit per 5 minutes};</li>
 *   <li>a connection is replaced before Binance's 24 h limit ({@linkplain Builder#rotateAfter planned
 *       rotation}) and on {@code serverShutdown}, opening the new socket before closing the old;</li>
 *   <li>pings are answered with pongs carrying the same payload;</li>
 *   <li>a watchdog reconnects a connection on which a kline stream was {@linkplain Builder#silenceTimeout
 *       silent} too long although the socket is open.</li>
 * </ul>
 *
 * <p><b>Bad input</b>: malformed JSON, unknown events, klines for streams or symbols not subscribed, non-numeric
 * prices, stale or duplicate klines and HTTP error bodies are logged with context, counted by
 * {@link RejectReason} in {@link #health()}, never delivered, and never stop the stream. REST failures during a
 * subscription are retried without a limit. A symbol Binance does not know ends the subscription with
 * {@link CandleListener#onFailure} (a {@link BinanceApiException}) right after the start; a listener that throws
 * ends its subscription the same way.
 *
 * <h2>Order book</h2>
 * With {@link Builder#orderBookLevels(int)}, or {@link Builder#serve(SourceNeeds)} with a feature set's needs, the
 * source also subscribes to {@code <symbol>@depth<N>@100ms} and
 * attaches to each delivered candle the last snapshot received at or before its close time
 * ({@link Candle#withOrderBook}), for the standard14 order-book-imbalance feature. Without a recent enough
 * snapshot, a REST {@code GET /api/v3/depth} snapshot stands in if the candle closed at most
 * {@linkplain Builder#orderBookMaxAge the maximum age} ago; older repaired candles carry no order book.
 * {@link #history} never attaches one (Binance keeps no order-book history).
 *
 * <h2>Rate limits</h2>
 * Every REST request goes through one limiter per source that keeps the request weight per minute under
 * {@linkplain Builder#requestWeightShare a share} of Binance's 6000, using Binance's own
 * {@code X-MBX-USED-WEIGHT-1M} when it is higher, and stops every request until {@code Retry-After} has passed
 * after a 429 or 418. Candles are repaired one request at a time per subscription.
 *
 * <h2>Time</h2>
 * Everything that waits (backoff, watchdog, rate-limit windows and bans, rotation, SUBSCRIBE pacing, gap
 * confirmation) goes through the injected {@link Clock} and {@link Scheduler}, so tests can drive it with virtual
 * time. Network timeouts ({@linkplain Builder#requestTimeout request}, {@linkplain Builder#connectTimeout
 * connect}) guard real sockets and run in real time.
 *
 * <h2>Threading and ownership</h2>
 * Thread-safe. The source owns: one JDK {@link HttpClient} (its selector thread and a pool of daemon threads
 * named {@code candlesignal-binance-http-*}, which run REST calls, WebSocket callbacks and message parsing), one
 * timer thread {@code candlesignal-binance-timer} unless a {@link Scheduler} is injected, and one thread per live
 * subscription, {@code candlesignal-binance-sub-N}, which alone calls that subscription's listener (so a listener
 * is called from one thread at a time). {@link #history} runs on the calling thread. Closing a subscription stops
 * its thread and sockets; {@link #close()} closes every subscription, ends waiting {@code history} calls with a
 * {@link CandleSourceException} and stops all the threads above. It is idempotent. An injected scheduler is not
 * closed.
 */
public final class BinanceCandleSource implements CandleSource, AutoCloseable {
    private static final Duration RESYNC_EVERY = Duration.ofHours(1);

    private final BinanceEndpoints endpoints;
    private final ApiKey apiKey;
    private final int historyAttempts;
    private final HttpClient http;
    private final ExecutorService httpExecutor;
    private final SystemScheduler ownScheduler;
    private final Activity activity = new Activity();
    private final HealthCounters health = new HealthCounters();
    private final ServerClock clock;
    private final Waiter waiter;
    private final RateLimiter limiter;
    private final KlinePager pager;
    private final RestClient rest;
    private final Retrier retrier;
    private final SourceParts parts;
    private final Set<LiveSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger subscriptionCount = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    private BinanceCandleSource(Builder b) {
        this.endpoints = b.endpoints;
        this.apiKey = b.apiKey;
        this.historyAttempts = b.historyAttempts;
        Scheduler scheduler;
        if (b.scheduler != null) {
            scheduler = b.scheduler;
            ownScheduler = null;
        } else {
            ownScheduler = new SystemScheduler("candlesignal-binance-timer");
            scheduler = ownScheduler;
        }
        AtomicInteger httpThreads = new AtomicInteger();
        httpExecutor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "candlesignal-binance-http-" + httpThreads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http = HttpClient.newBuilder()
                .connectTimeout(b.connectTimeout)
                .executor(httpExecutor)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        clock = new ServerClock(b.clock, RESYNC_EVERY);
        waiter = new Waiter(b.clock, scheduler, activity);
        int budget = (int) Math.floor(b.requestWeightLimit * b.requestWeightShare);
        limiter = new RateLimiter(clock, waiter, budget, b.connectionAttemptLimit);
        retrier = new Retrier(waiter, b.backoff, b.seed);
        ObjectMapper mapper = new ObjectMapper();
        rest = new RestClient(http, endpoints.rest(), apiKey, limiter, clock, health, activity,
                b.requestTimeout, mapper);
        pager = new KlinePager(rest::klines, rest::syncTime, clock, b.closeConfirmationDelay);
        parts = new SourceParts(http, mapper, rest, pager, retrier, waiter, clock, limiter, health, activity, scheduler,
                new StreamConnection.Settings(endpoints.webSocket(), b.connectTimeout, b.rotateAfter,
                        b.controlMessageInterval, b.urlStreamsPerConnection, b.subscribeBatchSize),
                b.maxStreamsPerConnection, b.silenceTimeout, b.orderBookLevels, b.orderBookMaxAge);
    }

    /** A builder with the defaults: market-data endpoints, system clock, 50 % of 6000 weight per minute. */
    public static Builder builder() {
        return new Builder();
    }

    /** The endpoints this source uses. */
    public BinanceEndpoints endpoints() {
        return endpoints;
    }

    /**
     * Closed candles of one stream whose open time is in {@code [from, to)}, in open-time order.
     *
     * @throws CandleSourceException if Binance cannot be reached after the retries, answers with a client error
     *     ({@link BinanceApiException}, e.g. an unknown symbol), or the source is closed
     * @throws IllegalArgumentException if {@code from} is after {@code to}
     */
    @Override
    public List<Candle> history(StreamKey stream, Instant from, Instant to) {
        List<Candle> out = new ArrayList<>();
        pages(stream, from, to, (start, end) -> pager.page(stream, start, end), out::addAll);
        return List.copyOf(out);
    }

    /**
     * The closed klines of {@link #history}, streamed: each page (at most 1000 klines, in open-time order) goes to
     * {@code pages} as soon as it has arrived, on the calling thread, so a caller can write years of 1-minute
     * klines without holding them. Each kline keeps Binance's decimal strings exactly as sent
     * ({@link BinanceKline}). An exception thrown by {@code pages} ends the call and propagates unchanged; a page
     * already handed over is never handed over again.
     *
     * @throws CandleSourceException as {@link #history} does
     * @throws IllegalArgumentException if {@code from} is after {@code to}
     */
    public void historyKlines(StreamKey stream, Instant from, Instant to, Consumer<? super List<BinanceKline>> pages) {
        Objects.requireNonNull(pages, "pages");
        pages(stream, from, to, (start, end) -> pager.page(rest::klineRows, BinanceKline::candle, stream, start, end),
                pages);
    }

    /** One page of rows from {@code start}, up to {@code end} (exclusive). */
    @FunctionalInterface
    private interface PageReader<R> {
        KlinePager.Page<R> read(Instant start, Optional<Instant> end) throws InterruptedException;
    }

    /** Pages through {@code [from, to)}, retrying each page, and hands the closed rows of each to {@code sink}. */
    private <R> void pages(StreamKey stream, Instant from, Instant to, PageReader<R> reader,
            Consumer<? super List<R>> sink) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("history range is empty: from " + from + " is after to " + to);
        }
        checkOpen();
        activity.enter();
        try {
            // no candle that is closed now can open later than this; keeps endTime a sane number
            Instant horizon = clock.now().plus(Duration.ofDays(32));
            Instant end = to.isAfter(horizon) ? horizon : to;
            Instant next = from;
            while (next.isBefore(end)) {
                Instant start = next;
                KlinePager.Page<R> page = retrier.call("history of " + stream + " from " + start, historyAttempts,
                        () -> reader.read(start, Optional.of(end)));
                if (!page.closed().isEmpty()) {
                    sink.accept(page.closed());
                }
                Optional<Instant> more = page.nextStart();
                if (more.isEmpty()) {
                    break;
                }
                next = more.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CandleSourceException("interrupted while reading the history of " + stream, e);
        } finally {
            activity.exit();
        }
    }

    /** Subscribes from {@link StartPosition#live()}: the first candle delivered is the one open now. */
    @Override
    public Subscription subscribe(Collection<StreamKey> streams, CandleListener listener) {
        return subscribe(streams, StartPosition.live(), listener);
    }

    /**
     * Subscribes to the closed candles of {@code streams} from {@code start}. Candles before the live edge are
     * fetched over REST and delivered first, then live ones follow without a gap or a duplicate. Delivery happens
     * on the subscription's own thread.
     *
     * @throws IllegalArgumentException if {@code streams} is empty or lists a stream twice
     * @throws CandleSourceException if the source is closed
     */
    public Subscription subscribe(Collection<StreamKey> streams, StartPosition start, CandleListener listener) {
        Objects.requireNonNull(streams, "streams");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(listener, "listener");
        List<StreamKey> keys = List.copyOf(streams);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("subscribe needs at least one stream");
        }
        Set<String> seen = new HashSet<>();
        for (StreamKey k : keys) {
            if (!seen.add(k.symbol().toUpperCase(java.util.Locale.ROOT) + "@" + k.interval().wireName())) {
                throw new IllegalArgumentException("stream " + k + " is listed twice");
            }
        }
        checkOpen();
        String name = "sub-" + subscriptionCount.incrementAndGet();
        LiveSubscription[] self = new LiveSubscription[1];
        LiveSubscription sub = new LiveSubscription(name, parts, keys, start, listener,
                () -> subscriptions.remove(self[0]));
        self[0] = sub;
        subscriptions.add(sub);
        sub.start();
        if (closed.get()) {
            sub.close();  // raced with close()
        }
        return sub;
    }

    /** A snapshot of connection state, counters and rate-limit state. */
    public BinanceHealth health() {
        boolean connected = !subscriptions.isEmpty() && subscriptions.stream().allMatch(LiveSubscription::allOpen);
        return new BinanceHealth(connected, health.openConnections.get(), health.wantedConnections.get(),
                health.socketsOpened.sum(),
                health.lastMessage(), health.messagesReceived.sum(), health.reconnects.sum(), health.rotations.sum(),
                health.delivered.sum(), health.backfilled.sum(), health.gaps.sum(), health.rejected(),
                limiter.usedWeight(), limiter.budget(), limiter.pausedUntil(), clock.offset());
    }

    /**
     * Whether no work is in progress: no queued or running subscription task and no REST call, except those
     * waiting on the clock. For tests that drive a virtual clock.
     */
    boolean idle() {
        return activity.idle() && subscriptions.stream().allMatch(LiveSubscription::idle);
    }

    /**
     * Closes every subscription, ends waiting {@link #history} calls, and stops the source's threads. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (LiveSubscription s : List.copyOf(subscriptions)) {
            s.close();
        }
        waiter.close();
        http.shutdownNow();
        httpExecutor.shutdownNow();
        if (ownScheduler != null) {
            ownScheduler.close();
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new SourceClosedException("the Binance source is closed");
        }
    }

    @Override
    public String toString() {
        return "BinanceCandleSource[rest=" + endpoints.rest() + ", webSocket=" + endpoints.webSocket() + ", apiKey="
                + apiKey + ", weightBudget=" + limiter.budget() + "/min]";
    }

    /**
     * Builds a {@link BinanceCandleSource}. Every setter checks its argument and names a bad value.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        /** The partial-depth stream sizes Binance offers ({@code <symbol>@depth<N>@100ms}). */
        private static final int[] DEPTH_LEVELS = {5, 10, 20};
        private BinanceEndpoints endpoints = BinanceEndpoints.MARKET_DATA;
        private Clock clock;
        private Scheduler scheduler;
        private int requestWeightLimit = 6000;
        private double requestWeightShare = 0.5;
        private int connectionAttemptLimit = 150;
        private BackoffPolicy backoff = BackoffPolicy.DEFAULT;
        private Duration silenceTimeout = Duration.ofSeconds(6);
        private Duration rotateAfter = Duration.ofHours(23);
        private int orderBookLevels;
        private Duration orderBookMaxAge = Duration.ofSeconds(5);
        private ApiKey apiKey = ApiKey.none();
        private int maxStreamsPerConnection = 1024;
        private int urlStreamsPerConnection = 200;
        private int subscribeBatchSize = 200;
        private Duration controlMessageInterval = Duration.ofMillis(500);
        private Duration closeConfirmationDelay = Duration.ofSeconds(1);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int historyAttempts = 5;
        private Long seed;

        private Builder() {
        }

        /** REST and WebSocket base URLs; default {@link BinanceEndpoints#MARKET_DATA}. */
        public Builder endpoints(BinanceEndpoints endpoints) {
            this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
            return this;
        }

        /** The REST base URL, e.g. {@code https://api.binance.com} or a test server's. */
        public Builder restBaseUrl(String url) {
            Objects.requireNonNull(url, "url");
            this.endpoints = BinanceEndpoints.of(url, endpoints.webSocket().toString());
            return this;
        }

        /** The WebSocket base URL, e.g. {@code wss://stream.binance.com:9443} or a test server's. */
        public Builder webSocketBaseUrl(String url) {
            Objects.requireNonNull(url, "url");
            this.endpoints = BinanceEndpoints.of(endpoints.rest().toString(), url);
            return this;
        }

        /**
         * The clock everything is measured on; default {@link Clock#systemUTC()}. Without a custom
         * {@link #scheduler(Scheduler)} it must tick in real time (an offset clock is fine, a fixed one is not).
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The scheduler for everything that waits; it must agree with {@link #clock(Clock)}, which is then
         * required. Default: the source's own timer thread in real time. The source does not close it.
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Binance's request-weight limit per minute; default 6000. */
        public Builder requestWeightLimit(int perMinute) {
            if (perMinute < 1) {
                throw new IllegalArgumentException("requestWeightLimit must be >= 1 but was " + perMinute);
            }
            this.requestWeightLimit = perMinute;
            return this;
        }

        /** The share of the limit this source may use, in (0, 1]; default 0.5. */
        public Builder requestWeightShare(double share) {
            if (!(share > 0 && share <= 1)) {
                throw new IllegalArgumentException("requestWeightShare must be in (0, 1] but was " + share);
            }
            this.requestWeightShare = share;
            return this;
        }

        /** WebSocket connection attempts allowed in any 5 minutes, 1 to 300 (Binance's limit); default 150. */
        public Builder connectionAttemptLimit(int per5Minutes) {
            if (per5Minutes < 1 || per5Minutes > 300) {
                throw new IllegalArgumentException("connectionAttemptLimit must be in [1, 300] but was " + per5Minutes);
            }
            this.connectionAttemptLimit = per5Minutes;
            return this;
        }

        /** Backoff between reconnect attempts and REST retries; default {@link BackoffPolicy#DEFAULT}. */
        public Builder reconnectBackoff(BackoffPolicy backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /**
         * How long a kline stream may stay silent on an open connection before the connection is replaced;
         * default 6 s (three missed 2-second pushes).
         */
        public Builder silenceTimeout(Duration timeout) {
            this.silenceTimeout = positive("silenceTimeout", timeout);
            return this;
        }

        /**
         * Replace each connection after this long (up to 5 % earlier, at random), below Binance's 24 h limit;
         * default 23 h.
         */
        public Builder rotateAfter(Duration after) {
            positive("rotateAfter", after);
            if (after.compareTo(Duration.ofHours(24)) >= 0) {
                throw new IllegalArgumentException("rotateAfter must be below Binance's 24 h limit but was " + after);
            }
            this.rotateAfter = after;
            return this;
        }

        /**
         * Attach the order book's top {@code levels} (5, 10 or 20) at each candle's close, from
         * {@code <symbol>@depth<levels>@100ms}; 0 (the default) for none.
         */
        public Builder orderBookLevels(int levels) {
            if (levels != 0 && java.util.Arrays.stream(DEPTH_LEVELS).noneMatch(l -> l == levels)) {
                throw new IllegalArgumentException("orderBookLevels must be 0, 5, 10 or 20 but was " + levels);
            }
            this.orderBookLevels = levels;
            return this;
        }

        /**
         * Configures what a consumer of the candles needs, as a feature set declares it
         * ({@code FeatureSet#needs()}): an order-book need of N levels attaches the smallest partial depth Binance
         * streams that covers it (5, 10 or 20 levels; the feature reads the best N). A need without an order book
         * leaves the order-book setting as it is.
         *
         * @throws IllegalArgumentException if more than 20 levels are needed, which Binance's depth streams do not
         *     serve
         */
        public Builder serve(SourceNeeds needs) {
            Objects.requireNonNull(needs, "needs");
            int wanted = needs.orderBookLevels();
            if (wanted == 0) {
                return this;
            }
            for (int levels : DEPTH_LEVELS) {
                if (levels >= wanted) {
                    return orderBookLevels(Math.max(levels, orderBookLevels));
                }
            }
            throw new IllegalArgumentException("an order book of " + wanted + " levels is needed, but Binance's partial"
                    + " depth streams serve at most " + DEPTH_LEVELS[DEPTH_LEVELS.length - 1] + " levels");
        }

        /**
         * How far before a close the last depth snapshot may lie, and how soon after a close a REST snapshot may
         * stand in for a missing one; default 5 s.
         */
        public Builder orderBookMaxAge(Duration maxAge) {
            this.orderBookMaxAge = positive("orderBookMaxAge", maxAge);
            return this;
        }

        /** An API key sent as {@code X-MBX-APIKEY}; not needed for market data and never logged. */
        public Builder apiKey(String key) {
            Objects.requireNonNull(key, "key");
            this.apiKey = ApiKey.of(key);
            return this;
        }

        /** Streams per WebSocket connection (klines and depth together), 1 to 1024; default 1024. */
        public Builder maxStreamsPerConnection(int streams) {
            if (streams < 1 || streams > 1024) {
                throw new IllegalArgumentException("maxStreamsPerConnection must be in [1, 1024] but was " + streams);
            }
            this.maxStreamsPerConnection = streams;
            return this;
        }

        /**
         * Streams put in a connection's URL, 0 to 1024; the rest are sent in SUBSCRIBE messages. Default 200,
         * which keeps URLs short.
         */
        public Builder urlStreamsPerConnection(int streams) {
            if (streams < 0 || streams > 1024) {
                throw new IllegalArgumentException("urlStreamsPerConnection must be in [0, 1024] but was " + streams);
            }
            this.urlStreamsPerConnection = streams;
            return this;
        }

        /** Streams per SUBSCRIBE message, 1 to 1024; default 200. */
        public Builder subscribeBatchSize(int streams) {
            if (streams < 1 || streams > 1024) {
                throw new IllegalArgumentException("subscribeBatchSize must be in [1, 1024] but was " + streams);
            }
            this.subscribeBatchSize = streams;
            return this;
        }

        /**
         * Time between SUBSCRIBE messages on one connection, at least 250 ms (Binance disconnects above 5
         * messages per second, pongs included); default 500 ms.
         */
        public Builder controlMessageInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.compareTo(Duration.ofMillis(250)) < 0) {
                throw new IllegalArgumentException("controlMessageInterval must be >= 250 ms but was " + interval);
            }
            this.controlMessageInterval = interval;
            return this;
        }

        /**
         * How long after its close time (on the exchange clock) the newest kline of a REST answer counts as
         * closed; covers the error of the clock-offset estimate. Default 1 s; zero allowed.
         */
        public Builder closeConfirmationDelay(Duration delay) {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("closeConfirmationDelay must be >= 0 but was " + delay);
            }
            this.closeConfirmationDelay = delay;
            return this;
        }

        /** Real-time timeout of one REST request; default 10 s (Binance's own). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive("requestTimeout", timeout);
            return this;
        }

        /** Real-time timeout of opening a connection; default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /** Attempts per page for {@link BinanceCandleSource#history}, >= 1; default 5. */
        public Builder historyAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("historyAttempts must be >= 1 but was " + attempts);
            }
            this.historyAttempts = attempts;
            return this;
        }

        /** Seed of the backoff and rotation jitter, for reproducible tests; default random. */
        public Builder randomSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @throws IllegalArgumentException if a scheduler is given without its clock, or the weight budget cannot
         *     hold one request
         */
        public BinanceCandleSource build() {
            if (scheduler != null && clock == null) {
                throw new IllegalArgumentException("a custom scheduler needs the clock it runs on: call clock(...) too");
            }
            int budget = (int) Math.floor(requestWeightLimit * requestWeightShare);
            int largest = orderBookLevels > 0 ? RestClient.depthWeight(orderBookLevels) : RestClient.KLINES_WEIGHT;
            if (budget < largest) {
                throw new IllegalArgumentException("a request weight budget of " + budget + " per minute ("
                        + requestWeightShare + " of " + requestWeightLimit + ") cannot hold one request of weight "
                        + largest);
            }
            Builder b = copy();
            if (b.clock == null) {
                b.clock = Clock.systemUTC();
            }
            if (b.seed == null) {
                b.seed = System.nanoTime();
            }
            return new BinanceCandleSource(b);
        }

        private Builder copy() {
            Builder b = new Builder();
            b.endpoints = endpoints;
            b.clock = clock;
            b.scheduler = scheduler;
            b.requestWeightLimit = requestWeightLimit;
            b.requestWeightShare = requestWeightShare;
            b.connectionAttemptLimit = connectionAttemptLimit;
            b.backoff = backoff;
            b.silenceTimeout = silenceTimeout;
            b.rotateAfter = rotateAfter;
            b.orderBookLevels = orderBookLevels;
            b.orderBookMaxAge = orderBookMaxAge;
            b.apiKey = apiKey;
            b.maxStreamsPerConnection = maxStreamsPerConnection;
            b.urlStreamsPerConnection = urlStreamsPerConnection;
            b.subscribeBatchSize = subscribeBatchSize;
            b.controlMessageInterval = controlMessageInterval;
            b.closeConfirmationDelay = closeConfirmationDelay;
            b.requestTimeout = requestTimeout;
            b.connectTimeout = connectTimeout;
            b.historyAttempts = historyAttempts;
            b.seed = seed;
            return b;
        }

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be > 0 but was " + d);
            }
            return d;
        }

        @Override
        public String toString() {
            return "BinanceCandleSource.Builder[" + endpoints + ", apiKey=" + apiKey + "]";
        }
    }
}
