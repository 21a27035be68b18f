package dev.candlesignal.binance.internal;

import dev.candlesignal.binance.RejectReason;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source's counters, written by its threads and read by {@code health()}. Also rate-limits rejection
 * logging: the first {@value #LOG_FIRST} rejections of each reason are logged at WARN, then every
 * {@value #LOG_EVERY}th, so a flood of garbage cannot flood the log.
 *
 * <p>Thread-safe.
 */
public final class HealthCounters {
    private static final Logger log = LoggerFactory.getLogger(HealthCounters.class);
    private static final int LOG_FIRST = 10;
    private static final int LOG_EVERY = 1000;

    public final LongAdder messagesReceived = new LongAdder();
    public final LongAdder reconnects = new LongAdder();
    public final LongAdder rotations = new LongAdder();
    public final LongAdder delivered = new LongAdder();
    public final LongAdder backfilled = new LongAdder();
    public final LongAdder gaps = new LongAdder();
    public final AtomicInteger openConnections = new AtomicInteger();
    public final LongAdder socketsOpened = new LongAdder();
    public final AtomicInteger wantedConnections = new AtomicInteger();
    public final AtomicInteger liveSubscriptions = new AtomicInteger();
    private final AtomicReference<Instant> lastMessage = new AtomicReference<>();
    private final Map<RejectReason, AtomicLong> rejected = new EnumMap<>(RejectReason.class);

    public HealthCounters() {
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, new AtomicLong());
        }
    }

    /** Counts a received WebSocket message. */
    public void messageReceived(Instant at) {
        messagesReceived.increment();
        lastMessage.set(at);
    }

    public Optional<Instant> lastMessage() {
        return Optional.ofNullable(lastMessage.get());
    }

    /**
     * Counts and logs a rejected message or response.
     *
     * @param context where it came from (connection, stream, request), never a secret
     * @param detail why, including a short excerpt of the offending text
     */
    public void reject(RejectReason reason, String context, String detail) {
        long n = rejected.get(reason).incrementAndGet();
        if (n <= LOG_FIRST || n % LOG_EVERY == 0) {
            log.warn("rejected ({}, #{} of this kind) from {}: {}", reason, n, context, detail);
        } else {
            log.debug("rejected ({}, #{}) from {}: {}", reason, n, context, detail);
        }
    }

    public Map<RejectReason, Long> rejected() {
        Map<RejectReason, Long> copy = new EnumMap<>(RejectReason.class);
        rejected.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** A short, single-line excerpt of untrusted text for logs. */
    public static String excerpt(CharSequence text) {
        String s = text.length() > 160 ? text.subSequence(0, 160) + "..." : text.toString();
        return s.replaceAll("[\\r\\n\\t]", " ");
    }
}
