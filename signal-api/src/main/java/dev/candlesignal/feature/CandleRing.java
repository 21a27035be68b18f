package dev.candlesignal.feature;

import dev.candlesignal.Candle;

/**
 * The last {@code capacity} candles in a ring of references (no copies, no allocation per candle).
 *
 * <p>Not thread-safe.
 */
final class CandleRing implements CandleWindow {
    private final Candle[] ring;
    /** Slot of the newest candle, -1 when empty. */
    private int newest = -1;
    private int size;

    CandleRing(int capacity) {
        this.ring = new Candle[capacity];
    }

    /** Adds a candle; returns the candle it overwrote (null while filling), for {@link #undo}. */
    Candle push(Candle candle) {
        newest = newest + 1 == ring.length ? 0 : newest + 1;
        Candle evicted = ring[newest];
        ring[newest] = candle;
        if (size < ring.length) {
            size++;
        }
        return evicted;
    }

    /** Reverts the last {@link #push}, given what it returned. */
    void undo(Candle evicted) {
        ring[newest] = evicted;
        if (evicted == null) {
            size--;
        }
        newest = newest == 0 ? ring.length - 1 : newest - 1;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Candle ago(int k) {
        if (k < 0 || k >= size) {
            throw new IndexOutOfBoundsException("window holds " + size + " candles, asked for " + k + " back");
        }
        int slot = newest - k;
        return ring[slot < 0 ? slot + ring.length : slot];
    }
}
