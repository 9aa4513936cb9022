package io.aegisml.testmodels;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The smallest protobuf wire-format encoder that can write an ONNX model: varints, length-delimited
 * fields (strings and nested messages) and packed repeated floats / int64s. Fields are written in the
 * order they are added; protobuf parsers do not care about order.
 */
final class ProtoWriter {

    // Wire types (https://protobuf.dev/programming-guides/encoding/#structure).
    private static final int VARINT = 0;
    private static final int LENGTH_DELIMITED = 2;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** An int32/int64/enum field. Negative values take 10 bytes: int64 is sign-extended, not zigzagged. */
    ProtoWriter varint(int field, long value) {
        tag(field, VARINT);
        rawVarint(value);
        return this;
    }

    /** Each value as its own varint field: how proto2 writes a repeated int64 not marked packed (e.g. TensorProto.dims). */
    ProtoWriter varints(int field, long... values) {
        for (long value : values) {
            varint(field, value);
        }
        return this;
    }

    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A nested message is just its encoded bytes, length-prefixed. */
    ProtoWriter message(int field, ProtoWriter message) {
        return bytes(field, message.toByteArray());
    }

    /** Packed repeated float: one length-delimited field holding little-endian fixed32 values. */
    ProtoWriter packedFloats(int field, float... values) {
        ProtoWriter payload = new ProtoWriter();
        for (float value : values) {
            payload.rawFixed32(Float.floatToIntBits(value));
        }
        return bytes(field, payload.toByteArray());
    }

    /** Packed repeated int64: one length-delimited field holding the varints back to back. */
    ProtoWriter packedLongs(int field, long... values) {
        ProtoWriter payload = new ProtoWriter();
        for (long value : values) {
            payload.rawVarint(value);
        }
        return bytes(field, payload.toByteArray());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private ProtoWriter bytes(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED);
        rawVarint(value.length);
        out.writeBytes(value);
        return this;
    }

    private void tag(int field, int wireType) {
        rawVarint(((long) field << 3) | wireType);
    }

    /** 7 bits per byte, least significant first, high bit set on all but the last byte. */
    private void rawVarint(long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7; // unsigned shift, so negative numbers terminate (after 10 bytes)
        }
        out.write((int) value);
    }

    private void rawFixed32(int bits) {
        for (int i = 0; i < 4; i++) {
            out.write(bits >>> (8 * i) & 0xFF); // little-endian
        }
    }
}
