package dev.candlesignal.flink.internal;

import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A Flink serializer for an immutable value with a {@link Codec}: copies are the value itself, the bytes are the
 * codec's. Each value type has one subclass with a no-argument constructor and a matching
 * {@link SimpleTypeSerializerSnapshot}, as Flink restores serializers by class name.
 *
 * <p>Stateless and thread-safe (values are immutable, so {@link #duplicate} may return this).
 */
public abstract class CodecSerializer<T> extends TypeSerializerSingleton<T> {
    private static final long serialVersionUID = 1L;

    private final Codec<T> codec;

    protected CodecSerializer(Codec<T> codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /** The codec that writes the bytes. */
    public Codec<T> codec() {
        return codec;
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    /** No reusable instance: the values are immutable records; Flink then deserializes into new objects. */
    @Override
    public T createInstance() {
        return null;
    }

    @Override
    public T copy(T from) {
        return from;
    }

    @Override
    public T copy(T from, T reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        codec.write(record, target);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        return codec.read(source);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return codec.read(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        codec.write(codec.read(source), target);
    }

    @Override
    public abstract TypeSerializerSnapshot<T> snapshotConfiguration();
}
