package dev.candlesignal.binance.internal;

import dev.candlesignal.binance.RejectReason;

/** A message or response that cannot be used; carries the reason it is counted under. */
public final class MessageRejectedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final RejectReason reason;

    public MessageRejectedException(RejectReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public MessageRejectedException(RejectReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
