package dev.candlesignal.binance;

import java.net.URI;
import java.util.Objects;

/**
 * Where the source connects: the REST base URL (paths such as {@code /api/v3/klines} are appended) and the
 * WebSocket base URL (the combined-stream path {@code /stream?streams=...} is appended).
 *
 * <p>Immutable.
 *
 * @param rest REST base URL, {@code http} or {@code https}, without a trailing path
 * @param webSocket WebSocket base URL, {@code ws} or {@code wss}, without a trailing path
 */
public record BinanceEndpoints(URI rest, URI webSocket) {

    /**
     * Market data only: {@code https://data-api.binance.vision} and {@code wss://data-stream.binance.vision}.
     * Serves klines, depth and time without an API key. The default.
     */
    public static final BinanceEndpoints MARKET_DATA =
            of("https://data-api.binance.vision", "wss://data-stream.binance.vision");

    /** The main spot endpoints: {@code https://api.binance.com} and {@code wss://stream.binance.com:9443}. */
    public static final BinanceEndpoints MAIN = of("https://api.binance.com", "wss://stream.binance.com:9443");

    /**
     * The spot testnet: {@code https://testnet.binance.vision} and {@code wss://stream.testnet.binance.vision}.
     */
    public static final BinanceEndpoints SPOT_TESTNET =
            of("https://testnet.binance.vision", "wss://stream.testnet.binance.vision");

    public BinanceEndpoints {
        Objects.requireNonNull(rest, "rest");
        Objects.requireNonNull(webSocket, "webSocket");
        rest = check("rest", rest, "http", "https");
        webSocket = check("webSocket", webSocket, "ws", "wss");
    }

    /**
     * Endpoints from two URL strings.
     *
     * @throws IllegalArgumentException naming the bad URL
     */
    public static BinanceEndpoints of(String rest, String webSocket) {
        Objects.requireNonNull(rest, "rest");
        Objects.requireNonNull(webSocket, "webSocket");
        return new BinanceEndpoints(parse("rest", rest), parse("webSocket", webSocket));
    }

    /** These endpoints with another REST base URL. */
    public BinanceEndpoints withRest(URI rest) {
        return new BinanceEndpoints(rest, webSocket);
    }

    /** These endpoints with another WebSocket base URL. */
    public BinanceEndpoints withWebSocket(URI webSocket) {
        return new BinanceEndpoints(rest, webSocket);
    }

    private static URI parse(String name, String url) {
        try {
            return new URI(url.trim());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(name + " URL '" + url + "' is not a valid URI: " + e.getMessage(), e);
        }
    }

    private static URI check(String name, URI uri, String plain, String secure) {
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase(plain) || scheme.equalsIgnoreCase(secure))) {
            throw new IllegalArgumentException(name + " URL '" + uri + "' must start with " + plain + ":// or "
                    + secure + "://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(name + " URL '" + uri + "' has no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(name + " URL '" + uri + "' must not have a query or fragment");
        }
        String s = uri.toString();
        // paths are appended, so a trailing slash would double up
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
    }
}
