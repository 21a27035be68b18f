package dev.candlesignal.binance.internal;

import java.util.Optional;

/**
 * An optional Binance API key that never shows itself: {@link #toString()} prints {@code ***}, so it cannot
 * reach a log line by accident. Market data needs no key.
 *
 * <p>Immutable.
 */
public final class ApiKey {
    private static final ApiKey NONE = new ApiKey(null);
    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    public static ApiKey none() {
        return NONE;
    }

    /**
     * @throws IllegalArgumentException if the key is blank or has characters a header cannot carry (the message
     *     does not repeat the key)
     */
    public static ApiKey of(String value) {
        if (value.isBlank() || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("the API key must be non-blank printable ASCII without spaces");
        }
        return new ApiKey(value);
    }

    /** The key, for the request header only. */
    public Optional<String> value() {
        return Optional.ofNullable(value);
    }

    @Override
    public String toString() {
        return value == null ? "none" : "***";
    }
}
