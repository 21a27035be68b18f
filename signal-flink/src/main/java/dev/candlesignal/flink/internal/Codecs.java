package dev.candlesignal.flink.internal;

import dev.candlesignal.Action;
import dev.candlesignal.Candle;
import dev.candlesignal.Evaluation;
import dev.candlesignal.Interval;
import dev.candlesignal.Signal;
import dev.candlesignal.SignalException;
import dev.candlesignal.StateSnapshotException;
import dev.candlesignal.Strength;
import dev.candlesignal.StreamKey;
import dev.candlesignal.engine.StreamCandle;
import dev.candlesignal.flink.ModelReference;
import dev.candlesignal.flink.ModelUpdate;
import dev.candlesignal.io.CandleCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The codecs of the values that cross Flink operators: stream keys, candles with their stream, evaluations and model
 * updates. Enums are written by name (reordering a constant cannot change a value's meaning); strings as
 * length-prefixed UTF-8; candles as {@link CandleCodec}.
 *
 * <p>An evaluation's error (statuses REJECTED and FAILED) crosses as its class name and message and is read back as
 * a plain {@link SignalException} whose message starts with the original class name: exception types and stack traces
 * do not travel between machines.
 */
public final class Codecs {
    /** Longest string accepted when reading, so corrupt input cannot ask for a huge array. */
    private static final int MAX_STRING_BYTES = 1 << 20;

    private Codecs() {
    }

    static void writeString(String s, DataOutput out) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_STRING_BYTES) {
            throw new StateSnapshotException("encoded string of " + n + " bytes; expected 0.." + MAX_STRING_BYTES);
        }
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static void writeKey(StreamKey key, DataOutput out) throws IOException {
        writeString(key.symbol(), out);
        writeString(key.interval().wireName(), out);
    }

    static StreamKey readKey(DataInput in) throws IOException {
        String symbol = readString(in);
        String interval = readString(in);
        try {
            return StreamKey.of(symbol, Interval.fromWireName(interval));
        } catch (IllegalArgumentException e) {
            throw new StateSnapshotException("encoded stream " + symbol + "@" + interval + " is not valid: "
                    + e.getMessage(), e);
        }
    }

    static <E extends Enum<E>> E readEnum(Class<E> type, DataInput in) throws IOException {
        String name = readString(in);
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new StateSnapshotException("encoded " + type.getSimpleName() + " '" + name + "' is not one", e);
        }
    }

    /** {@link StreamCandle}: the stream key, then the candle. */
    public static final class StreamCandles implements Codec<StreamCandle> {
        private static final long serialVersionUID = 1L;
        public static final StreamCandles INSTANCE = new StreamCandles();

        @Override
        public Class<StreamCandle> type() {
            return StreamCandle.class;
        }

        @Override
        public void write(StreamCandle value, DataOutput out) throws IOException {
            writeKey(value.stream(), out);
            CandleCodec.write(value.candle(), out);
        }

        @Override
        public StreamCandle read(DataInput in) throws IOException {
            StreamKey key = readKey(in);
            return new StreamCandle(key, CandleCodec.read(in));
        }
    }

    /** {@link Candle} alone (the held candles of a key in keyed state). */
    public static final class Candles implements Codec<Candle> {
        private static final long serialVersionUID = 1L;
        public static final Candles INSTANCE = new Candles();

        @Override
        public Class<Candle> type() {
            return Candle.class;
        }

        @Override
        public void write(Candle value, DataOutput out) throws IOException {
            CandleCodec.write(value, out);
        }

        @Override
        public Candle read(DataInput in) throws IOException {
            return CandleCodec.read(in);
        }
    }

    /** {@link ModelUpdate}: the reference's location, then the effective time. */
    public static final class ModelUpdates implements Codec<ModelUpdate> {
        private static final long serialVersionUID = 1L;
        public static final ModelUpdates INSTANCE = new ModelUpdates();

        @Override
        public Class<ModelUpdate> type() {
            return ModelUpdate.class;
        }

        @Override
        public void write(ModelUpdate value, DataOutput out) throws IOException {
            writeString(value.model().location(), out);
            CandleCodec.writeInstant(value.effectiveFrom(), out);
        }

        @Override
        public ModelUpdate read(DataInput in) throws IOException {
            String location = readString(in);
            return new ModelUpdate(ModelReference.of(location), CandleCodec.readInstant(in));
        }
    }

    /**
     * {@link Evaluation}: stream, candle, status, the signal (a presence byte, then action, strength, probability,
     * confidence, entry, stop, target, model id and version; symbol, interval and time are the evaluation's),
     * candles until ready, reason, and the error (presence byte, class name, message).
     */
    public static final class Evaluations implements Codec<Evaluation> {
        private static final long serialVersionUID = 1L;
        public static final Evaluations INSTANCE = new Evaluations();

        @Override
        public Class<Evaluation> type() {
            return Evaluation.class;
        }

        @Override
        public void write(Evaluation e, DataOutput out) throws IOException {
            writeKey(e.stream(), out);
            CandleCodec.write(e.candle(), out);
            writeString(e.status().name(), out);
            out.writeBoolean(e.signal().isPresent());
            if (e.signal().isPresent()) {
                Signal s = e.signal().get();
                writeString(s.action().name(), out);
                writeString(s.strength().name(), out);
                out.writeLong(Double.doubleToRawLongBits(s.probability()));
                out.writeLong(Double.doubleToRawLongBits(s.confidence()));
                out.writeLong(Double.doubleToRawLongBits(s.entryPrice()));
                out.writeLong(Double.doubleToRawLongBits(s.stopLoss()));
                out.writeLong(Double.doubleToRawLongBits(s.takeProfit()));
                writeString(s.modelId(), out);
                writeString(s.modelVersion(), out);
            }
            out.writeInt(e.candlesUntilReady());
            writeString(e.reason(), out);
            out.writeBoolean(e.error().isPresent());
            if (e.error().isPresent()) {
                SignalException error = e.error().get();
                writeString(error.getClass().getName(), out);
                writeString(String.valueOf(error.getMessage()), out);
            }
        }

        @Override
        public Evaluation read(DataInput in) throws IOException {
            StreamKey key = readKey(in);
            Candle candle = CandleCodec.read(in);
            Evaluation.Status status = readEnum(Evaluation.Status.class, in);
            Optional<Signal> signal = Optional.empty();
            if (in.readBoolean()) {
                Action action = readEnum(Action.class, in);
                Strength strength = readEnum(Strength.class, in);
                double p = Double.longBitsToDouble(in.readLong());
                double confidence = Double.longBitsToDouble(in.readLong());
                double entry = Double.longBitsToDouble(in.readLong());
                double stop = Double.longBitsToDouble(in.readLong());
                double target = Double.longBitsToDouble(in.readLong());
                String modelId = readString(in);
                String modelVersion = readString(in);
                signal = Optional.of(new Signal(key.symbol(), key.interval(), candle.openTime(), action, strength, p,
                        confidence, entry, stop, target, modelId, modelVersion));
            }
            int untilReady = in.readInt();
            String reason = readString(in);
            Optional<SignalException> error = Optional.empty();
            if (in.readBoolean()) {
                String type = readString(in);
                String message = readString(in);
                error = Optional.of(new SignalException(type + ": " + message));
            }
            try {
                return new Evaluation(key, candle, status, signal, untilReady, reason, error);
            } catch (IllegalArgumentException e) {
                throw new StateSnapshotException("encoded evaluation is not valid: " + e.getMessage(), e);
            }
        }
    }
}
