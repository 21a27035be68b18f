package dev.candlesignal.internal;

import static dev.candlesignal.internal.OnnxInputShape.NOT_FIXED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.internal.OnnxInputShape.FormatException;
import dev.candlesignal.internal.OnnxInputShape.Input;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The ONNX input reader: on the project's real {@code model.onnx} files (exported by PyTorch), on hand-built
 * protobuf that exercises every wire type and protobuf's merge rules, and on truncated, mutated and hostile bytes,
 * which must fail with {@link FormatException} and nothing else.
 */
class OnnxInputShapeTest {

    static final long SEED = 0x5EED_0A11L;

    /** The repository root: the first parent of the working directory that holds {@code fixtures/models}. */
    static Path repo() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("fixtures/models"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no fixtures/models above " + Path.of("").toAbsolutePath());
    }

    static byte[] onnx(String bundle) throws Exception {
        return Files.readAllBytes(repo().resolve(bundle).resolve("model.onnx"));
    }

    static Input features(byte[] model) throws FormatException {
        return OnnxInputShape.graphInput(model, "features").orElseThrow();
    }

    @Test
    void readsTheDeclaredInputOfEveryRealModel() throws Exception {
        for (String bundle : List.of("fixtures/models/lstm14", "fixtures/models/lstm14-x3",
                "models/demo-btcusdt-1h")) {
            assertThat(OnnxInputShape.graphInputs(onnx(bundle))).as(bundle)
                    .containsExactly(new Input("features", 1, List.of(NOT_FIXED, 60L, 14L), true, true));
        }
        for (String bundle : List.of("fixtures/models/lstm28", "fixtures/models/lstm28-x3")) {
            assertThat(OnnxInputShape.graphInputs(onnx(bundle))).as(bundle)
                    .containsExactly(new Input("features", 1, List.of(NOT_FIXED, 60L, 28L), true, true));
        }
        assertThat(features(onnx("fixtures/models/test-graphs/tiny")).dims()).containsExactly(NOT_FIXED, 5L, 3L);
        assertThat(features(onnx("fixtures/models/test-graphs/tiny-fixed3")).dims()).as("a fixed batch of 3")
                .containsExactly(3L, 5L, 3L);
        byte[] names = onnx("fixtures/models/test-graphs/tiny-names");
        assertThat(OnnxInputShape.graphInput(names, "features")).isEmpty();
        assertThat(OnnxInputShape.graphInputs(names)).extracting(Input::name).containsExactly("x");
    }

    @Test
    void everyTruncationOfARealModelFailsCleanlyOrReadsTheSameInputs() throws Exception {
        byte[] full = onnx("fixtures/models/test-graphs/tiny");
        List<Input> expected = OnnxInputShape.graphInputs(full);
        int failures = 0;
        for (int n = 0; n < full.length; n++) {
            try {
                // a cut between top-level fields after the graph is a valid, shorter model with the same inputs
                assertThat(OnnxInputShape.graphInputs(Arrays.copyOf(full, n))).as("prefix of %d bytes", n)
                        .isEqualTo(expected);
            } catch (FormatException e) {
                failures++;
                assertThat(e.getMessage()).isNotBlank();
            }
        }
        assertThat(failures).as("cuts inside the graph fail").isGreaterThan(full.length / 2);
    }

