package io.aegisml.scoring.api;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * JSON arrays to ONNX tensors and back, checked against the model's declared inputs: the rank, every
 * fixed dimension and the element type, so that a wrongly shaped request is a 400 that says what the
 * model expects rather than an error from inside the runtime.
 */
final class Tensors {

    /** The OIP v2 names of the element types served. */
    static final Map<OnnxJavaType, String> DATATYPES = Map.of(OnnxJavaType.FLOAT, "FP32", OnnxJavaType.DOUBLE, "FP64",
            OnnxJavaType.INT64, "INT64", OnnxJavaType.INT32, "INT32", OnnxJavaType.BOOL, "BOOL");

    private Tensors() {
    }

    /** A tensor from nested JSON arrays; its shape is the nesting. */
    static OnnxTensor fromNested(OrtEnvironment env, String name, TensorInfo info, JsonNode nested) throws OrtException {
        List<Long> shape = new ArrayList<>();
        JsonNode probe = nested;
        while (probe.isArray()) {
            shape.add((long) probe.size());
            if (probe.isEmpty()) {
                break;
            }
            probe = probe.get(0);
        }
        long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
        List<JsonNode> values = new ArrayList<>();
        flatten(name, nested, dims, 0, values);
        return create(env, name, info, dims, values);
    }

    /** A tensor from OIP v2's explicit shape and (flat or nested) data. */
    static OnnxTensor fromFlat(OrtEnvironment env, String name, TensorInfo info, long[] shape, JsonNode data)
            throws OrtException {
        List<JsonNode> values = new ArrayList<>();
        collect(data, values);
        long count = 1;
        for (long dimension : shape) {
            if (dimension < 0) {
                throw new BadInput("Input '" + name + "' has a negative dimension in its shape " + Arrays.toString(shape) + ".");
            }
            try {
                count = Math.multiplyExact(count, dimension); // a wrapped product could match a short data list
            } catch (ArithmeticException e) {
                throw new BadInput("Input '" + name + "' has a shape too large to exist: " + Arrays.toString(shape) + ".");
            }
        }
        if (values.size() != count) {
            throw new BadInput("Input '" + name + "' has shape " + Arrays.toString(shape) + " (" + count
                    + " values) but " + values.size() + " values were sent.");
        }
        return create(env, name, info, shape, values);
    }

    private static OnnxTensor create(OrtEnvironment env, String name, TensorInfo info, long[] dims,
                                     List<JsonNode> values) throws OrtException {
        long[] expected = info.getShape();
        boolean fits = dims.length == expected.length;
        for (int i = 0; fits && i < dims.length; i++) {
            fits = expected[i] < 0 || expected[i] == dims[i];
        }
        if (!fits) {
            throw new BadInput("Input '" + name + "' must have shape " + shapeText(expected) + " but has "
                    + Arrays.toString(dims) + ".");
        }
        OnnxJavaType type = info.type;
        if (!DATATYPES.containsKey(type)) {
            throw new BadInput("Input '" + name + "' has element type " + type + ", which is not served.");
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(values.size() * type.size).order(ByteOrder.nativeOrder());
        for (JsonNode value : values) {
            boolean numeric = value.isNumber();
            if (type == OnnxJavaType.BOOL ? !value.isBoolean() : !numeric) {
                throw new BadInput("Input '" + name + "' holds " + (type == OnnxJavaType.BOOL ? "booleans" : "numbers")
                        + "; got " + abbreviate(value) + ".");
            }
            switch (type) {
                case FLOAT -> buffer.putFloat(value.floatValue());
                case DOUBLE -> buffer.putDouble(value.doubleValue());
                case INT64 -> buffer.putLong(integral(name, value));
                case INT32 -> buffer.putInt(Math.toIntExact(integral(name, value)));
                case BOOL -> buffer.put((byte) (value.booleanValue() ? 1 : 0));
                default -> throw new IllegalStateException(type.toString());
            }
        }
        buffer.rewind();
        return OnnxTensor.createTensor(env, buffer, dims, type);
    }

    /** Walks nested arrays, checking every row has the length of the first (a rectangular tensor). */
    private static void flatten(String name, JsonNode node, long[] dims, int depth, List<JsonNode> out) {
        if (depth == dims.length) {
            if (node.isArray()) {
                throw new BadInput("Input '" + name + "' is nested unevenly: expected a value at depth " + depth + ".");
            }
            out.add(node);
            return;
        }
        if (!node.isArray() || node.size() != dims[depth]) {
            throw new BadInput("Input '" + name + "' is not rectangular: at depth " + depth + " expected "
                    + dims[depth] + " values, got " + (node.isArray() ? node.size() : "a single value") + ".");
        }
        for (JsonNode child : node) {
            flatten(name, child, dims, depth + 1, out);
        }
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isArray()) {
            node.forEach(child -> collect(child, out));
        } else {
            out.add(node);
        }
    }

    private static long integral(String name, JsonNode value) {
        if (!value.isIntegralNumber()) {
            throw new BadInput("Input '" + name + "' holds whole numbers; got " + value + ".");
        }
        return value.longValue();
    }

    /**
     * A FLOAT tensor of rank 1 or 2 written as JSON straight from its buffer (the same text as its nested arrays
     * through Jackson), or null for any other output.
     */
    static byte[] floatsAsJson(tools.jackson.databind.json.JsonMapper json, OnnxTensor tensor) {
        long[] shape = tensor.getInfo().getShape();
        if (tensor.getInfo().type != OnnxJavaType.FLOAT || shape.length < 1 || shape.length > 2) {
            return null;
        }
        java.nio.FloatBuffer values = tensor.getFloatBuffer();
        int rows = shape.length == 1 ? 1 : (int) shape[0];
        int columns = (int) shape[shape.length - 1];
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(16 + rows * columns * 12);
        try (tools.jackson.core.JsonGenerator generator = json.createGenerator(out)) {
            if (shape.length == 2) {
                generator.writeStartArray();
            }
            for (int r = 0; r < rows; r++) {
                generator.writeStartArray();
                for (int c = 0; c < columns; c++) {
                    generator.writeNumber(values.get());
                }
                generator.writeEndArray();
            }
            if (shape.length == 2) {
                generator.writeEndArray();
            }
        }
        return out.toByteArray();
    }

    /** An output as plain Java values (nested arrays, lists, maps) for Azure's response format. */
    static Object value(OnnxValue value) throws OrtException {
        return value.getValue();
    }

    /** An output flattened for OIP v2: {name, shape, datatype, data}. */
    static Map<String, Object> v2Output(String name, OnnxValue value) throws OrtException {
        if (!(value instanceof OnnxTensor tensor)) {
            return Map.of("name", name, "datatype", "BYTES", "shape", List.of(1), "data", List.of(value.getValue()));
        }
        List<Object> data = new ArrayList<>();
        flattenArray(tensor.getValue(), data);
        String datatype = DATATYPES.getOrDefault(tensor.getInfo().type, tensor.getInfo().type.toString());
        return Map.of("name", name, "datatype", datatype, "shape", Arrays.stream(tensor.getInfo().getShape()).boxed().toList(),
                "data", data);
    }

    private static void flattenArray(Object array, List<Object> out) {
        if (array != null && array.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(array); i++) {
                flattenArray(Array.get(array, i), out);
            }
        } else {
            out.add(array);
        }
    }

    static String shapeText(long[] shape) {
        return Arrays.toString(Arrays.stream(shape).mapToObj(d -> d < 0 ? "N" : Long.toString(d)).toArray());
    }

    private static String abbreviate(JsonNode value) {
        String text = value.toString();
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
