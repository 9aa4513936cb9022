package io.aegisml.scoring.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.aegisml.testmodels.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** JSON to tensors, checked against a real model's declared input (float [N, 10]). */
class TensorsTest {

    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static OrtSession session;
    private static TensorInfo input;

    @BeforeAll
    static void load() throws Exception {
        session = ENV.createSession(TestModels.linearRegression());
        input = (TensorInfo) session.getInputInfo().get("input").getInfo();
    }

    @AfterAll
    static void close() throws Exception {
        session.close();
    }

    @Test
    void nestedArraysBecomeATensorOfTheirShape() throws Exception {
        try (OnnxTensor tensor = Tensors.fromNested(ENV, "input", input,
                JSON.readTree("[[1,2,3,4,5,6,7,8,9,10],[10,9,8,7,6,5,4,3,2,1]]"))) {
            assertThat(tensor.getInfo().getShape()).containsExactly(2, 10);
            assertThat(((float[][]) tensor.getValue())[1][0]).isEqualTo(10f);
        }
    }

    @Test
    void theWrongNumberOfFeaturesNamesTheExpectedShape() {
        assertThatThrownBy(() -> Tensors.fromNested(ENV, "input", input, JSON.readTree("[[1,2,3]]")))
                .isInstanceOf(BadInput.class).hasMessageContaining("[N, 10]").hasMessageContaining("[1, 3]");
    }

    @Test
    void raggedRowsTextAndWrongRankAreRefused() {
        assertThatThrownBy(() -> Tensors.fromNested(ENV, "input", input,
                JSON.readTree("[[1,2,3,4,5,6,7,8,9,10],[1,2]]"))).isInstanceOf(BadInput.class)
                .hasMessageContaining("not rectangular");
        assertThatThrownBy(() -> Tensors.fromNested(ENV, "input", input,
                JSON.readTree("[[1,2,3,4,5,6,7,8,9,\"ten\"]]"))).isInstanceOf(BadInput.class)
                .hasMessageContaining("numbers");
        assertThatThrownBy(() -> Tensors.fromNested(ENV, "input", input, JSON.readTree("[1,2,3,4,5,6,7,8,9,10]")))
                .isInstanceOf(BadInput.class).hasMessageContaining("shape");
    }

    @Test
    void openInferenceInputsMustHoldAsManyValuesAsTheirShapeSays() throws Exception {
        try (OnnxTensor tensor = Tensors.fromFlat(ENV, "input", input, new long[] {1, 10},
                JSON.readTree("[1,2,3,4,5,6,7,8,9,10]"))) {
            assertThat(tensor.getInfo().getShape()).containsExactly(1, 10);
        }
        assertThatThrownBy(() -> Tensors.fromFlat(ENV, "input", input, new long[] {2, 10},
                JSON.readTree("[1,2,3,4,5,6,7,8,9,10]"))).isInstanceOf(BadInput.class)
                .hasMessageContaining("20 values");
    }

    /** 2^32 x 2^32 wraps to 0 in a long product: it must not pass for "no values sent". */
    @Test
    void aShapeWhoseSizeOverflowsIsBadInputNotAnEmptyTensor() {
        assertThatThrownBy(() -> Tensors.fromFlat(ENV, "input", input, new long[] {1L << 32, 1L << 32},
                JSON.readTree("[]"))).isInstanceOf(BadInput.class).hasMessageContaining("too large");
        assertThatThrownBy(() -> Tensors.fromFlat(ENV, "input", input, new long[] {-1, 10},
                JSON.readTree("[]"))).isInstanceOf(BadInput.class).hasMessageContaining("negative");
    }
}
