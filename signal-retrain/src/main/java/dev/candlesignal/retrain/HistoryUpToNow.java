package dev.candlesignal.retrain;

import dev.candlesignal.Candle;
import dev.candlesignal.CandleListener;
import dev.candlesignal.CandleSource;
import dev.candlesignal.StreamKey;
import dev.candlesignal.Subscription;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A candle source that serves a delegate's history only up to its clock's "now": candles that had closed by then
 * ({@code closeTime < now}), nothing later, whatever range is asked. In a simulation over history this is what keeps
 * the retraining loop from training on the future: with a {@link SimulationClock} at candle time it sees exactly the
 * candles a live deployment would have had.
 *
 * <p>Thread-safe if the delegate is. Subscriptions are the delegate's.
 */
public final class HistoryUpToNow implements CandleSource {
    private final CandleSource delegate;
    private final Clock clock;

    public HistoryUpToNow(CandleSource delegate, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<Candle> history(StreamKey stream, Instant from, Instant to) {
        Instant now = clock.instant();
        Instant end = to.isAfter(now) ? now : to;
        if (!end.isAfter(from)) {
            return List.of();
        }
        return delegate.history(stream, from, end).stream().filter(c -> c.closeTime().isBefore(now)).toList();
    }

    @Override
    public Subscription subscribe(Collection<StreamKey> streams, CandleListener listener) {
        return delegate.subscribe(streams, listener);
    }
}
