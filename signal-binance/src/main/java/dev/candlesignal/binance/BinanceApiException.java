package dev.candlesignal.binance;

import dev.candlesignal.CandleSourceException;
import java.time.Duration;
import java.util.Optional;

/**
 * Binance answered a REST request with an error status. The message names the request (without any API key),
 * the HTTP status and Binance's error code and text when the body has them, e.g.
 * {@code GET /api/v3/klines?symbol=FOO...: HTTP 400, Binance code -1121: Invalid symbol.}
 */
public class BinanceApiException extends CandleSourceException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final Integer errorCode;
    private final Duration retryAfter;

    public BinanceApiException(String message, int status, Optional<Integer> errorCode, Optional<Duration> retryAfter) {
        super(message);
        this.status = status;
        this.errorCode = errorCode.orElse(null);
        this.retryAfter = retryAfter.orElse(null);
    }

    /** The HTTP status, e.g. 400, 418, 429, 500. */
    public int status() {
        return status;
    }

    /** Binance's error code from the body ({@code {"code":-1121,"msg":"Invalid symbol."}}), if it had one. */
    public Optional<Integer> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** The {@code Retry-After} header of a 429 or 418, if present. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whether trying again later can succeed: 403 (a WAF rule, often a rate violation), 408, 418, 429 and 5xx. */
    public boolean isRetryable() {
        return status == 408 || status == 418 || status == 429 || status >= 500 || status == 403;
    }

    /** Whether Binance does not know the symbol (HTTP 400 with code -1121). */
    public boolean isInvalidSymbol() {
        return status == 400 && errorCode != null && errorCode == -1121;
    }
}
