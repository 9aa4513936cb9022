package io.aegisml.scoring.api;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The common request — {@code {"data": [[1, 2, ...], ...]}} for a one-input model — read with Jackson's streaming
 * parser straight into the input tensor's buffer: no tree, no boxed values, one pass. Anything else (named inputs,
 * other fields, text where numbers belong, uneven rows, a shape the model does not take, malformed or over-limit
 * JSON) gives {@code null}, and the tree path ({@link Tensors}) answers it with its precise error: this class never
 * decides a refusal, so the two paths cannot disagree on what is accepted.
 */
final class StreamedInput {

    private StreamedInput() {
    }

    /** The input tensor, or null when the body is not the simple form for this input. */
    static OnnxTensor parse(OrtEnvironment env, JsonMapper json, byte[] body, TensorInfo info) throws OrtException {
        OnnxJavaType type = info.type;
        if (type != OnnxJavaType.FLOAT && type != OnnxJavaType.DOUBLE && type != OnnxJavaType.INT64
                && type != OnnxJavaType.INT32) {
            return null;
        }
        long[] expected = info.getShape();
        if (expected.length == 0) {
            return null;
        }
        Values values = new Values(type);
        long[] dims = new long[expected.length];
        Arrays.fill(dims, -1);
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT || parser.nextToken() != JsonToken.PROPERTY_NAME
                    || !"data".equals(parser.currentName()) || parser.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            if (!array(parser, 0, dims, values)) {
                return null;
            }
            if (parser.nextToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return null;
            }
        } catch (JacksonException e) {
            return null;
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] <= 0 || (expected[i] >= 0 && expected[i] != dims[i])) {
                return null;
            }
        }
        return OnnxTensor.createTensor(env, values.buffer(), dims, type);
    }

    /** An array at {@code depth} (its START_ARRAY just read); false when it is not part of a rectangular tensor. */
    private static boolean array(JsonParser parser, int depth, long[] dims, Values values) {
        long length = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token == null) {
                return false;
            }
            length++;
            if (depth == dims.length - 1) {
                if (!values.add(parser, token)) {
                    return false;
                }
            } else if (token != JsonToken.START_ARRAY || !array(parser, depth + 1, dims, values)) {
                return false;
            }
        }
        if (dims[depth] < 0) {
            dims[depth] = length;
        }
        return dims[depth] == length;
    }

    /** The values in the tensor's element type, in a growing little buffer of the platform's byte order. */
    private static final class Values {
        private final OnnxJavaType type;
        private ByteBuffer buffer;

        Values(OnnxJavaType type) {
            this.type = type;
            this.buffer = ByteBuffer.allocateDirect(256 * type.size).order(ByteOrder.nativeOrder());
        }

        boolean add(JsonParser parser, JsonToken token) {
            boolean integral = token == JsonToken.VALUE_NUMBER_INT;
            if (!integral && token != JsonToken.VALUE_NUMBER_FLOAT) {
                return false;
            }
            if (buffer.remaining() < type.size) {
                ByteBuffer larger = ByteBuffer.allocateDirect(buffer.capacity() * 2).order(ByteOrder.nativeOrder());
                buffer.flip();
                larger.put(buffer);
                buffer = larger;
            }
            switch (type) {
                // As the tree path converts: the number read as a double, then narrowed.
                case FLOAT -> buffer.putFloat((float) parser.getDoubleValue());
                case DOUBLE -> buffer.putDouble(parser.getDoubleValue());
                case INT64, INT32 -> {
                    if (!integral || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        return false;
                    }
                    long value = parser.getLongValue();
                    if (type == OnnxJavaType.INT32) {
                        if (value != (int) value) {
                            return false;
                        }
                        buffer.putInt((int) value);
                    } else {
                        buffer.putLong(value);
                    }
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        /** Exactly the values, from position 0 to capacity, as ONNX Runtime reads a direct buffer. */
        ByteBuffer buffer() {
            buffer.flip();
            if (buffer.limit() == buffer.capacity()) {
                return buffer;
            }
            ByteBuffer exact = ByteBuffer.allocateDirect(buffer.limit()).order(ByteOrder.nativeOrder());
            exact.put(buffer).rewind();
            return exact;
        }
    }
}
