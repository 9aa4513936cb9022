package io.aegisml.modelfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.aegisml.testmodels.TestModels;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfContainedOnnxTest {

    @TempDir
    Path dir;

    private static void check(byte[] model) throws Exception {
        SelfContainedOnnx.check(new ByteArrayInputStream(model));
    }

    @Test
    void theTestModelsAreSelfContained() {
        for (byte[] model : new byte[][] {TestModels.linearRegression(), TestModels.irisClassifier(),
                TestModels.failsAtRunTime(), TestModels.slow(3), TestModels.wideRegression(64)}) {
            assertThatCode(() -> check(model)).doesNotThrowAnyException();
        }
    }

    /**
     * Why the check exists: ONNX Runtime really does read a file the model names, into the model's output.
     * The release used here (1.29) refuses an absolute path by itself, but a relative path
     * below the folder it resolves against (the working directory, for a model given as bytes) is still read.
     */
    @Test
    void withoutTheCheckAModelReadsAFileOfTheHost() throws Exception {
        Path secret = Files.createTempFile(Path.of("target"), "secret-", ".bin");
        String relative = Path.of("").toAbsolutePath().relativize(secret.toAbsolutePath()).toString();
        ByteBuffer floats = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(2.5f)
                .putFloat(3.5f).putFloat(4.5f);
        Files.write(secret, floats.array());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            assertFollowed(env, options, relative);
            // Its own rule stops the absolute form: ours stops both, before any session exists.
            assertThatThrownBy(() -> env.createSession(TestModels.readingExternalFile(secret.toAbsolutePath().toString(), 4),
                    options)).isInstanceOf(ai.onnxruntime.OrtException.class);
        } finally {
            Files.deleteIfExists(secret);
        }
        for (String location : new String[] {relative, secret.toAbsolutePath().toString()}) {
            assertThatThrownBy(() -> check(TestModels.readingExternalFile(location, 4)))
                    .isInstanceOf(UnsafeModel.class).hasMessageContaining("external data");
        }
    }

    private static void assertFollowed(OrtEnvironment env, OrtSession.SessionOptions options, String location) throws Exception {
        try (OrtSession session = env.createSession(TestModels.readingExternalFile(location, 4), options);
             OnnxTensor x = OnnxTensor.createTensor(env, new float[] {0f});
             OrtSession.Result result = session.run(Map.of("x", x))) {
            assertThat((float[]) result.get(0).getValue()).containsExactly(1.5f, 2.5f, 3.5f, 4.5f);
        }
    }

    @Test
    void everyPlaceATensorCanReferToAnotherFileIsRefused() {
        for (String location : new String[] {"/etc/passwd", "secrets/admin-password", "../../.data/secrets/admin-password"}) {
            for (byte[] model : new byte[][] {TestModels.readingExternalFile(location, 4),
                    TestModels.constantReadingExternalFile(location, 4), TestModels.subgraphReadingExternalFile(location, 4)}) {
                assertThatThrownBy(() -> check(model)).as(location).isInstanceOf(UnsafeModel.class)
                        .hasMessageContaining("external data");
            }
        }
    }

    @Test
    void truncatedOrGarbageFilesAreNotModels() {
        byte[] model = TestModels.linearRegression();
        assertThatThrownBy(() -> check(Arrays.copyOf(model, model.length - 7))).isInstanceOf(UnsafeModel.class)
                .hasMessageContaining("not a well-formed ONNX model");
        assertThatThrownBy(() -> check(new byte[] {0x0b, 0x01})).isInstanceOf(UnsafeModel.class); // a group
    }

    @Test
    void nestingDeeperThanAnyRealModelIsRefusedBeforeTheStackIs() {
        // A node whose attribute holds a graph whose node holds a graph... a thousand levels deep.
        byte[] inner = new byte[0];
        for (int i = 0; i < 1000; i++) {
            byte[] graph = field(1, field(5, field(6, inner))); // GraphProto.node -> NodeProto.attribute -> AttributeProto.g
            inner = graph;
        }
        byte[] model = field(7, inner);
        assertThatThrownBy(() -> check(model)).isInstanceOf(UnsafeModel.class).hasMessageContaining("levels deep");
    }

    /** A length-delimited protobuf field. */
    private static byte[] field(int number, byte[] content) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        writeVarint(out, (long) number << 3 | 2);
        writeVarint(out, content.length);
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static void writeVarint(java.io.ByteArrayOutputStream out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) (value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }
}
