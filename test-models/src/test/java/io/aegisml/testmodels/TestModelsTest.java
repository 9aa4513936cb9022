package io.aegisml.testmodels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads every generated model into ONNX Runtime: the proof that the hand-written protobuf is valid ONNX. */
class TestModelsTest {

    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    @Test
    void linearRegressionAnswersTheSeedSample() throws OrtException {
        float[][] seed = {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, {10, 9, 8, 7, 6, 5, 4, 3, 2, 1}};
        try (OrtSession session = ENV.createSession(TestModels.linearRegression())) {
            TensorInfo input = (TensorInfo) session.getInputInfo().get("input").getInfo();
            assertThat(input.getShape()).containsExactly(-1, 10); // -1: the batch is dynamic
            assertThat(input.getDimensionNames()).containsExactly("batch", "");

            float[] output = runRegression(session, seed);

            double[] expected = TestModels.expectedLinearRegression(toDouble(seed));
            assertThat(expected).containsExactly(385.5, 220.5); // the documented seed answer
            assertThat(output).hasSize(2);
            for (int i = 0; i < output.length; i++) {
                assertThat((double) output[i]).isCloseTo(expected[i], within(1e-3));
            }
        }
    }

    @Test
    void irisClassifierCoversAllThreeClasses() throws OrtException {
        float[][] sepal = {{5.1f, 3.5f}, {4.9f, 3.0f}, {7.0f, 3.2f}, {5.7f, 2.8f}, {6.3f, 3.3f}, {7.7f, 3.0f}};
        float[][] petal = {{1.4f, 0.2f}, {1.5f, 0.1f}, {4.7f, 1.4f}, {4.1f, 1.3f}, {6.0f, 2.5f}, {6.1f, 2.3f}};
        long[] expected = TestModels.expectedIrisLabels(sepal, petal);
        assertThat(expected).containsExactly(0, 0, 1, 1, 2, 2);

        try (OrtSession session = ENV.createSession(TestModels.irisClassifier());
                OnnxTensor sepalTensor = OnnxTensor.createTensor(ENV, sepal);
                OnnxTensor petalTensor = OnnxTensor.createTensor(ENV, petal)) {
            assertThat(session.getInputNames()).containsExactly("sepal", "petal");
            assertThat(session.getOutputNames()).containsExactly("probabilities", "label");

            try (OrtSession.Result result = session.run(Map.of("sepal", sepalTensor, "petal", petalTensor))) {
                assertThat((long[]) result.get("label").orElseThrow().getValue()).containsExactly(expected);
                float[][] probabilities = (float[][]) result.get("probabilities").orElseThrow().getValue();
                for (float[] row : probabilities) {
                    assertThat(row).hasSize(3);
                    assertThat((double) (row[0] + row[1] + row[2])).isCloseTo(1.0, within(1e-5));
                }
            }
        }
    }

    @Test
    void failsAtRunTimeLoadsButNeverRuns() throws OrtException {
        // The failure is expected: keep ONNX Runtime from logging it as an error on the build's console.
        try (OrtSession.SessionOptions quiet = new OrtSession.SessionOptions()) {
            quiet.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
            try (OrtSession session = ENV.createSession(TestModels.failsAtRunTime(), quiet)) {
                assertThatThrownBy(() -> runRegression(session, new float[][] {new float[10]}))
                        .isInstanceOf(OrtException.class)
                        .hasMessageContaining("cannot be reshaped");
            }
        }
    }

    @Test
    void wideRegressionMatchesTheFormula() throws OrtException {
        // Small integers keep every product and sum exact in float, so the comparison is exact too.
        float[][] rows = new float[3][256];
        for (int r = 0; r < rows.length; r++) {
            for (int i = 0; i < 256; i++) {
                rows[r][i] = (i + r) % 5;
            }
        }
        try (OrtSession session = ENV.createSession(TestModels.wideRegression(256))) {
            float[] output = runRegression(session, rows);
            double[] expected = TestModels.expectedLinearRegression(toDouble(rows));
            for (int i = 0; i < rows.length; i++) {
                assertThat((double) output[i]).isCloseTo(expected[i], within(1e-3));
            }
        }
    }

    @Test
    void theSlowModelHalvesItsInputOncePerRound() throws OrtException {
        float[][] row = new float[1][512];
        row[0][3] = 8f;
        try (OrtSession session = ENV.createSession(TestModels.slow(3));
             OnnxTensor input = OnnxTensor.createTensor(ENV, row);
             OrtSession.Result result = session.run(java.util.Map.of("input", input))) {
            float[][] output = (float[][]) result.get(0).getValue();
            assertThat(output[0][3]).isEqualTo(1f);
            assertThat(output[0][4]).isZero();
        }
    }

    @Test
    void mainWritesTheFourModels(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("models");
        TestModels.main(new String[] {target.toString()});

        assertThat(target.resolve("linear-regression.onnx")).hasBinaryContent(TestModels.linearRegression());
        assertThat(target.resolve("iris-classifier.onnx")).hasBinaryContent(TestModels.irisClassifier());
        assertThat(target.resolve("fails-at-run-time.onnx")).hasBinaryContent(TestModels.failsAtRunTime());
        assertThat(target.resolve("wide-regression-256.onnx")).hasBinaryContent(TestModels.wideRegression(256));
    }

    private static float[] runRegression(OrtSession session, float[][] rows) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(ENV, rows);
                OrtSession.Result result = session.run(Map.of("input", input))) {
            return (float[]) result.get(0).getValue();
        }
    }

    private static double[][] toDouble(float[][] rows) {
        double[][] result = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            result[r] = new double[rows[r].length];
            for (int i = 0; i < rows[r].length; i++) {
                result[r][i] = rows[r][i];
            }
        }
        return result;
    }
}