    @Test
    void truncationsOfTheLargestModelFailCleanly() throws Exception {
        byte[] full = onnx("fixtures/models/lstm28-x3");
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < 300; i++) {
            int n = random.nextInt(full.length);
            try {
                assertThat(features(Arrays.copyOf(full, n)).dims()).as("prefix of %d bytes", n)
                        .containsExactly(NOT_FIXED, 60L, 28L);
            } catch (FormatException e) {
                assertThat(e.getMessage()).as("prefix of %d bytes", n)
                        .containsAnyOf("truncated", "declares", "not an ONNX model", "remain");
            }
        }
    }

    @Test
    void randomMutationsOfARealModelNeverThrowAnythingElse() throws Exception {
        // seeded: a failure names the case, and the seed makes it reproducible
        byte[] full = onnx("fixtures/models/test-graphs/tiny");
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < 5_000; i++) {
            byte[] b = full.clone();
            int edits = 1 + random.nextInt(8);
            for (int e = 0; e < edits; e++) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            assertParsesOrFailsCleanly(b, "mutation " + i);
        }
    }

    @Test
    void randomGarbageNeverThrowsAnythingElse() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        for (int i = 0; i < 5_000; i++) {
            byte[] b = new byte[1 + random.nextInt(512)];
            for (int k = 0; k < b.length; k++) {
                b[k] = (byte) random.nextInt(256);
            }
            assertParsesOrFailsCleanly(b, "garbage " + i);
        }
    }

    private static void assertParsesOrFailsCleanly(byte[] b, String what) {
        try {
            List<Input> inputs = OnnxInputShape.graphInputs(b);
            assertThat(inputs.size()).as(what).isLessThanOrEqualTo(OnnxInputShape.MAX_INPUTS);
            for (Input in : inputs) {
                assertThat(in.dims()).as(what).allMatch(d -> d >= NOT_FIXED).hasSizeLessThanOrEqualTo(
                        OnnxInputShape.MAX_RANK);
            }
        } catch (FormatException e) {
            assertThat(e.getMessage()).as(what).isNotBlank();
        } catch (RuntimeException | Error e) {
            throw new AssertionError(what + " (" + HexBytes.of(b) + ") threw " + e, e);
        }
    }

    @Test
    void notAnOnnxFileAtAll() throws Exception {
        assertThatThrownBy(() -> OnnxInputShape.graphInputs(new byte[0])).isInstanceOf(FormatException.class)
                .hasMessageContaining("empty file");
        byte[] manifest = Files.readAllBytes(repo().resolve("models/demo-btcusdt-1h/manifest.json"));
        assertThatThrownBy(() -> OnnxInputShape.graphInputs(manifest)).isInstanceOf(FormatException.class);
        byte[] torchscript = Files.readAllBytes(repo().resolve("models/demo-btcusdt-1h/model.pt"));
        assertThatThrownBy(() -> OnnxInputShape.graphInputs(torchscript)).as("a zip file")
                .isInstanceOf(FormatException.class);
        // a well-formed protobuf without field 7
        assertThatThrownBy(() -> OnnxInputShape.graphInputs(new Proto().varint(1, 8).bytes()))
                .isInstanceOf(FormatException.class).hasMessageContaining("no graph (ModelProto field 7)");
    }

    @Test
    void hostileLengthsAndKeysAreRefusedWithTheOffset() {
        // graph field declaring 2^62 bytes
        byte[] huge = {0x3A, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
            (byte) 0x80, (byte) 0x80, 0x40};
        assertThatThrownBy(() -> OnnxInputShape.graphInputs(huge)).isInstanceOf(FormatException.class)
                .hasMessage("ModelProto.graph at byte 1 declares 4611686018427387904 bytes but only 0 remain"
                        + " (truncated or damaged file)");
        // a length that is negative as a signed long
        byte[] negative = {0x3A, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0x01};
        assertThatThrownBy(() -> OnnxInputShape.graphInputs(negative)).isInstanceOf(FormatException.class)
                .hasMessageContaining("declares 18446744073709551615 bytes");
        byte[] longVarint = {0x08, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0x01};
        assertThatThrownBy(() -> OnnxInputShape.graphInputs(longVarint)).isInstanceOf(FormatException.class)
                .hasMessage("varint longer than 10 bytes at byte 1");
        assertThatThrownBy(() -> OnnxInputShape.graphInputs(new byte[] {0x00, 0x01}))
                .isInstanceOf(FormatException.class).hasMessageContaining("invalid field number 0 at byte 0");
        assertThatThrownBy(() -> OnnxInputShape.graphInputs(new byte[] {0x0E}))
                .isInstanceOf(FormatException.class).hasMessageContaining("invalid wire type 6 at byte 0");
        assertThatThrownBy(() -> OnnxInputShape.graphInputs(new byte[] {0x0C}))
                .isInstanceOf(FormatException.class).hasMessageContaining("unmatched end of group");
        assertThatThrownBy(() -> OnnxInputShape.graphInputs(new byte[] {0x0B, 0x08, 0x01}))
                .isInstanceOf(FormatException.class).hasMessageContaining("is not closed");
        assertThatThrownBy(() -> OnnxInputShape.graphInputs(new byte[] {0x0B, 0x14}))
                .isInstanceOf(FormatException.class).hasMessageContaining("closed by field 2");
        assertThatThrownBy(() -> OnnxInputShape.graphInputs(new byte[] {0x09, 1, 2, 3}))
                .as("a fixed64 cut short").isInstanceOf(FormatException.class).hasMessageContaining("needs 8 bytes");
        byte[] deepGroups = new byte[10_000];
        Arrays.fill(deepGroups, (byte) 0x0B);
        assertThatThrownBy(() -> OnnxInputShape.graphInputs(deepGroups)).isInstanceOf(FormatException.class)
                .hasMessageContaining("groups nested more than 64 deep");
    }

    @Test
    void capsBoundWhatAHostileFileCanMakeUsAllocate() {
        Proto shape = new Proto();
        for (int i = 0; i <= OnnxInputShape.MAX_RANK; i++) {
            shape.message(1, new Proto().varint(1, 1));
        }
        assertThatThrownBy(() -> OnnxInputShape.graphInputs(model(input("features", 1, shape))))
                .isInstanceOf(FormatException.class).hasMessageContaining("more than 64 dimensions");

        Proto graph = new Proto();
        for (int i = 0; i <= OnnxInputShape.MAX_INPUTS; i++) {
            graph.message(11, new Proto());
        }
        assertThatThrownBy(() -> OnnxInputShape.graphInputs(new Proto().message(7, graph).bytes()))
                .isInstanceOf(FormatException.class).hasMessageContaining("more than 4096 graph inputs");

        Proto longName = new Proto().string(1, "x".repeat(OnnxInputShape.MAX_NAME_BYTES + 1));
        assertThatThrownBy(() -> OnnxInputShape.graphInputs(new Proto().message(7, new Proto().message(11,
                longName)).bytes())).isInstanceOf(FormatException.class).hasMessageContaining("at most 4096");

        Proto badUtf8 = new Proto().bytes(1, new byte[] {(byte) 0xC3, 0x28});
        assertThatThrownBy(() -> OnnxInputShape.graphInputs(new Proto().message(7, new Proto().message(11,
                badUtf8)).bytes())).isInstanceOf(FormatException.class).hasMessageContaining("not valid UTF-8");
    }

    @Test
    void unknownFieldsOfEveryWireTypeAreSkippedAtEveryLevel() throws Exception {
        Proto dimBatch = noise().string(2, "batch").string(3, "DATA_BATCH");
        Proto dim60 = noise().varint(1, 60).string(3, "DATA_CHANNEL");
        Proto dim14 = new Proto().varint(1, 14).fixed32(9);
        Proto shape = noise().message(1, dimBatch).message(1, dim60).message(1, dim14).group(7, noise());
        Proto tensor = noise().varint(1, 1).message(2, shape);
        Proto type = noise().message(1, tensor).string(6, "denotation");
        Proto input = noise().string(1, "features").message(2, type).string(3, "doc");
        Proto graph = noise().message(1, noise()).string(2, "g").message(5, new Proto().string(8, "w"))
                .message(11, input).message(12, noise()).string(10, "doc");
        byte[] model = noise().varint(1, 8).message(8, noise()).string(2, "pytorch").message(7, graph)
                .message(14, noise()).bytes();
        assertThat(OnnxInputShape.graphInputs(model))
                .containsExactly(new Input("features", 1, List.of(NOT_FIXED, 60L, 14L), true, true));
    }

    @Test
    void repeatedSingularMessagesMergeAsInProtobuf() throws Exception {
        // ModelProto.graph twice: the inputs of both; ValueInfoProto.type twice: the shapes' dims concatenated
        Proto first = new Proto().message(11, input("a", 1, new Proto().message(1, new Proto().varint(1, 2))));
        Proto second = new Proto().message(11, new Proto().string(1, "features")
                .message(2, new Proto().message(1, new Proto().varint(1, 1)
                        .message(2, new Proto().message(1, new Proto().string(2, "n"))))))
                .message(11, new Proto().string(1, "ignored").string(1, "last"));
        byte[] model = new Proto().message(7, first).message(7, second).bytes();
        List<Input> inputs = OnnxInputShape.graphInputs(model);
        assertThat(inputs).extracting(Input::name).containsExactly("a", "features", "last");
        assertThat(inputs.get(1).dims()).containsExactly(NOT_FIXED);
        assertThat(inputs.get(2).tensor()).as("no type").isFalse();

        Proto twoTypes = new Proto().string(1, "features")
                .message(2, new Proto().message(1, new Proto().varint(1, 1)
                        .message(2, new Proto().message(1, new Proto().varint(1, 7)))))
                .message(2, new Proto().message(1, new Proto()
                        .message(2, new Proto().message(1, new Proto().varint(1, 60).varint(1, 30)))));
        assertThat(features(new Proto().message(7, new Proto().message(11, twoTypes)).bytes()).dims())
                .as("dims appended, the last dim_value of a dimension wins").containsExactly(7L, 30L);
    }

    @Test
    void openDimensionsAndNonTensorInputs() throws Exception {
        Proto shape = new Proto().message(1, new Proto()) // neither dim_value nor dim_param
                .message(1, new Proto().varint(1, -5)) // a negative size fixes nothing
                .message(1, new Proto().varint(1, 60).string(2, "seq")) // oneof: the last one set wins
                .message(1, new Proto().string(2, "seq").varint(1, 14));
        assertThat(features(model(input("features", 1, shape))).dims()).containsExactly(NOT_FIXED, NOT_FIXED,
                NOT_FIXED, 14L);

        Input noShape = features(new Proto().message(7, new Proto().message(11, new Proto().string(1, "features")
                .message(2, new Proto().message(1, new Proto().varint(1, 1))))).bytes());
        assertThat(noShape.shapeDeclared()).isFalse();
        assertThat(noShape.tensor()).isTrue();

        Input scalar = features(model(input("features", 1, new Proto())));
        assertThat(scalar.shapeDeclared()).isTrue();
        assertThat(scalar.dims()).isEmpty();

        // TypeProto.sequence_type (4) after a tensor_type: the oneof's last member wins
        Input sequence = features(new Proto().message(7, new Proto().message(11, new Proto().string(1, "features")
                .message(2, new Proto().message(1, new Proto().varint(1, 1).message(2, new Proto()))
                        .message(4, new Proto())))).bytes());
        assertThat(sequence.tensor()).isFalse();
        assertThat(sequence.dims()).isEmpty();
        assertThat(OnnxInputShape.graphInput(model(input("x", 1, new Proto())), "features"))
                .isEqualTo(Optional.empty());
    }

    static byte[] model(Proto input) {
        return new Proto().message(7, new Proto().message(11, input)).bytes();
    }

    static Proto input(String name, int elementType, Proto shape) {
        return new Proto().string(1, name)
                .message(2, new Proto().message(1, new Proto().varint(1, elementType).message(2, shape)));
    }

    /** Unknown fields of every wire type, with field numbers ONNX does not use at these levels. */
    static Proto noise() {
        return new Proto().varint(99, 300).fixed64(98).bytes(97, new byte[] {1, 2, 3}).fixed32(96)
                .group(95, new Proto().varint(1, 1).group(2, new Proto().fixed32(3)));
    }

    /** A minimal protobuf writer for the tests. */
    static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        private void key(int field, int wire) {
            raw((long) field << 3 | wire);
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        Proto varint(int field, long v) {
            key(field, 0);
            raw(v);
            return this;
        }

        Proto fixed64(int field) {
            key(field, 1);
            out.writeBytes(new byte[8]);
            return this;
        }

        Proto bytes(int field, byte[] b) {
            key(field, 2);
            raw(b.length);
            out.writeBytes(b);
            return this;
        }

        Proto string(int field, String s) {
            return bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto m) {
            return bytes(field, m.bytes());
        }

        Proto fixed32(int field) {
            key(field, 5);
            out.writeBytes(new byte[4]);
            return this;
        }

        Proto group(int field, Proto inner) {
            key(field, 3);
            out.writeBytes(inner.bytes());
            key(field, 4);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** Short hex for failure messages. */
    static final class HexBytes {
        static String of(byte[] b) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < Math.min(b.length, 64); i++) {
                s.append(String.format("%02x", b[i]));
            }
            return s + (b.length > 64 ? "... (" + b.length + " bytes)" : "");
        }
    }
}
