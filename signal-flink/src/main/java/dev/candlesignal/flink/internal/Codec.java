package dev.candlesignal.flink.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;

/**
 * The binary form of one immutable value type, as candlesignal writes it between Flink operators and into state:
 * plain {@link DataOutput} fields, never Java serialization or Kryo. {@link CodecSerializer} turns one into a Flink
 * {@code TypeSerializer}.
 *
 * <p>Implementations are stateless singletons (immutable and thread-safe).
 */
public interface Codec<T> extends Serializable {

    /** The value class. */
    Class<T> type();

    /** Writes {@code value}. */
    void write(T value, DataOutput out) throws IOException;

    /** Reads a value written by {@link #write}. */
    T read(DataInput in) throws IOException;
}
