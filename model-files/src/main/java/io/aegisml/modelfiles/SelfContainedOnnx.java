package io.aegisml.modelfiles;

import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses any ONNX model that refers to data outside itself. ONNX Runtime follows a tensor's
 * {@code data_location: EXTERNAL} and {@code external_data} to any path, absolute or relative, so such a
 * model reads the host's files into its outputs. Every {@code TensorProto} is checked wherever ONNX can
 * hold one: initializers, sparse initializers, node attributes (a Constant's value, tensors lists),
 * subgraphs of control-flow nodes at any depth, functions and training graphs.
 *
 * <p>The model is read once, as a stream of protobuf fields (field numbers from onnx/onnx.proto), so a
 * large file is never held in memory. Unknown fields are skipped, not trusted: only the messages that can
 * contain tensors are descended into.
 */
public final class SelfContainedOnnx {

    /** Deeper nesting than any real model has, and shallow enough for the stack. */
    static final int MAX_DEPTH = 64;

    private enum Message { MODEL, GRAPH, NODE, ATTRIBUTE, TENSOR, SPARSE_TENSOR, FUNCTION, TRAINING_INFO }

    private static final int TENSOR_EXTERNAL_DATA = 13;
    private static final int TENSOR_DATA_LOCATION = 14;
    private static final int EXTERNAL = 1;

    private final InputStream in;
    private long position;

    private SelfContainedOnnx(InputStream in) {
        this.in = in;
    }

    /** Reads the whole stream; throws if the model refers to external data or is not a well-formed ModelProto. */
    public static void check(InputStream model) throws UnsafeModel, IOException {
        new SelfContainedOnnx(model).walk(Message.MODEL, Long.MAX_VALUE, 0);
    }

    /** Which message a length-delimited field of {@code parent} holds, or null if it holds no tensor anywhere. */
    private static Message child(Message parent, int field) {
        return switch (parent) {
            case MODEL -> switch (field) {
                case 7 -> Message.GRAPH;          // graph
                case 20 -> Message.TRAINING_INFO; // training_info
                case 25 -> Message.FUNCTION;      // functions
                default -> null;
            };
            case GRAPH -> switch (field) {
                case 1 -> Message.NODE;           // node
                case 5 -> Message.TENSOR;         // initializer
                case 15 -> Message.SPARSE_TENSOR; // sparse_initializer
                default -> null;
            };
            case NODE -> field == 5 ? Message.ATTRIBUTE : null; // attribute
            case ATTRIBUTE -> switch (field) {
                case 5, 10 -> Message.TENSOR;          // t, tensors
                case 6, 11 -> Message.GRAPH;           // g, graphs
                case 22, 23 -> Message.SPARSE_TENSOR;  // sparse_tensor, sparse_tensors
                default -> null;
            };
            case SPARSE_TENSOR -> field == 1 || field == 2 ? Message.TENSOR : null; // values, indices
            case FUNCTION -> switch (field) {
                case 7 -> Message.NODE;       // node
                case 11 -> Message.ATTRIBUTE; // attribute_proto
                default -> null;
            };
            case TRAINING_INFO -> field == 1 || field == 2 ? Message.GRAPH : null; // initialization, algorithm
            case TENSOR -> null;
        };
    }

    private void walk(Message message, long end, int depth) throws UnsafeModel, IOException {
        if (depth > MAX_DEPTH) {
            throw new UnsafeModel("The model nests graphs or attributes more than " + MAX_DEPTH + " levels deep.");
        }
        while (position < end) {
            long tag = varint(message == Message.MODEL && end == Long.MAX_VALUE);
            if (tag < 0) {
                return; // the end of the file, between two fields of the model
            }
            int field = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            switch (wireType) {
                case 0 -> {
                    long value = varint(false);
                    if (message == Message.TENSOR && field == TENSOR_DATA_LOCATION && value == EXTERNAL) {
                        throw external();
                    }
                }
                case 1 -> skip(8);
                case 5 -> skip(4);
                case 2 -> {
                    long length = varint(false);
                    if (length < 0 || length > end - position) {
                        throw malformed();
                    }
                    if (message == Message.TENSOR && field == TENSOR_EXTERNAL_DATA) {
                        throw external();
                    }
                    Message inner = child(message, field);
                    if (inner == null) {
                        skip(length);
                    } else {
                        walk(inner, position + length, depth + 1);
                    }
                }
                default -> throw malformed(); // groups (3, 4) are not used by ONNX; 6 and 7 do not exist
            }
        }
        if (position != end && end != Long.MAX_VALUE) {
            throw malformed();
        }
    }

    private static UnsafeModel external() {
        return new UnsafeModel("The model refers to external data (a tensor with data_location EXTERNAL or "
                + "external_data entries): a model file must hold all its data itself. Save it with its weights "
                + "inside (onnx.save_model(..., save_as_external_data=False)).");
    }

    private static UnsafeModel malformed() {
        return new UnsafeModel("The file is not a well-formed ONNX model (protobuf ModelProto).");
    }

    /** A base-128 varint; -1 at a clean end of stream if {@code endAllowed}. */
    private long varint(boolean endAllowed) throws UnsafeModel, IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.read();
            if (b < 0) {
                if (endAllowed && shift == 0) {
                    return -1;
                }
                throw malformed();
            }
            position++;
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw malformed();
    }

    private void skip(long count) throws UnsafeModel, IOException {
        long left = count;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw malformed();
                }
                skipped = 1;
            }
            left -= skipped;
        }
        position += count;
    }

}
