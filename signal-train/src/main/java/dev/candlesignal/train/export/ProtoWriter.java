package dev.candlesignal.train.export;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A minimal protocol-buffers encoder: the three wire types the ONNX messages {@link OnnxLstmGraph} writes need
 * (varint, length-delimited, and 32-bit for packed floats), with fields written in the order they are called.
 * Nested messages are built in their own writer and added with {@link #message(int, ProtoWriter)}.
 *
 * <p>Encoding, as the protobuf specification defines it: a field starts with the key {@code (field << 3) | wire}
 * as a varint; varints are little-endian groups of 7 bits with the high bit set on all but the last byte, negative
 * {@code int64}/{@code int32} values taking 10 bytes (two's complement, sign-extended to 64 bits); a
 * length-delimited field is its byte length as a varint, then the bytes; a packed repeated field is one
 * length-delimited field holding the values back to back (floats as 4 little-endian bytes, integers as varints).
 *
 * <p>Not thread-safe; confine an instance to one thread.
 */
final class ProtoWriter {
    static final int VARINT = 0;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** An {@code int64}, {@code int32} or enum field (also when 0: proto2 {@code optional} fields are explicit). */
    ProtoWriter int64(int field, long value) {
        key(field, VARINT);
        varint(value);
        return this;
    }

    /** A {@code string} field in UTF-8. */
    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A {@code bytes} field. */
    ProtoWriter bytes(int field, byte[] value) {
        Objects.requireNonNull(value, "value");
        key(field, LENGTH_DELIMITED);
        varint(value.length);
        out.write(value, 0, value.length);
        return this;
    }

    /** An embedded message field. */
    ProtoWriter message(int field, ProtoWriter message) {
        return bytes(field, message.toByteArray());
    }

    /** A packed {@code repeated float} field; nothing is written for no values (as protobuf does). */
    ProtoWriter packedFloats(int field, float[] values) {
        if (values.length == 0) {
            return this;
        }
        key(field, LENGTH_DELIMITED);
        varint(4L * values.length);
        byte[] le = new byte[4 * values.length];
        for (int i = 0; i < values.length; i++) {
            int bits = Float.floatToRawIntBits(values[i]);
            le[4 * i] = (byte) bits;
            le[4 * i + 1] = (byte) (bits >>> 8);
            le[4 * i + 2] = (byte) (bits >>> 16);
            le[4 * i + 3] = (byte) (bits >>> 24);
        }
        out.write(le, 0, le.length);
        return this;
    }

    /** A packed {@code repeated int64} field; nothing is written for no values. */
    ProtoWriter packedInt64s(int field, long[] values) {
        if (values.length == 0) {
            return this;
        }
        ProtoWriter body = new ProtoWriter();
        for (long v : values) {
            body.varint(v);
        }
        return bytes(field, body.toByteArray());
    }

    /** A single {@code float} field (wire type 5). */
    ProtoWriter float32(int field, float value) {
        key(field, FIXED32);
        int bits = Float.floatToRawIntBits(value);
        out.write(bits);
        out.write(bits >>> 8);
        out.write(bits >>> 16);
        out.write(bits >>> 24);
        return this;
    }

    /** The bytes written so far. */
    byte[] toByteArray() {
        return out.toByteArray();
    }

    /** The number of bytes written so far. */
    int size() {
        return out.size();
    }

    private void key(int field, int wire) {
        if (field < 1 || field > 0x1FFF_FFFF) {
            throw new IllegalArgumentException("protobuf field number must be in [1, 2^29 - 1] but is " + field);
        }
        varint(((long) field << 3) | wire);
    }

    /** Appends {@code value} as a varint: unsigned, so a negative value takes 10 bytes. */
    void varint(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
