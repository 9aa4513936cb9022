package io.aegisml.scoring.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.aegisml.testmodels.TestModels;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The streaming path gives the very tensor the tree path gives, for what it accepts, and declines (null) everything
 * else — so the tree path keeps answering every refusal in its own words. Checked against a real model (float [N, 10]).
 */
class StreamedInputTest {

    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static final JsonMapper JSON = JsonMapper.builder(tools.jackson.core.json.JsonFactory.builder()
            .streamReadConstraints(tools.jackson.core.StreamReadConstraints.builder().maxNestingDepth(32)
                    .maxTokenCount(1000).build()).build()).build();
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
    void theSeedsSampleBecomesTheSameTensorAsThroughTheTree() throws Exception {
        String body = "{\"data\": [[1,2,3,4,5,6,7,8,9,10],[10,9,8,7,6,5,4,3,2,1.25e0]]}";
        try (OnnxTensor streamed = StreamedInput.parse(ENV, JSON, bytes(body), input);
             OnnxTensor tree = Tensors.fromNested(ENV, "input", input, JSON.readTree(body).get("data"))) {
            assertThat(streamed).isNotNull();
            assertThat(streamed.getInfo().getShape()).containsExactly(2, 10);
            assertThat((float[][]) streamed.getValue()).isDeepEqualTo((float[][]) tree.getValue());
            // And the model answers the same to both.
            try (OrtSession.Result a = session.run(Map.of("input", streamed)); OrtSession.Result b = session.run(Map.of("input", tree))) {
                assertThat(Tensors.floatsAsJson(JSON, (OnnxTensor) a.get(0)))
                        .isEqualTo(JSON.writeValueAsBytes(b.get(0).getValue()));
            }
        }
    }

    @Test
    void manyRowsGrowTheBuffer() throws Exception {
        StringBuilder body = new StringBuilder("{\"data\": [");
        for (int r = 0; r < 60; r++) { // 600 values: past the first buffer of 256
            body.append(r == 0 ? "" : ",").append("[1,2,3,4,5,6,7,8,9,").append(r).append("]");
        }
        try (OnnxTensor streamed = StreamedInput.parse(ENV, JSON, bytes(body + "]}"), input)) {
            assertThat(streamed.getInfo().getShape()).containsExactly(60, 10);
            assertThat(((float[][]) streamed.getValue())[59][9]).isEqualTo(59f);
        }
    }

    @Test
    void everythingElseIsLeftToTheTreePath() throws Exception {
        for (String body : new String[] {
            "{\"data\": [[1,2,3]]}",                                   // the wrong number of features
            "{\"data\": [[1,2,3,4,5,6,7,8,9,10],[1,2]]}",              // ragged
            "{\"data\": [[1,2,3,4,5,6,7,8,9,\"ten\"]]}",               // text
            "{\"data\": [1,2,3,4,5,6,7,8,9,10]}",                      // the wrong rank
            "{\"data\": [[[1,2,3,4,5,6,7,8,9,10]]]}",                  // too deep
            "{\"data\": []}",                                          // empty
            "{\"inputs\": [[1,2,3,4,5,6,7,8,9,10]]}",                  // the other spelling
            "{\"data\": [[1,2,3,4,5,6,7,8,9,10]], \"extra\": 1}",      // another field
            "{\"data\": [[1,2,3,4,5,6,7,8,9,10]]} trailing",            // not one document
            "{\"data\": [[1,2,3,4,5,6,7,8,9,10]]",                     // cut short
            "{\"data\": {\"input\": [[1,2,3,4,5,6,7,8,9,10]]}}",       // named inputs
            "[[1,2,3,4,5,6,7,8,9,10]]",                                // not an object
            "{\"data\": [" + "[1,2,3,4,5,6,7,8,9,10],".repeat(120) + "[1,2,3,4,5,6,7,8,9,10]]}", // over the token limit
        }) {
            assertThat(StreamedInput.parse(ENV, JSON, bytes(body), input)).as(body).isNull();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
