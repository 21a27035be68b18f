package dev.candlesignal.engine;

import dev.candlesignal.StateSnapshotException;
import dev.candlesignal.StreamKey;
import dev.candlesignal.feature.FeatureSet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UTFDataFormatException;
import java.util.zip.CRC32;

/**
 * The binary format of one stream's snapshot ({@link SignalEngine#snapshot}, {@link SignalEngine#restore}): what a
 * stream has to carry so that an engine restored from it continues exactly as one that never stopped. Never Java
 * serialization; never a live Ta4j series.
 *
 * <h2>Layout, format version 1</h2>
 * Big-endian, as {@link java.io.DataOutput} writes; doubles as their raw bits.
 * <ol>
 *   <li>header: {@code int} magic {@code 0x4353534E} ("CSSN"), {@code short} format version (1), the feature set id
 *       ({@code writeUTF}), {@code int} feature count, {@code int} sequence length, the stream's symbol and interval
 *       wire name ({@code writeUTF});</li>
 *   <li>readiness and counters: {@code long} candles accepted, {@code long} gaps, {@code int} ring slot of the newest
 *       window row (-1 before the first candle), {@code int} run of fully defined rows, {@code int} stored rows
 *       ({@code min(candles, sequence length)}), {@code int} first undefined column of the newest row (-1: none),
 *       {@code byte} flags (1: the last candle's prediction failed and a redelivery retries it, 2: the last window
 *       was out of the training domain, 4: the model was not trained on this symbol), {@code long} out-of-domain
 *       predictions, {@code long} predictions served for a foreign symbol;</li>
 *   <li>cooldown: open time of the last emitted BUY, then SELL, each a {@code boolean} presence flag and, if present,
 *       epoch seconds ({@code long}) and nanoseconds ({@code int});</li>
 *   <li>policy history: {@code int} candle count, the candles oldest first in {@link dev.candlesignal.io.CandleCodec}
 *       form (the newest is the stream's last candle);</li>
 *   <li>the window: stored rows x feature count raw feature values at ring slots {@code 0 .. stored rows - 1} (the
 *       scaled copy is not stored: it is recomputed with the current model's scaler, as after a model swap);</li>
 *   <li>the feature calculator's own state ({@link dev.candlesignal.feature.FeatureCalculator#writeState});</li>
 *   <li>{@code int} CRC-32 of every byte before it.</li>
 * </ol>
 * A standard28 stream with a 60-candle window and the default policy takes about 17 KB, a standard14 one about
 * 9 KB. A reader refuses, with a {@link StateSnapshotException} naming the difference, another magic or format
 * version, another feature set or window shape, another stream, a bad checksum, inconsistent values, and trailing
 * bytes. A new layout gets a new format version; readers keep reading the old ones.
 *
 * <p>Stateless (static methods only).
 */
final class StreamSnapshots {
    static final int MAGIC = 0x4353534E;
    static final int FORMAT_VERSION = 1;

    private StreamSnapshots() {
    }

    /** The snapshot of {@code stream}; the caller holds its lock. */
    static byte[] write(FeatureSet featureSet, int sequenceLength, EngineStream stream) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
        try {
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeShort(FORMAT_VERSION);
            out.writeUTF(featureSet.id());
            out.writeInt(featureSet.featureCount());
            out.writeInt(sequenceLength);
            out.writeUTF(stream.key.symbol());
            out.writeUTF(stream.key.interval().wireName());
            stream.writeState(out);
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
            out.flush();
        } catch (StateSnapshotException e) {
            throw new StateSnapshotException(stream.key + ": cannot snapshot the stream: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /** Reads {@code snapshot} into {@code fresh}, a new stream of {@code key} that nothing else uses yet. */
    static void read(FeatureSet featureSet, int sequenceLength, StreamKey key, byte[] snapshot, EngineStream fresh) {
        if (snapshot.length < 4 + 2 + 4) {
            throw new StateSnapshotException(key + ": a stream snapshot has at least 10 bytes, this one " + snapshot.length);
        }
        int body = snapshot.length - 4;
        CRC32 crc = new CRC32();
        crc.update(snapshot, 0, body);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot));
        try {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new StateSnapshotException(key + ": not a stream snapshot (magic 0x" + Integer.toHexString(magic)
                        + ", expected 0x" + Integer.toHexString(MAGIC) + ")");
            }
            int version = in.readUnsignedShort();
            if (version != FORMAT_VERSION) {
                throw new StateSnapshotException(key + ": stream snapshot format version " + version
                        + ", this engine reads version " + FORMAT_VERSION);
            }
            int stored = ((snapshot[body] & 0xFF) << 24) | ((snapshot[body + 1] & 0xFF) << 16)
                    | ((snapshot[body + 2] & 0xFF) << 8) | (snapshot[body + 3] & 0xFF);
            if (stored != (int) crc.getValue()) {
                throw new StateSnapshotException(key + ": the stream snapshot is corrupt (CRC-32 0x"
                        + Integer.toHexString((int) crc.getValue()) + ", recorded 0x" + Integer.toHexString(stored) + ")");
            }
            String setId = in.readUTF();
            int features = in.readInt();
            int length = in.readInt();
            if (!setId.equals(featureSet.id()) || features != featureSet.featureCount() || length != sequenceLength) {
                throw new StateSnapshotException(key + ": the snapshot is of a stream with feature set " + setId + " ["
                        + length + ", " + features + "] but this engine computes " + featureSet.id() + " ["
                        + sequenceLength + ", " + featureSet.featureCount() + "]");
            }
            String symbol = in.readUTF();
            String interval = in.readUTF();
            if (!symbol.equals(key.symbol()) || !interval.equals(key.interval().wireName())) {
                throw new StateSnapshotException("the snapshot is of stream " + symbol + "@" + interval
                        + ", not of " + key);
            }
            fresh.readState(in);
            if (in.available() != 4) {
                throw new StateSnapshotException(key + ": the stream snapshot has " + (in.available() - 4)
                        + " bytes after its end");
            }
        } catch (EOFException | UTFDataFormatException e) {
            throw new StateSnapshotException(key + ": the stream snapshot is truncated or corrupt (" + e + ")", e);
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory failed", e); // a ByteArrayInputStream does not fail
        }
    }

    /**
     * Throws if {@code featureSet}'s calculators cannot snapshot their state (a custom Ta4j column), by writing a
     * fresh calculator's state to nowhere.
     */
    static void checkSupported(FeatureSet featureSet) {
        try {
            featureSet.newCalculator().writeState(new DataOutputStream(OutputStream.nullOutputStream()));
        } catch (StateSnapshotException e) {
            throw new StateSnapshotException("feature set " + featureSet.id() + " cannot snapshot its streams: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("the null stream does not fail", e);
        }
    }
}
