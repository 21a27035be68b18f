package dev.candlesignal.binance.internal;

import dev.candlesignal.Candle;
import dev.candlesignal.CandleSourceException;
import dev.candlesignal.StreamKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads klines page by page ({@code startTime}, {@code endTime}, {@code limit=1000}) and decides which are
 * closed.
 *
 * <p><b>The closed rule.</b> Binance returns the still-open kline last whenever a range reaches the present, and
 * only the newest kline can be open. So a row followed by another row is closed; the last row of a page is
 * closed only if its close time lies more than {@code closeMargin} before the exchange's time
 * ({@link ServerClock#now()}, synchronised with {@code /api/v3/time} first when stale). The margin absorbs the
 * error of the clock-offset estimate; a candle held back by it is delivered a moment later.
 *
 * <p>Thread-safe.
 */
public final class KlinePager {
    private static final Logger log = LoggerFactory.getLogger(KlinePager.class);

    /**
     * One page: the closed rows in order, then the open one if the page ended with it.
     *
     * @param <R> the row type: {@link Candle}, or {@link dev.candlesignal.binance.BinanceKline} to keep
     *     Binance's decimal strings
     * @param full whether Binance returned as many rows as asked for, so more may follow
     * @param nextStart where the next page starts, when there may be one
     */
    public record Page<R>(List<R> closed, Optional<R> open, boolean full, Optional<Instant> nextStart) {
    }

    /** Where kline rows of some type come from: {@link RestClient#klines} or {@link RestClient#klineRows}. */
    @FunctionalInterface
    public interface RowSource<R> {
        List<R> klines(StreamKey key, Optional<Instant> start, Optional<Instant> endInclusive, int limit)
                throws InterruptedException;
    }

    /** Where candles come from: {@link RestClient#klines}. */
    @FunctionalInterface
    public interface Rows extends RowSource<Candle> {
    }
    /** Measures the exchange clock's offset: {@link RestClient#syncTime}. */
    @FunctionalInterface
    public interface TimeSync {
        void syncTime() throws InterruptedException;
    }

    private final Rows rows;
    private final TimeSync sync;
    private final ServerClock clock;
    private final Duration closeMargin;

    public KlinePager(Rows rows, TimeSync sync, ServerClock clock, Duration closeMargin) {
        this.rows = rows;
        this.sync = sync;
        this.clock = clock;
        this.closeMargin = closeMargin;
    }

    /** The candles with open time in {@code [from, endExclusive)} (or from {@code from} on), one page. */
    public Page<Candle> page(StreamKey key, Instant from, Optional<Instant> endExclusive) throws InterruptedException {
        return page(rows, c -> c, key, from, endExclusive);
    }

    /**
     * The rows with open time in {@code [from, endExclusive)} (or from {@code from} on), one page, read from
     * {@code source}; {@code candleOf} gives each row's candle, on which the closed rule is decided.
     */
    public <R> Page<R> page(RowSource<R> source, Function<? super R, Candle> candleOf, StreamKey key, Instant from,
            Optional<Instant> endExclusive) throws InterruptedException {
        List<R> rows = source.klines(key, Optional.of(from), endExclusive.map(e -> e.minusMillis(1)),
                RestClient.MAX_KLINES);
        boolean full = rows.size() == RestClient.MAX_KLINES;
        syncIfStale();
        Instant now = clock.now();
        List<R> closed = new ArrayList<>(rows.size());
        R open = null;
        for (int i = 0; i < rows.size(); i++) {
            R row = rows.get(i);
            Candle c = candleOf.apply(row);
            if (c.openTime().isBefore(from) || endExclusive.map(e -> !c.openTime().isBefore(e)).orElse(false)) {
                continue;  // Binance never does this; do not trust it to
            }
            if (i < rows.size() - 1 || isClosed(c, now)) {
                closed.add(row);
            } else {
                open = row;
            }
        }
        Optional<Instant> nextStart = full && open == null && !closed.isEmpty()
                ? Optional.of(candleOf.apply(closed.get(closed.size() - 1)).openTime().plusMillis(1))
                : Optional.empty();
        return new Page<>(List.copyOf(closed), Optional.ofNullable(open), full, nextStart);
    }

    /** Whether a candle that is the newest known one has closed by exchange time {@code now}. */
    public boolean isClosed(Candle newest, Instant now) {
        return newest.closeTime().isBefore(now.minus(closeMargin));
    }

    /** The margin of the closed rule. */
    public Duration closeMargin() {
        return closeMargin;
    }

    /** Measures the server-time offset if it was never measured or is an hour old; a failure keeps the old one. */
    public void syncIfStale() throws InterruptedException {
        if (!clock.needsSync()) {
            return;
        }
        try {
            sync.syncTime();
            log.debug("exchange clock offset {}", clock.offset());
        } catch (SourceClosedException e) {
            throw e;
        } catch (CandleSourceException e) {
            log.warn("cannot measure the exchange clock offset, keeping {}: {}", clock.offset(), e.getMessage());
        }
    }
}
