package dev.candlesignal.binance.internal;

import dev.candlesignal.CandleSourceException;

/** The source or subscription was closed while an operation waited or ran. */
public final class SourceClosedException extends CandleSourceException {
    private static final long serialVersionUID = 1L;

    public SourceClosedException(String message) {
        super(message);
    }
}
