package dev.candlesignal.binance.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candlesignal.Candle;
import dev.candlesignal.CandleSourceException;
import dev.candlesignal.OrderBookSnapshot;
import dev.candlesignal.StreamKey;
import dev.candlesignal.binance.BinanceApiException;
import dev.candlesignal.binance.BinanceKline;
import dev.candlesignal.binance.RejectReason;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The three REST calls the source makes, each through the {@link RateLimiter}: {@code GET /api/v3/klines}
 * (weight 2), {@code GET /api/v3/time} (weight 1) and {@code GET /api/v3/depth} (weight 5 up to 100 levels).
 *
 * <p>Every response's {@code X-MBX-USED-WEIGHT-1M} is fed back to the limiter; 429 and 418 pause it for their
 * {@code Retry-After}. Error statuses become {@link BinanceApiException}s, I/O failures and unreadable bodies
 * {@link CandleSourceException}s; all are counted as {@link RejectReason#HTTP_ERROR} and logged with the request
 * (never the API key, which travels only in the {@code X-MBX-APIKEY} header). This class does not retry;
 * {@link #isRetryable} tells callers what may be retried.
 *
 * <p>Thread-safe.
 */
public final class RestClient {
    public static final int KLINES_WEIGHT = 2;
    public static final int TIME_WEIGHT = 1;
    public static final int MAX_KLINES = 1000;

    private final HttpClient http;
    private final URI base;
    private final ApiKey apiKey;
    private final RateLimiter limiter;
    private final ServerClock clock;
    private final HealthCounters health;
    private final Activity activity;
    private final Duration timeout;
    private final ObjectMapper mapper;

    public RestClient(HttpClient http, URI base, ApiKey apiKey, RateLimiter limiter, ServerClock clock,
            HealthCounters health, Activity activity, Duration timeout, ObjectMapper mapper) {
        this.http = http;
        this.base = base;
        this.apiKey = apiKey;
        this.limiter = limiter;
        this.clock = clock;
        this.health = health;
        this.activity = activity;
        this.timeout = timeout;
        this.mapper = mapper;
    }

    /**
     * Klines of one stream, as Binance pages them: with {@code start} the oldest from it, with only {@code end}
     * the newest up to it, with neither the newest; at most {@code limit} (at most 1000), in open-time order. The
     * last one may still be open.
     */
    public List<Candle> klines(StreamKey key, Optional<Instant> start, Optional<Instant> endInclusive, int limit)
            throws InterruptedException {
        List<BinanceKline> rows = klineRows(key, start, endInclusive, limit);
        List<Candle> candles = new ArrayList<>(rows.size());
        for (BinanceKline row : rows) {
            candles.add(row.candle());
        }
        return candles;
    }

    /** Like {@link #klines}, keeping Binance's decimal strings beside each candle. */
    public List<BinanceKline> klineRows(StreamKey key, Optional<Instant> start, Optional<Instant> endInclusive,
            int limit) throws InterruptedException {
        if (limit < 1 || limit > MAX_KLINES) {
            throw new IllegalArgumentException("limit must be in [1, 1000] but was " + limit);
        }
        StringBuilder q = new StringBuilder("symbol=").append(key.symbol().toUpperCase(java.util.Locale.ROOT))
                .append("&interval=").append(key.interval().wireName());
        start.ifPresent(s -> q.append("&startTime=").append(s.toEpochMilli()));
        endInclusive.ifPresent(e -> q.append("&endTime=").append(e.toEpochMilli()));
        q.append("&limit=").append(limit);
        String what = "GET /api/v3/klines?" + q;
        JsonNode body = get("/api/v3/klines", q.toString(), KLINES_WEIGHT);
        if (!body.isArray()) {
            throw unreadable(what, "expected a JSON array but got " + HealthCounters.excerpt(body.toString()), null);
        }
        List<BinanceKline> rows = new ArrayList<>(body.size());
        Instant previous = null;
        for (JsonNode row : body) {
            BinanceKline k;
            try {
                k = KlineParser.restKline(row, key.interval());
            } catch (MessageRejectedException e) {
                throw unreadable(what, e.getMessage(), e);
            }
            Instant open = k.candle().openTime();
            if (previous != null && !open.isAfter(previous)) {
                throw unreadable(what, "rows are not in increasing open-time order (" + open + " after "
                        + previous + ")", null);
            }
            previous = open;
            rows.add(k);
        }
        return rows;
    }

    /** Measures the exchange clock's offset with {@code GET /api/v3/time} and stores it in the server clock. */
    public void syncTime() throws InterruptedException {
        Instant sent = clock.local().instant();
        JsonNode body = get("/api/v3/time", "", TIME_WEIGHT);
        Instant received = clock.local().instant();
        JsonNode t = body.get("serverTime");
        if (t == null || !t.isIntegralNumber()) {
            throw unreadable("GET /api/v3/time", "no integer 'serverTime' in " + HealthCounters.excerpt(body.toString()),
                    null);
        }
        clock.update(sent, Instant.ofEpochMilli(t.longValue()), received);
    }

    /** The current top {@code levels} (1 to 100) of the book, stamped with the exchange time of the answer. */
    public OrderBookSnapshot depth(String symbol, int levels) throws InterruptedException {
        String q = "symbol=" + symbol.toUpperCase(java.util.Locale.ROOT) + "&limit=" + levels;
        JsonNode body = get("/api/v3/depth", q, depthWeight(levels));
        try {
            return DepthParser.parse(body, levels, clock.now());
        } catch (MessageRejectedException e) {
            throw unreadable("GET /api/v3/depth?" + q, e.getMessage(), e);
        }
    }

    /** Binance's weight of a depth request by limit. */
    public static int depthWeight(int limit) {
        return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
    }

    /** Whether a failure of this client may go away when retried later. */
    public static boolean isRetryable(Throwable t) {
        if (t instanceof SourceClosedException) {
            return false;
        }
        if (t instanceof BinanceApiException b) {
            return b.isRetryable();
        }
        return t instanceof CandleSourceException;
    }

    private JsonNode get(String path, String query, int weight) throws InterruptedException {
        String what = "GET " + path + (query.isEmpty() ? "" : "?" + query);
        activity.enter();
        try {
            limiter.acquire(weight);
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(base + path + (query.isEmpty() ? "" : "?" + query)))
                    .timeout(timeout)
                    .header("Accept", "application/json")
                    .GET();
            apiKey.value().ifPresent(k -> rb.header("X-MBX-APIKEY", k));
            Instant sentAt = clock.now();
            HttpResponse<String> response;
            try {
                response = http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": "
                        + e.getMessage();
                health.reject(RejectReason.HTTP_ERROR, what, "request to " + base + " failed: " + why);
                throw new CandleSourceException(what + " to " + base + " failed: " + why, e);
            }
            response.headers().firstValue("X-MBX-USED-WEIGHT-1M").ifPresent(v -> {
                try {
                    limiter.observeUsedWeight(Integer.parseInt(v.trim()), sentAt);
                } catch (NumberFormatException ignored) {
                    // a malformed header says nothing; our own count stands
                }
            });
            int status = response.statusCode();
            if (status != 200) {
                throw error(what, status, response);
            }
            try {
                return mapper.readTree(response.body());
            } catch (JsonProcessingException e) {
                throw unreadable(what, "not JSON: " + HealthCounters.excerpt(response.body()), e);
            }
        } finally {
            activity.exit();
        }
    }

    private BinanceApiException error(String what, int status, HttpResponse<String> response) {
        Optional<Duration> retryAfter = response.headers().firstValue("Retry-After").flatMap(RestClient::seconds);
        Optional<Integer> code = Optional.empty();
        String msg = HealthCounters.excerpt(response.body() == null ? "" : response.body());
        try {
            JsonNode err = mapper.readTree(response.body());
            if (err != null && err.isObject() && err.path("code").isIntegralNumber()) {
                code = Optional.of(err.get("code").intValue());
                msg = err.path("msg").asText(msg);
            }
        } catch (JsonProcessingException ignored) {
            // an HTML or empty error page: keep the excerpt
        }
        if (status == 429 || status == 418) {
            limiter.pause(status, retryAfter);
        }
        String text = what + ": HTTP " + status + code.map(c -> ", Binance code " + c).orElse("") + ": " + msg
                + retryAfter.map(r -> " (Retry-After " + r.toSeconds() + " s)").orElse("");
        health.reject(RejectReason.HTTP_ERROR, what, "HTTP " + status + ": " + msg);
        return new BinanceApiException(text, status, code, retryAfter);
    }

    private CandleSourceException unreadable(String what, String detail, Throwable cause) {
        health.reject(RejectReason.HTTP_ERROR, what, "unreadable response: " + detail);
        return new CandleSourceException(what + ": unreadable response: " + detail, cause);
    }

    private static Optional<Duration> seconds(String header) {
        try {
            long s = Long.parseLong(header.trim());
            return s >= 0 ? Optional.of(Duration.ofSeconds(s)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
