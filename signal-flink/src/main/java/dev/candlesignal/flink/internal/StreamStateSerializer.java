package dev.candlesignal.flink.internal;

import dev.candlesignal.StateSnapshotException;
import dev.candlesignal.engine.SignalEngine;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The serializer of {@link StreamState} in checkpoints and savepoints: the snapshot's length ({@code int}) and its
 * bytes. The bytes carry their own format version (the engine's snapshot header); this serializer's
 * {@link Snapshot} records the version it writes, so that Flink's schema evolution can tell, when a savepoint is
 * restored by a newer job, whether the engine still reads those bytes.
 *
 * <p>Stateless and thread-safe.
 */
public final class StreamStateSerializer extends TypeSerializerSingleton<StreamState> {
    private static final long serialVersionUID = 1L;
    public static final StreamStateSerializer INSTANCE = new StreamStateSerializer();
    /** Longest snapshot accepted when reading (a standard28 stream takes about 19 KB). */
    static final int MAX_SNAPSHOT_BYTES = 64 << 20;

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public StreamState createInstance() {
        return new StreamState(new byte[0]);
    }

    @Override
    public StreamState copy(StreamState from) {
        return from;
    }

    @Override
    public StreamState copy(StreamState from, StreamState reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(StreamState record, DataOutputView target) throws IOException {
        target.writeInt(record.size());
        target.write(record.snapshot());
    }

    @Override
    public StreamState deserialize(DataInputView source) throws IOException {
        int n = source.readInt();
        if (n < 0 || n > MAX_SNAPSHOT_BYTES) {
            throw new StateSnapshotException("stream state of " + n + " bytes; expected 0.." + MAX_SNAPSHOT_BYTES);
        }
        byte[] bytes = new byte[n];
        source.readFully(bytes);
        return new StreamState(bytes);
    }

    @Override
    public StreamState deserialize(StreamState reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<StreamState> snapshotConfiguration() {
        return new Snapshot(SignalEngine.SNAPSHOT_FORMAT_VERSION);
    }

    /**
     * Records the engine snapshot format version the serializer wrote. Compatible as is with a state written at that
     * version or an older one the engine still reads; incompatible with a newer one (a job rolled back below the
     * version of its savepoint), which Flink then refuses to restore instead of misreading.
     */
    public static final class Snapshot implements TypeSerializerSnapshot<StreamState> {
        private static final int SNAPSHOT_VERSION = 1;
        private int format;

        /** For Flink, which restores snapshots by class name, then {@link #readSnapshot}. */
        public Snapshot() {
            this(SignalEngine.SNAPSHOT_FORMAT_VERSION);
        }

        Snapshot(int format) {
            this.format = format;
        }

        /** The engine snapshot format version the state was written in. */
        public int format() {
            return format;
        }

        @Override
        public int getCurrentVersion() {
            return SNAPSHOT_VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeInt(format);
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
            if (readVersion != SNAPSHOT_VERSION) {
                throw new IOException("stream state serializer snapshot version " + readVersion + ", this code reads "
                        + SNAPSHOT_VERSION);
            }
            format = in.readInt();
        }

        @Override
        public TypeSerializer<StreamState> restoreSerializer() {
            return INSTANCE;
        }

        @Override
        public TypeSerializerSchemaCompatibility<StreamState> resolveSchemaCompatibility(
                TypeSerializerSnapshot<StreamState> oldSerializerSnapshot) {
            if (oldSerializerSnapshot instanceof Snapshot old && old.format >= 1
                    && old.format <= SignalEngine.SNAPSHOT_FORMAT_VERSION) {
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            }
            return TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
