package io.aegisml.testmodels;

import java.util.List;

/**
 * Builds an ONNX {@code ModelProto} (IR version 8, default-domain opset 13) straight into protobuf
 * bytes. Field numbers are those of onnx/onnx.proto; only what the test models need is covered.
 */
final class OnnxGraph {

    // TensorProto.DataType
    static final int FLOAT = 1;
    static final int INT64 = 7;
    static final int BOOL = 9;

    // AttributeProto.AttributeType
    private static final int ATTRIBUTE_INT = 2;

    private final ProtoWriter graph = new ProtoWriter();
    private int nodeCount;

    OnnxGraph(String name) {
        graph.string(2, name); // GraphProto.name
    }

    /**
     * Declares a graph input. Each dimension is either a number (fixed size) or a String (a symbolic
     * size such as "batch", which is how ONNX says "any size, the same wherever this name appears").
     */
    OnnxGraph input(String name, int elemType, Object... dims) {
        graph.message(11, valueInfo(name, elemType, dims)); // GraphProto.input
        return this;
    }

    OnnxGraph output(String name, int elemType, Object... dims) {
        graph.message(12, valueInfo(name, elemType, dims)); // GraphProto.output
        return this;
    }

    /** A constant float tensor; no dims means a scalar. */
    OnnxGraph initializer(String name, float[] values, long... dims) {
        graph.message(5, tensor(name, FLOAT, dims).packedFloats(4, values)); // initializer, float_data
        return this;
    }

    OnnxGraph initializer(String name, long[] values, long... dims) {
        graph.message(5, tensor(name, INT64, dims).packedLongs(7, values)); // initializer, int64_data
        return this;
    }

    /**
     * A float initializer whose bytes ONNX Runtime is told to read from another file
     * ({@code data_location: EXTERNAL}): what a hostile model uses to read the host's files.
     */
    OnnxGraph externalInitializer(String name, String location, long floats) {
        graph.message(5, externalTensor(name, location, floats)); // initializer
        return this;
    }

    static ProtoWriter externalTensor(String name, String location, long floats) {
        return tensor(name, FLOAT, floats)
                .message(13, new ProtoWriter().string(1, "location").string(2, location)) // external_data
                .message(13, new ProtoWriter().string(1, "length").string(2, String.valueOf(floats * 4)))
                .varint(14, 1); // data_location: EXTERNAL
    }

    /** A tensor attribute (AttributeProto.t, type TENSOR), such as a Constant node's value. */
    static ProtoWriter tensorAttribute(String name, ProtoWriter tensor) {
        return new ProtoWriter().string(1, name).message(5, tensor).varint(20, 4);
    }

    /** A graph attribute (AttributeProto.g, type GRAPH), such as an If node's branches. */
    static ProtoWriter graphAttribute(String name, OnnxGraph subgraph) {
        return new ProtoWriter().string(1, name).message(6, subgraph.graph).varint(20, 5);
    }

    /** Adds an operator node; nodes must be added in topological order (ONNX requires it). */
    OnnxGraph node(String opType, List<String> inputs, List<String> outputs, ProtoWriter... attributes) {
        ProtoWriter node = new ProtoWriter();
        inputs.forEach(input -> node.string(1, input));
        outputs.forEach(output -> node.string(2, output));
        node.string(3, opType.toLowerCase() + "_" + nodeCount++); // a unique name makes ORT's errors readable
        node.string(4, opType);
        for (ProtoWriter attribute : attributes) {
            node.message(5, attribute);
        }
        graph.message(1, node); // GraphProto.node
        return this;
    }

    static ProtoWriter intAttribute(String name, long value) {
        // AttributeProto: name, i, type. The type field is mandatory since IR version 3.
        return new ProtoWriter().string(1, name).varint(3, value).varint(20, ATTRIBUTE_INT);
    }

    byte[] toModel() {
        ProtoWriter opset = new ProtoWriter().string(1, "").varint(2, 13); // OperatorSetIdProto{domain, version}
        return new ProtoWriter()
                .varint(1, 8) // ir_version
                .string(2, "aegis-test-models") // producer_name
                .message(7, graph) // graph
                .message(8, opset) // opset_import
                .toByteArray();
    }

    private static ProtoWriter tensor(String name, int dataType, long... dims) {
        // TensorProto.dims is a proto2 repeated int64 without [packed=true], so it is written unpacked.
        return new ProtoWriter().varints(1, dims).varint(2, dataType).string(8, name);
    }

    private static ProtoWriter valueInfo(String name, int elemType, Object... dims) {
        ProtoWriter shape = new ProtoWriter(); // TensorShapeProto
        for (Object dim : dims) {
            ProtoWriter dimension = dim instanceof String symbol
                    ? new ProtoWriter().string(2, symbol) // dim_param
                    : new ProtoWriter().varint(1, ((Number) dim).longValue()); // dim_value
            shape.message(1, dimension);
        }
        ProtoWriter tensorType = new ProtoWriter().varint(1, elemType).message(2, shape); // TypeProto.Tensor
        ProtoWriter type = new ProtoWriter().message(1, tensorType); // TypeProto.tensor_type
        return new ProtoWriter().string(1, name).message(2, type); // ValueInfoProto
    }
}
