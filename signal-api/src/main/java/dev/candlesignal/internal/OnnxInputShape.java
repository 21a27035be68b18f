package dev.candlesignal.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the inputs an ONNX model declares (their names, element types and shapes) from the serialised
 * {@code ModelProto}, so that the API module can cross-check a manifest against a bundle's {@code model.onnx}
 * without ONNX Runtime or a protobuf library.
 *
 * <p>Only this path of {@code onnx.proto} is decoded; every other field, of any wire type, is skipped:
 * <pre>
 * ModelProto.graph (7) -&gt; GraphProto.input (11, repeated) -&gt; ValueInfoProto { name (1), type (2) }
 *   -&gt; TypeProto.tensor_type (1) -&gt; TypeProto.Tensor { elem_type (1), shape (2) }
 *   -&gt; TensorShapeProto.dim (1, repeated) -&gt; Dimension { dim_value (1, varint) | dim_param (2, string) }
 * </pre>
 * Singular message fields that occur more than once are merged as protobuf merges them (their repeated fields
 * concatenated, their scalars last-one-wins), so the result is what a protobuf parser would see.
 *
 * <p>Defensive: the input is untrusted. No length is trusted (every length is checked against the bytes that
 * remain in its enclosing message), varints are at most 10 bytes, groups are skipped with a bounded nesting depth,
 * and the number of inputs, dimensions and name bytes is capped, so that a truncated, garbage or hostile file
 * fails with one {@link FormatException} naming the byte offset, never with another exception or a large
 * allocation. Every allocation is bounded by the input's size.
 *
 * <p>Stateless and thread-safe.
 */
public final class OnnxInputShape {

    /** A dimension the graph does not fix: a symbolic {@code dim_param} (such as {@code batch}) or no value. */
    public static final long NOT_FIXED = -1;

    /** Most graph inputs read; a model with more is refused as implausible. */
    public static final int MAX_INPUTS = 4096;
    /** Most dimensions per input. */
    public static final int MAX_RANK = 64;
    /** Longest input name, in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 4096;
    /** Deepest nesting of (deprecated) protobuf groups that is skipped. */
    private static final int MAX_GROUP_DEPTH = 64;

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int START_GROUP = 3;
    private static final int END_GROUP = 4;
    private static final int FIXED32 = 5;

    private OnnxInputShape() {
    }

    /**
     * One graph input as declared.
     *
     * @param name the input's name ({@code ""} if the file gives none)
     * @param elementType ONNX's {@code TensorProto.DataType} of a tensor input ({@code 1} = float32), {@code 0} when
     *     undefined or when the input is not a tensor
     * @param dims the declared dimensions, {@link #NOT_FIXED} where the graph leaves one open; empty when the graph
     *     declares no shape (unknown rank) or the input is not a tensor
     * @param tensor whether the input's type is a tensor
     * @param shapeDeclared whether a tensor input declares its shape (a rank-0 scalar declares an empty one)
     */
    public record Input(String name, int elementType, List<Long> dims, boolean tensor, boolean shapeDeclared) {
        public Input {
            Objects.requireNonNull(name, "name");
            dims = List.copyOf(dims);
        }
    }

