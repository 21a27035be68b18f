package dev.candlesignal.binance;

import dev.candlesignal.Candle;
import dev.candlesignal.CandleListener;
import dev.candlesignal.Gap;
import dev.candlesignal.StreamKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records what a {@link CandleListener} receives, and checks the listener contract as it goes: one thread at a
 * time (no overlapping calls), nothing after a terminal call.
 *
 * <p>Thread-safe.
 */
final class RecordingCandles implements CandleListener {
    private final Map<StreamKey, List<Candle>> candles = new LinkedHashMap<>();
    private final List<Gap> gaps = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final Set<String> threads = new HashSet<>();
    private boolean inCall;
    private boolean terminated;

    private synchronized void enter(String what) {
        if (inCall) {
            violations.add("overlapping call: " + what);
        }
        if (terminated) {
            violations.add("call after the terminal call: " + what);
        }
        inCall = true;
        threads.add(Thread.currentThread().getName());
    }

    private synchronized void exit() {
        inCall = false;
    }

    @Override
    public void onCandle(StreamKey stream, Candle candle) {
        enter("onCandle " + stream + " " + candle.openTime());
        synchronized (this) {
            candles.computeIfAbsent(stream, k -> new ArrayList<>()).add(candle);
        }
        exit();
    }

    @Override
    public void onGap(Gap gap) {
        enter("onGap " + gap);
        synchronized (this) {
            gaps.add(gap);
        }
        exit();
    }

    @Override
    public void onFailure(Throwable error) {
        enter("onFailure " + error);
        synchronized (this) {
            failures.add(error);
            terminated = true;
        }
        exit();
    }

    synchronized List<Candle> candles(StreamKey stream) {
        return List.copyOf(candles.getOrDefault(stream, List.of()));
    }

    synchronized int total() {
        return candles.values().stream().mapToInt(List::size).sum();
    }

    synchronized List<Gap> gaps() {
        return List.copyOf(gaps);
    }

    synchronized List<Throwable> failures() {
        return List.copyOf(failures);
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    synchronized Set<String> threads() {
        return Set.copyOf(threads);
    }
}
