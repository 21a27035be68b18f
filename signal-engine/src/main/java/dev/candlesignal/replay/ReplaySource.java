package dev.candlesignal.replay;

import dev.candlesignal.Candle;
import dev.candlesignal.CandleListener;
import dev.candlesignal.CandleSequenceException;
import dev.candlesignal.CandleSource;
import dev.candlesignal.CandleSourceException;
import dev.candlesignal.Gap;
import dev.candlesignal.StreamKey;
import dev.candlesignal.Subscription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CandleSource} over candles already in memory: {@code history} filters them by time; {@code subscribe}
 * replays the subscribed streams merged in open-time order on a new thread, then calls {@code onComplete()}. Where a
 * stream's candles skip interval slots, the candle after the hole is preceded by {@code onGap} ({@link Gap#between}).
 *
 * <p>Thread-safe and immutable; each subscription runs on its own thread.
 */
public final class ReplaySource implements CandleSource {
    private static final Logger log = LoggerFactory.getLogger(ReplaySource.class);
    private final Map<StreamKey, List<Candle>> candles;

    /**
     * A replay over several streams.
     *
     * @throws CandleSequenceException if a stream's candles are not in strictly increasing open-time order
     */
    public static ReplaySource of(Map<StreamKey, ? extends List<Candle>> candles) {
        return new ReplaySource(candles);
    }

    /** A replay over one stream. */
    public static ReplaySource of(StreamKey stream, List<Candle> candles) {
        return new ReplaySource(Map.of(stream, candles));
    }

    private ReplaySource(Map<StreamKey, ? extends List<Candle>> candles) {
        Objects.requireNonNull(candles, "candles");
        Map<StreamKey, List<Candle>> copy = new LinkedHashMap<>();
        candles.forEach((stream, list) -> {
            List<Candle> checked = List.copyOf(list);
            for (int i = 1; i < checked.size(); i++) {
                Instant previous = checked.get(i - 1).openTime();
                Instant current = checked.get(i).openTime();
                if (!current.isAfter(previous)) {
                    throw new CandleSequenceException(CandleSequenceException.Kind.OUT_OF_ORDER, stream, previous, current,
                            "replay candles of " + stream + " are not in increasing open-time order: candle " + i
                                    + " opened at " + current + ", candle " + (i - 1) + " at " + previous);
                }
            }
            copy.put(stream, checked);
        });
        this.candles = Map.copyOf(copy);
    }

    @Override
    public List<Candle> history(StreamKey stream, Instant from, Instant to) {
        List<Candle> all = candles.get(stream);
        if (all == null) {
            throw new CandleSourceException("replay source has no candles for " + stream + " (it has " + candles.keySet() + ")");
        }
        List<Candle> result = new ArrayList<>();
        for (Candle c : all) {
            if (!c.openTime().isBefore(from) && c.openTime().isBefore(to)) {
                result.add(c);
            }
        }
        return List.copyOf(result);
    }

    @Override
    public Subscription subscribe(Collection<StreamKey> streams, CandleListener listener) {
        Objects.requireNonNull(listener, "listener");
        List<StreamKey> keys = List.copyOf(streams);
        for (StreamKey key : keys) {
            if (!candles.containsKey(key)) {
                throw new CandleSourceException("replay source has no candles for " + key + " (it has " + candles.keySet() + ")");
            }
        }
        Replay replay = new Replay(keys, listener);
        replay.thread.start();
        return replay;
    }

    private final class Replay implements Subscription, Runnable {
        private final List<StreamKey> keys;
        private final CandleListener listener;
        private final AtomicBoolean active = new AtomicBoolean(true);
        private final Thread thread;

        Replay(List<StreamKey> keys, CandleListener listener) {
            this.keys = keys;
            this.listener = listener;
            this.thread = new Thread(this, "candlesignal-replay");
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            record Item(StreamKey stream, Candle candle, int order) {
            }
            List<Item> merged = new ArrayList<>();
            for (int k = 0; k < keys.size(); k++) {
                for (Candle c : candles.get(keys.get(k))) {
                    merged.add(new Item(keys.get(k), c, k));
                }
            }
            merged.sort(Comparator.comparing((Item i) -> i.candle().openTime()).thenComparingInt(Item::order));
            Instant[] lastOpen = new Instant[keys.size()];
            try {
                for (Item item : merged) {
                    if (!active.get()) {
                        return;
                    }
                    Instant open = item.candle().openTime();
                    Instant previous = lastOpen[item.order()];
                    if (previous != null) {
                        Optional<Gap> gap = Gap.between(item.stream(), previous, open);
                        if (gap.isPresent()) {
                            listener.onGap(gap.get());
                        }
                    }
                    lastOpen[item.order()] = open;
                    listener.onCandle(item.stream(), item.candle());
                }
                if (active.compareAndSet(true, false)) {
                    listener.onComplete();
                }
            } catch (RuntimeException e) {
                log.warn("replay listener failed; stopping the replay", e);
                if (active.compareAndSet(true, false)) {
                    listener.onFailure(e);
                }
            }
        }

        @Override
        public boolean isActive() {
            return active.get();
        }

        @Override
        public void close() {
            active.set(false);
            if (Thread.currentThread() != thread) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
