package io.aegisml.testmodels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Byte-exact checks against the examples of https://protobuf.dev/programming-guides/encoding/. */
class ProtoWriterTest {

    @Test
    void varintIsLittleEndianBase128() {
        assertThat(new ProtoWriter().varint(1, 150).toByteArray()).containsExactly(0x08, 0x96, 0x01);
    }

    @Test
    void negativeInt64TakesTenBytes() {
        byte[] bytes = new ProtoWriter().varint(1, -1).toByteArray();
        assertThat(bytes).hasSize(11); // tag + 10 bytes
        assertThat(bytes[10]).isEqualTo((byte) 0x01);
    }

    @Test
    void stringsAndPackedValuesAreLengthDelimited() {
        assertThat(new ProtoWriter().string(2, "testing").toByteArray())
                .containsExactly(0x12, 0x07, 't', 'e', 's', 't', 'i', 'n', 'g');
        assertThat(new ProtoWriter().packedLongs(4, 3, 270, 86942).toByteArray())
                .containsExactly(0x22, 0x06, 0x03, 0x8E, 0x02, 0x9E, 0xA7, 0x05);
        assertThat(new ProtoWriter().packedFloats(4, 1.0f).toByteArray()) // 1.0f is 0x3F800000
                .containsExactly(0x22, 0x04, 0x00, 0x00, 0x80, 0x3F);
    }
}
