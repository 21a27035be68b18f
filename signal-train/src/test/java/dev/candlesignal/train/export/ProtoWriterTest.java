package dev.candlesignal.train.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The protobuf encoder, byte by byte against the encoding the protobuf specification gives. */
class ProtoWriterTest {

    private static String hex(ProtoWriter w) {
        return HexFormat.ofDelimiter(" ").formatHex(w.toByteArray());
    }

    private static String varint(long value) {
        ProtoWriter w = new ProtoWriter();
        w.varint(value);
        return hex(w);
    }

    @Test
    void varintEdgeCases() {
        assertThat(varint(0)).isEqualTo("00");
        assertThat(varint(1)).isEqualTo("01");
        assertThat(varint(127)).isEqualTo("7f");
        assertThat(varint(128)).isEqualTo("80 01");
        assertThat(varint(300)).isEqualTo("ac 02"); // the specification's example
        assertThat(varint(16_383)).isEqualTo("ff 7f");
        assertThat(varint(16_384)).isEqualTo("80 80 01");
        assertThat(varint(Integer.MAX_VALUE)).isEqualTo("ff ff ff ff 07");
        assertThat(varint(1L << 32)).isEqualTo("80 80 80 80 10");
        assertThat(varint(Long.MAX_VALUE)).isEqualTo("ff ff ff ff ff ff ff ff 7f");
    }

    @Test
    void negativeValuesTakeTenBytesAsTwosComplement() {
        assertThat(varint(-1)).isEqualTo("ff ff ff ff ff ff ff ff ff 01");
        assertThat(varint(Long.MIN_VALUE)).isEqualTo("80 80 80 80 80 80 80 80 80 01");
        // an int32 field holding -1 is sign-extended to 64 bits, as protobuf does
        assertThat(hex(new ProtoWriter().int64(2, -1))).isEqualTo("10 ff ff ff ff ff ff ff ff ff 01");
    }

    @Test
    void keysCombineFieldNumberAndWireType() {
        assertThat(hex(new ProtoWriter().int64(1, 150))).isEqualTo("08 96 01"); // the specification's example
        assertThat(hex(new ProtoWriter().int64(20, 2))).isEqualTo("a0 01 02"); // AttributeProto.type: two-byte key
        assertThat(hex(new ProtoWriter().int64(15, 0))).isEqualTo("78 00"); // zero is written, not omitted
        assertThat(hex(new ProtoWriter().int64(16, 0))).isEqualTo("80 01 00");
        assertThat(hex(new ProtoWriter().int64(0x1FFF_FFFF, 1))).isEqualTo("f8 ff ff ff 0f 01");
        assertThat(hex(new ProtoWriter().float32(2, 1.0f))).isEqualTo("15 00 00 80 3f");
    }

    @Test
    void invalidFieldNumbersAreRefused() {
        assertThatThrownBy(() -> new ProtoWriter().int64(0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but is 0");
        assertThatThrownBy(() -> new ProtoWriter().string(1 << 29, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but is 536870912");
    }

    @Test
    void stringsAreLengthDelimitedUtf8() {
        assertThat(hex(new ProtoWriter().string(2, "testing"))).isEqualTo("12 07 74 65 73 74 69 6e 67");
        assertThat(hex(new ProtoWriter().string(1, "é"))).isEqualTo("0a 02 c3 a9");
        assertThat(hex(new ProtoWriter().string(1, ""))).isEqualTo("0a 00");
    }

    @Test
    void aLengthOf128OrMoreTakesTwoBytes() {
        byte[] body = new byte[200];
        byte[] out = new ProtoWriter().bytes(9, body).toByteArray();
        assertThat(out).hasSize(3 + 200);
        assertThat(HexFormat.of().formatHex(out, 0, 3)).isEqualTo("4ac801");
    }

    @Test
    void nestedMessagesAreLengthDelimited() {
        ProtoWriter inner = new ProtoWriter().int64(1, 150);
        assertThat(hex(new ProtoWriter().message(3, inner))).isEqualTo("1a 03 08 96 01"); // the specification's
    }

    @Test
    void packedFloatsAreLittleEndianIeee754InOneField() {
        ProtoWriter w = new ProtoWriter().packedFloats(4, new float[] {1.0f, -2.5f, 0.0f, -0.0f});
        assertThat(hex(w)).isEqualTo("22 10 00 00 80 3f 00 00 20 c0 00 00 00 00 00 00 00 80");
    }

    @Test
    void packedFloatsKeepEveryBitPattern() {
        float nan = Float.intBitsToFloat(0x7fc0_0001);
        float tiny = Float.MIN_VALUE;
        ProtoWriter w = new ProtoWriter().packedFloats(4, new float[] {nan, tiny, Float.NEGATIVE_INFINITY});
        assertThat(hex(w)).isEqualTo("22 0c 01 00 c0 7f 01 00 00 00 00 00 80 ff");
    }

    @Test
    void packedLengthCountsBytesNotValues() {
        float[] values = new float[40]; // 160 bytes: a two-byte length
        byte[] out = new ProtoWriter().packedFloats(4, values).toByteArray();
        assertThat(HexFormat.of().formatHex(out, 0, 3)).isEqualTo("22a001");
        assertThat(out).hasSize(3 + 160);
    }

    @Test
    void packedInt64sAreVarintsInOneField() {
        assertThat(hex(new ProtoWriter().packedInt64s(7, new long[] {0, 1, 300, -1})))
                .isEqualTo("3a 0e 00 01 ac 02 ff ff ff ff ff ff ff ff ff 01");
    }

    @Test
    void emptyPackedFieldsAreOmitted() {
        assertThat(new ProtoWriter().packedFloats(4, new float[0]).size()).isZero();
        assertThat(new ProtoWriter().packedInt64s(7, new long[0]).size()).isZero();
    }

    @Test
    void fieldsAppearInCallOrder() {
        ProtoWriter w = new ProtoWriter().string(1, "a").int64(2, 1).string(1, "b");
        assertThat(hex(w)).isEqualTo("0a 01 61 10 01 0a 01 62");
    }
}
