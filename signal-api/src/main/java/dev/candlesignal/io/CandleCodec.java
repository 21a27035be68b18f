package dev.candlesignal.io;

import dev.candlesignal.Candle;
import dev.candlesignal.OrderBookSnapshot;
import dev.candlesignal.StateSnapshotException;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The compact binary form of a {@link Candle}, shared by stream snapshots and by the encodings that carry candles
 * between machines (for example signal-flink's serializers), so a candle is written one way everywhere.
 *
 * <p>Layout (big-endian, as {@link DataOutput} writes): open time and close time, each as epoch seconds
 * ({@code long}) and nanoseconds ({@code int}); open, high, low, close, volume, quote volume ({@code double} raw
 * bits); trades ({@code long}); taker-buy base and quote volume ({@code double}); then a {@code byte} 0 (no order
 * book) or 1 followed by the snapshot's time (seconds, nanos), the bid count ({@code int}) and quantities, the ask
 * count and quantities. 97 bytes without an order book. Doubles keep their exact bits.
 *
 * <p>Stateless and thread-safe (static methods only).
 */
public final class CandleCodec {
    /** Encoded size of a candle without an order book. */
    public static final int SIZE_WITHOUT_ORDER_BOOK = 2 * 12 + 6 * 8 + 8 + 2 * 8 + 1;

    /** Longest side of an order book that {@link #read} accepts, so corrupt input cannot ask for huge arrays. */
    private static final int MAX_LEVELS = 100_000;

    private CandleCodec() {
    }

    /** Writes {@code candle} to {@code out}. */
    public static void write(Candle candle, DataOutput out) throws IOException {
        Objects.requireNonNull(candle, "candle");
        Objects.requireNonNull(out, "out");
        writeInstant(candle.openTime(), out);
        writeInstant(candle.closeTime(), out);
        writeDouble(candle.open(), out);
        writeDouble(candle.high(), out);
        writeDouble(candle.low(), out);
        writeDouble(candle.close(), out);
        writeDouble(candle.volume(), out);
        writeDouble(candle.quoteVolume(), out);
        out.writeLong(candle.trades());
        writeDouble(candle.takerBuyBaseVolume(), out);
        writeDouble(candle.takerBuyQuoteVolume(), out);
        Optional<OrderBookSnapshot> book = candle.orderBook();
        if (book.isEmpty()) {
            out.writeByte(0);
            return;
        }
        out.writeByte(1);
        writeInstant(book.get().time(), out);
        writeLevels(book.get().bidQuantities(), out);
        writeLevels(book.get().askQuantities(), out);
    }

    /**
     * Reads a candle written by {@link #write}.
     *
     * @throws StateSnapshotException if the bytes do not form a valid candle (the candle's own validation included)
     * @throws IOException if the input fails or ends early
     */
    public static Candle read(DataInput in) throws IOException {
        Objects.requireNonNull(in, "in");
        Instant open = readInstant(in);
        Instant close = readInstant(in);
        double o = readDouble(in);
        double h = readDouble(in);
        double l = readDouble(in);
        double c = readDouble(in);
        double volume = readDouble(in);
        double quoteVolume = readDouble(in);
        long trades = in.readLong();
        double takerBase = readDouble(in);
        double takerQuote = readDouble(in);
        byte hasBook = in.readByte();
        Optional<OrderBookSnapshot> book;
        if (hasBook == 0) {
            book = Optional.empty();
        } else if (hasBook == 1) {
            Instant time = readInstant(in);
            double[] bids = readLevels(in);
            double[] asks = readLevels(in);
            try {
                book = Optional.of(new OrderBookSnapshot(time, bids, asks));
            } catch (RuntimeException e) {
                throw new StateSnapshotException("encoded candle opened at " + open + " has an invalid order book: "
                        + e.getMessage(), e);
            }
        } else {
            throw new StateSnapshotException("encoded candle opened at " + open + ": order-book flag must be 0 or 1 "
                    + "but was " + hasBook);
        }
        try {
            return new Candle(open, close, o, h, l, c, volume, quoteVolume, trades, takerBase, takerQuote, book);
        } catch (RuntimeException e) {
            throw new StateSnapshotException("encoded candle is not valid: " + e.getMessage(), e);
        }
    }

    /** Writes an instant as epoch seconds and nanoseconds. */
    public static void writeInstant(Instant instant, DataOutput out) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    /**
     * Reads an instant written by {@link #writeInstant}.
     *
     * @throws StateSnapshotException if the value is not a valid instant
     */
    public static Instant readInstant(DataInput in) throws IOException {
        long seconds = in.readLong();
        int nanos = in.readInt();
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (RuntimeException e) {
            throw new StateSnapshotException("encoded instant " + seconds + " s + " + nanos + " ns is not valid", e);
        }
    }

    private static void writeDouble(double v, DataOutput out) throws IOException {
        out.writeLong(Double.doubleToRawLongBits(v));
    }

    private static double readDouble(DataInput in) throws IOException {
        return Double.longBitsToDouble(in.readLong());
    }

    private static void writeLevels(double[] levels, DataOutput out) throws IOException {
        out.writeInt(levels.length);
        for (double v : levels) {
            writeDouble(v, out);
        }
    }

    private static double[] readLevels(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_LEVELS) {
            throw new StateSnapshotException("encoded order book side has " + n + " levels; expected 0.." + MAX_LEVELS);
        }
        double[] levels = new double[n];
        for (int i = 0; i < n; i++) {
            levels[i] = readDouble(in);
        }
        return levels;
    }
}