    /** The bytes are not a well-formed ONNX {@code ModelProto} along the path read; the message gives the offset. */
    public static final class FormatException extends Exception {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message);
        }
    }

    /**
     * The graph's declared inputs, in file order. A graph input may also be an initializer (older exporters list
     * weights as inputs); those are returned too, and callers look inputs up by name.
     *
     * @throws FormatException if the bytes are not a well-formed ONNX model along the path read, have no graph, or
     *     exceed one of the caps
     */
    public static List<Input> graphInputs(byte[] model) throws FormatException {
        Objects.requireNonNull(model, "model");
        if (model.length == 0) {
            throw new FormatException("empty file: not an ONNX model");
        }
        List<Input> inputs = new ArrayList<>();
        boolean graphSeen = false;
        Reader r = new Reader(model, 0, model.length);
        while (r.more()) {
            int tag = r.tag();
            if (field(tag) == 7 && wire(tag) == LENGTH_DELIMITED) {
                graphSeen = true;
                readGraph(r.message("ModelProto.graph"), inputs);
            } else {
                r.skip(tag);
            }
        }
        if (!graphSeen) {
            throw new FormatException("no graph (ModelProto field 7) in " + model.length + " bytes: not an ONNX model");
        }
        return List.copyOf(inputs);
    }

    /** The declared input called {@code name}, if the graph has one (the last one, if named twice). */
    public static Optional<Input> graphInput(byte[] model, String name) throws FormatException {
        Objects.requireNonNull(name, "name");
        Input found = null;
        for (Input in : graphInputs(model)) {
            if (in.name().equals(name)) {
                found = in;
            }
        }
        return Optional.ofNullable(found);
    }

    private static void readGraph(Reader r, List<Input> inputs) throws FormatException {
        while (r.more()) {
            int tag = r.tag();
            if (field(tag) == 11 && wire(tag) == LENGTH_DELIMITED) {
                if (inputs.size() == MAX_INPUTS) {
                    throw new FormatException("more than " + MAX_INPUTS + " graph inputs (at byte " + r.pos + ")");
                }
                inputs.add(readValueInfo(r.message("GraphProto.input")));
            } else {
                r.skip(tag);
            }
        }
    }

    /** What has been read of one input so far: a protobuf merge accumulates into it. */
    private static final class InputBuilder {
        String name = "";
        int elementType;
        final List<Long> dims = new ArrayList<>();
        boolean tensor;
        boolean shapeDeclared;
    }

    private static Input readValueInfo(Reader r) throws FormatException {
        InputBuilder in = new InputBuilder();
        while (r.more()) {
            int tag = r.tag();
            if (field(tag) == 1 && wire(tag) == LENGTH_DELIMITED) {
                in.name = r.string("ValueInfoProto.name");
            } else if (field(tag) == 2 && wire(tag) == LENGTH_DELIMITED) {
                readType(r.message("ValueInfoProto.type"), in);
            } else {
                r.skip(tag);
            }
        }
        return new Input(in.name, in.elementType, in.dims, in.tensor, in.shapeDeclared);
    }

    private static void readType(Reader r, InputBuilder in) throws FormatException {
        while (r.more()) {
            int tag = r.tag();
            int field = field(tag);
            if (field == 1 && wire(tag) == LENGTH_DELIMITED) {
                in.tensor = true;
                readTensorType(r.message("TypeProto.tensor_type"), in);
            } else if (wire(tag) == LENGTH_DELIMITED && (field == 4 || field == 5 || field == 7 || field == 8 || field == 9)) {
                // another member of TypeProto's oneof (sequence, map, opaque, sparse tensor, optional): the last one set
                // wins, as in protobuf
                in.tensor = false;
                in.elementType = 0;
                in.dims.clear();
                in.shapeDeclared = false;
                r.skip(tag);
            } else {
                r.skip(tag);
            }
        }
    }

    private static void readTensorType(Reader r, InputBuilder in) throws FormatException {
        while (r.more()) {
            int tag = r.tag();
            if (field(tag) == 1 && wire(tag) == VARINT) {
                long v = r.varint();
                in.elementType = v < 0 || v > Integer.MAX_VALUE ? -1 : (int) v;
            } else if (field(tag) == 2 && wire(tag) == LENGTH_DELIMITED) {
                in.shapeDeclared = true;
                readShape(r.message("TypeProto.Tensor.shape"), in.dims);
            } else {
                r.skip(tag);
            }
        }
    }

    private static void readShape(Reader r, List<Long> dims) throws FormatException {
        while (r.more()) {
            int tag = r.tag();
            if (field(tag) == 1 && wire(tag) == LENGTH_DELIMITED) {
                if (dims.size() == MAX_RANK) {
                    throw new FormatException("more than " + MAX_RANK + " dimensions in one input shape (at byte "
                            + r.pos + ")");
                }
                dims.add(readDimension(r.message("TensorShapeProto.dim")));
            } else {
                r.skip(tag);
            }
        }
    }

    private static long readDimension(Reader r) throws FormatException {
        long value = NOT_FIXED; // neither member of the oneof set: an unknown dimension
        while (r.more()) {
            int tag = r.tag();
            if (field(tag) == 1 && wire(tag) == VARINT) {
                long v = r.varint();
                value = v < 0 ? NOT_FIXED : v; // a negative size fixes nothing: treated as open, never as a mismatch
            } else if (field(tag) == 2 && wire(tag) == LENGTH_DELIMITED) {
                r.skip(tag); // a symbolic name such as "batch": the size is open
                value = NOT_FIXED;
            } else {
                r.skip(tag);
            }
        }
        return value;
    }

    private static int field(int tag) {
        return tag >>> 3;
    }

    private static int wire(int tag) {
        return tag & 7;
    }

    /** A cursor over {@code bytes[pos, end)}: one message's encoding. */
    private static final class Reader {
        private final byte[] bytes;
        private final int end;
        private int pos;

        Reader(byte[] bytes, int from, int end) {
            this.bytes = bytes;
            this.pos = from;
            this.end = end;
        }

        boolean more() {
            return pos < end;
        }

        /** A field key: field number >= 1 and a wire type protobuf defines. */
        int tag() throws FormatException {
            int at = pos;
            long key = varint();
            long field = key >>> 3;
            int wire = (int) (key & 7);
            if (field < 1 || field > 0x1FFF_FFFF) {
                throw new FormatException("invalid field number " + field + " at byte " + at
                        + ": not an ONNX model, or a damaged one");
            }
            if (wire > FIXED32) {
                throw new FormatException("invalid wire type " + wire + " at byte " + at
                        + ": not an ONNX model, or a damaged one");
            }
            return (int) key;
        }

        long varint() throws FormatException {
            int at = pos;
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw new FormatException("truncated varint at byte " + at + " (the file or message ends)");
                }
                byte b = bytes[pos++];
                result |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return result;
                }
            }
            throw new FormatException("varint longer than 10 bytes at byte " + at);
        }

        /** The length of a length-delimited field, checked against what remains of this message. */
        int length(String what) throws FormatException {
            int at = pos;
            long n = varint();
            if (n < 0 || n > end - pos) {
                throw new FormatException(what + " at byte " + at + " declares " + Long.toUnsignedString(n)
                        + " bytes but only " + (end - pos) + " remain (truncated or damaged file)");
            }
            return (int) n;
        }

        /** The embedded message that follows, as its own reader; this one moves past it. */
        Reader message(String what) throws FormatException {
            int n = length(what);
            Reader sub = new Reader(bytes, pos, pos + n);
            pos += n;
            return sub;
        }

        String string(String what) throws FormatException {
            int at = pos;
            int n = length(what);
            if (n > MAX_NAME_BYTES) {
                throw new FormatException(what + " at byte " + at + " is " + n + " bytes long; at most "
                        + MAX_NAME_BYTES + " are accepted");
            }
            String s;
            try {
                s = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, pos, n))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new FormatException(what + " at byte " + at + " is not valid UTF-8");
            }
            pos += n;
            return s;
        }

        /** Skips the value of the field whose key was just read, whatever its wire type. */
        void skip(int tag) throws FormatException {
            skip(tag, 0);
        }

        private void skip(int tag, int depth) throws FormatException {
            switch (wire(tag)) {
                case VARINT -> varint();
                case FIXED64 -> advance(8, tag);
                case LENGTH_DELIMITED -> {
                    int n = length("field " + field(tag)); // reads the length first: pos moves past it
                    pos += n;
                }
                case FIXED32 -> advance(4, tag);
                case START_GROUP -> skipGroup(tag, depth + 1);
                case END_GROUP -> throw new FormatException("unmatched end of group (field " + field(tag)
                        + ") before byte " + pos);
                default -> throw new FormatException("invalid wire type " + wire(tag) + " before byte " + pos);
            }
        }

        private void advance(int n, int tag) throws FormatException {
            if (n > end - pos) {
                throw new FormatException("field " + field(tag) + " at byte " + pos + " needs " + n
                        + " bytes but only " + (end - pos) + " remain (truncated or damaged file)");
            }
            pos += n;
        }

        private void skipGroup(int startTag, int depth) throws FormatException {
            if (depth > MAX_GROUP_DEPTH) {
                throw new FormatException("groups nested more than " + MAX_GROUP_DEPTH + " deep at byte " + pos);
            }
            int at = pos;
            while (more()) {
                int tag = tag();
                if (wire(tag) == END_GROUP) {
                    if (field(tag) != field(startTag)) {
                        throw new FormatException("group of field " + field(startTag) + " (from byte " + at
                                + ") closed by field " + field(tag) + " before byte " + pos);
                    }
                    return;
                }
                skip(tag, depth);
            }
            throw new FormatException("group of field " + field(startTag) + " from byte " + at + " is not closed"
                    + " (truncated or damaged file)");
        }
    }
}
