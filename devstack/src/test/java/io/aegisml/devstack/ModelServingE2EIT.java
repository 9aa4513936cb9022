package io.aegisml.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.aegisml.testmodels.TestModels;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Seed 000's walk-through as a user drives it through the edge: register an ONNX model, create an
 * endpoint and deployments from Azure's YAML, wait for provisioning, set traffic, call the scoring URI
 * with a key or a token, rotate keys, read the deployment's logs and the endpoint's metrics.
 */
@ExtendWith(StackExtension.class)
class ModelServingE2EIT {

    static final String SAMPLE = "{\"data\": [[1,2,3,4,5,6,7,8,9,10],[10,9,8,7,6,5,4,3,2,1]]}";
    private static final double[] EXPECTED = TestModels.expectedLinearRegression(
            new double[][] {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, {10, 9, 8, 7, 6, 5, 4, 3, 2, 1}});
    private static final Map<String, String> YAML = Map.of("Content-Type", "application/yaml");

    /** While scoring-service is stopped: the edge answers 503 for it. */
    void assertScoringDown(Api api, String scoring, String key) {
        assertThat(api.send("POST", scoring, key, SAMPLE, Map.of()).status()).isEqualTo(503);
    }

    /** Where the score calls go: the edge's compatibility route here, the data plane's own listener in the subclass. */
    String scoringUrl(AegisStack stack) {
        return stack.edgeUrl();
    }

    @Test
    void aKeyEndpointServesTheSeedSampleAndRotatesItsKeys(AegisStack stack) throws Exception {
        Api api = new Api(stack.edgeUrl(), scoringUrl(stack));
        String owner = new Tokens(stack).admin();
        Workspace ws = new Workspace(api, owner);

        // The model registry: a version is its ONNX file; versions never change.
        Api.Response model = ws.registerModel("linreg", "1", TestModels.linearRegression());
        assertThat(model.status()).as(model.body()).isEqualTo(201);
        assertThat(model.json().get("size_bytes").asLong()).isEqualTo(TestModels.linearRegression().length);
        assertThat(ws.registerModel("linreg", "1", TestModels.linearRegression()).status()).isEqualTo(409);
        assertThat(ws.registerModel("linreg", "2", "not a model".getBytes()).status()).isEqualTo(400);
        assertThat(api.get(ws.path + "/models/linreg/versions", owner).json().get("value")).hasSize(1);

        String endpoint = "ep-" + ws.run;
        Api.Response created = ws.putYaml("/onlineEndpoints/" + endpoint, """
                $schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json
                name: %s
                auth_mode: key
                """.formatted(endpoint));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("scoring_uri").asString()).isEqualTo(stack.dataPlaneUrl() + "/endpoints/" + endpoint + "/score");
        assertThat(created.body()).doesNotContain("key_hashes", "sealed");
        assertThat(ws.putYaml("/onlineEndpoints/" + endpoint, "name: " + endpoint + "\nauth_mod: key\n").status())
                .isEqualTo(400);

        Api.Response deployment = ws.putYaml("/onlineEndpoints/" + endpoint + "/deployments/blue", """
                name: blue
                endpoint_name: %s
                model: azureml:linreg:1
                instance_type: Standard_DS3_v2
                instance_count: 1
                request_settings:
                  request_timeout_ms: 5000
                  max_concurrent_requests_per_instance: 2
                """.formatted(endpoint));
        assertThat(deployment.status()).as(deployment.body()).isEqualTo(201);
        assertThat(deployment.json().get("provisioning_state").asString()).isEqualTo("Creating");
        ws.awaitState(endpoint, "blue", "Succeeded");

        // No traffic yet: nothing answers.
        String scoring = "/endpoints/" + endpoint + "/score";
        JsonNode keys = api.send("POST", ws.path + "/onlineEndpoints/" + endpoint + "/listKeys", owner, "", Map.of()).json();
        String primary = keys.get("primaryKey").asString();
        String secondary = keys.get("secondaryKey").asString();
        assertThat(api.send("POST", scoring, primary, SAMPLE, Map.of()).status()).isEqualTo(404);

        assertThat(ws.putYaml("/onlineEndpoints/" + endpoint, "name: " + endpoint + "\nauth_mode: key\ntraffic:\n  blue: 100\n")
                .status()).isEqualTo(200);
        Api.Response scored = Eventually.until(Duration.ofSeconds(10), () -> api.send("POST", scoring, primary, SAMPLE,
                Map.of("x-ms-client-request-id", "walkthrough-1")), r -> r.status() == 200, "the first score");
        JsonNode answer = scored.json();
        assertThat(answer).hasSize(2);
        assertThat(answer.get(0).asDouble()).isCloseTo(EXPECTED[0], within(1e-3));
        assertThat(answer.get(1).asDouble()).isCloseTo(EXPECTED[1], within(1e-3));
        assertThat(scored.header("azureml-model-deployment")).isEqualTo("blue");
        assertThat(scored.header("x-request-id")).isNotBlank();
        assertThat(scored.header("x-ms-client-request-id")).isEqualTo("walkthrough-1");

        // The same model through the Open Inference Protocol v2.
        Api.Response inferred = api.send("POST", "/endpoints/" + endpoint + "/v2/models/linreg/infer", primary, """
                {"id": "r1", "inputs": [{"name": "input", "shape": [1, 10], "datatype": "FP32",
                                         "data": [1,2,3,4,5,6,7,8,9,10]}]}""", Map.of());
        assertThat(inferred.status()).as(inferred.body()).isEqualTo(200);
        assertThat(inferred.json().get("model_name").asString()).isEqualTo("linreg");
        assertThat(inferred.json().get("outputs").get(0).get("data").get(0).asDouble()).isCloseTo(EXPECTED[0], within(1e-3));

        // Bad requests get a clear 4xx, never a 500.
        assertError(api.send("POST", scoring, null, SAMPLE, Map.of()), 401);
        assertError(api.send("POST", scoring, "not-the-key", SAMPLE, Map.of()), 401);
        assertError(api.send("POST", scoring, primary, "{\"data\": [[1,2", Map.of()), 400);
        Api.Response shape = api.send("POST", scoring, primary, "{\"data\": [[1,2,3,4,5,6,7,8,9]]}", Map.of());
        assertError(shape, 400);
        assertThat(shape.json().get("error").get("message").asString()).contains("input", "[N, 10]", "[1, 9]");
        assertError(api.send("POST", scoring, primary, "{\"data\": [[1,2,3,4,5,6,7,8,9,\"x\"]]}", Map.of()), 400);
        assertError(api.send("POST", "/endpoints/no-such-" + ws.run + "/score", primary, SAMPLE, Map.of()), 404);
        assertError(api.send("POST", "/endpoints/" + endpoint + "/v2/models/other/infer", primary, "{}", Map.of()), 404);

        // Rotating the primary key: the old one stops working within a second or so, the secondary keeps working.
        assertThat(api.send("POST", ws.path + "/onlineEndpoints/" + endpoint + "/regenerateKeys", owner,
                "{\"keyType\": \"Primary\"}", Map.of()).status()).isEqualTo(200);
        long rotated = System.nanoTime();
        Eventually.until(Duration.ofSeconds(10), () -> api.send("POST", scoring, primary, SAMPLE, Map.of()).status(),
                s -> s == 401, "the old primary key refused");
        System.out.printf("key rotation to refusal: %d ms%n", (System.nanoTime() - rotated) / 1_000_000);
        assertThat(api.send("POST", scoring, secondary, SAMPLE, Map.of()).status()).isEqualTo(200);
        String newPrimary = api.send("POST", ws.path + "/onlineEndpoints/" + endpoint + "/listKeys", owner, "", Map.of())
                .json().get("primaryKey").asString();
        assertThat(newPrimary).isNotEqualTo(primary);
        assertThat(api.send("POST", scoring, newPrimary, SAMPLE, Map.of()).status()).isEqualTo(200);
        assertThat(api.send("POST", ws.path + "/onlineEndpoints/" + endpoint + "/regenerateKeys", owner,
                "{\"keyType\": \"Tertiary\"}", Map.of()).status()).isEqualTo(400);

        // The deployment's own log, and the endpoint's metrics from the telemetry.
        String logs = api.get(ws.path + "/onlineEndpoints/" + endpoint + "/deployments/blue/logs?tail=50", owner)
                .json().get("content").asString();
        assertThat(logs).contains("Fetched model file", "ONNX Runtime session ready", "Deployment blue is ready");
        String endpointId = ws.path.substring(4) + "/onlineEndpoints/" + endpoint;
        JsonNode metrics = Eventually.until(Duration.ofSeconds(20),
                () -> api.get("/api/metrics?endpoint=" + endpointId, owner).json(),
                m -> m.path("count").asLong() >= 5 && m.path("errors").asLong() >= 3, "the requests in the metrics");
        assertThat(metrics.get("deployments").get(0).get("deployment").asString()).isEqualTo("blue");
        assertThat(metrics.get("latencyMs").get("p50").asDouble()).isPositive();

        // No key in any log, Kafka record or database row; the activity log has the control-plane operations.
        List<String> secrets = List.of(primary, secondary, newPrimary);
        assertThat(SecretScan.logsContaining(stack, secrets)).isEmpty();
        assertThat(SecretScan.kafkaRecordsContaining(stack, secrets)).isEmpty();
        assertThat(SecretScan.databaseRowsContaining(stack, secrets)).isEmpty();
        Eventually.until(Duration.ofSeconds(20), () -> api.get("/api/activityLog?scope=" + endpointId, owner).body(),
                body -> body.contains("onlineEndpoints/regenerateKeys/action")
                        && body.contains("onlineEndpoints/deployments/write"), "the endpoint's operations in the activity log");

        // Deleting the endpoint deletes its deployments; the model is then free to delete.
        assertThat(ws.registerModel("linreg", "1", TestModels.linearRegression()).status()).isEqualTo(409);
        assertThat(api.delete(ws.path + "/models/linreg/versions/1", owner).status()).isEqualTo(409);
        assertThat(api.delete(ws.path + "/onlineEndpoints/" + endpoint, owner).status()).isEqualTo(200);
        assertThat(api.get(ws.path + "/onlineEndpoints/" + endpoint + "/deployments/blue", owner).status()).isEqualTo(404);
        Eventually.until(Duration.ofSeconds(10), () -> api.send("POST", scoring, newPrimary, SAMPLE, Map.of()).status(),
                s -> s == 404, "the deleted endpoint gone from scoring");
        assertThat(api.delete(ws.path + "/models/linreg/versions/1", owner).status()).isEqualTo(200);
    }

    @Test
    void trafficIsSplitMirroredAndPinnedAndUpdatesDropNoRequest(AegisStack stack) throws Exception {
        Api api = new Api(stack.edgeUrl(), scoringUrl(stack));
        String owner = new Tokens(stack).admin();
        Workspace ws = new Workspace(api, owner);
        assertThat(ws.registerModel("linreg", "1", TestModels.linearRegression()).status()).isEqualTo(201);
        assertThat(ws.registerModel("broken", "1", TestModels.failsAtRunTime()).status()).isEqualTo(201);
        String endpoint = "split-" + ws.run;
        assertThat(ws.putYaml("/onlineEndpoints/" + endpoint, "name: " + endpoint + "\n").status()).isEqualTo(201);
        for (String name : List.of("blue", "green")) {
            assertThat(ws.putYaml("/onlineEndpoints/" + endpoint + "/deployments/" + name,
                    "name: " + name + "\nmodel: azureml:linreg:1\n").status()).isEqualTo(201);
        }
        assertThat(ws.putYaml("/onlineEndpoints/" + endpoint + "/deployments/red",
                "name: red\nmodel: azureml:broken:1\n").status()).isEqualTo(201);
        for (String name : List.of("blue", "green", "red")) {
            ws.awaitState(endpoint, name, "Succeeded");
        }
        String key = api.send("POST", ws.path + "/onlineEndpoints/" + endpoint + "/listKeys", owner, "", Map.of())
                .json().get("primaryKey").asString();
        String scoring = "/endpoints/" + endpoint + "/score";

        // Traffic must name this endpoint's deployments and add up to 100 (or 0); one mirror target, at most 50 %.
        assertThat(ws.putYaml("/onlineEndpoints/" + endpoint, "name: " + endpoint + "\ntraffic: {blue: 50, green: 40}\n")
                .status()).isEqualTo(400);
        assertThat(ws.putYaml("/onlineEndpoints/" + endpoint, "name: " + endpoint + "\ntraffic: {blue: 100, gold: 0}\n")
                .status()).isEqualTo(400);
        assertThat(ws.putYaml("/onlineEndpoints/" + endpoint, "name: " + endpoint
                + "\ntraffic: {blue: 100}\nmirror_traffic: {green: 60}\n").status()).isEqualTo(400);

        assertThat(ws.putYaml("/onlineEndpoints/" + endpoint, "name: " + endpoint + "\ntraffic: {blue: 50, green: 50}\n")
                .status()).isEqualTo(200);
        Set<String> answeredBy = new HashSet<>();
        Eventually.until(Duration.ofSeconds(20), () -> {
            Api.Response r = api.send("POST", scoring, key, SAMPLE, Map.of());
            if (r.status() == 200) {
                answeredBy.add(r.header("azureml-model-deployment"));
            }
            return answeredBy;
        }, seen -> seen.containsAll(Set.of("blue", "green")), "both deployments answering a 50/50 split");
        assertThat(answeredBy).containsOnly("blue", "green");

        // 90/10, over many requests: green answers about one in ten.
        assertThat(ws.putYaml("/onlineEndpoints/" + endpoint, "name: " + endpoint + "\ntraffic: {blue: 90, green: 10}\n")
                .status()).isEqualTo(200);
        Thread.sleep(2000); // the change reaches scoring-service in well under a second
        int green = 0;
        int total = 400;
        for (int i = 0; i < total; i++) {
            Api.Response r = api.send("POST", scoring, key, SAMPLE, Map.of());
            assertThat(r.status()).isEqualTo(200);
            green += "green".equals(r.header("azureml-model-deployment")) ? 1 : 0;
        }
        // Expected 40 (σ = 6): 16..70 is more than four standard deviations either side.
        assertThat(green).as("green's share of %d requests", total).isBetween(16, 70);

        // Pinned to the model that fails at run time: 424 with the model's status, and a line in its log.
        Api.Response failed = api.send("POST", scoring, key, SAMPLE, Map.of("azureml-model-deployment", "red"));
        assertError(failed, 424);
        assertThat(failed.header("ms-azureml-model-error-statuscode")).isEqualTo("500");
        Eventually.until(Duration.ofSeconds(10), () -> api.get(ws.path + "/onlineEndpoints/" + endpoint
                        + "/deployments/red/logs", owner).json().get("content").asString(),
                log -> log.contains("Runtime error"), "the model error in red's log");
        assertError(api.send("POST", scoring, key, SAMPLE, Map.of("azureml-model-deployment", "nope")), 404);
        assertThat(api.delete(ws.path + "/onlineEndpoints/" + endpoint + "/deployments/blue", owner).status())
                .isEqualTo(409);

        // All live traffic to blue, half of it copied to green: callers only ever see blue.
        assertThat(ws.putYaml("/onlineEndpoints/" + endpoint, "name: " + endpoint
                + "\ntraffic: {blue: 100, green: 0}\nmirror_traffic: {green: 50}\n").status()).isEqualTo(200);
        // Applied once scoring-service has read the change: 100 blue answers in a row (the split before was 90/10, and
        // 20 in a row happen by chance one time in eight: on the fast data plane that was seen).
        Eventually.until(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < 100; i++) {
                if (!"blue".equals(api.send("POST", scoring, key, SAMPLE, Map.of()).header("azureml-model-deployment"))) {
                    return false;
                }
            }
            return true;
        }, applied -> applied, "the new split applied");
        for (int i = 0; i < 30; i++) {
            assertThat(api.send("POST", scoring, key, SAMPLE, Map.of()).header("azureml-model-deployment")).isEqualTo("blue");
        }
        String endpointId = ws.path.substring(4) + "/onlineEndpoints/" + endpoint;
        Eventually.until(Duration.ofSeconds(20), () -> api.get("/api/metrics?endpoint=" + endpointId, owner).json(),
                m -> hasMirrored(m, "green"), "mirrored copies to green in the metrics");

        // An update (new instance count) replaces blue while it keeps answering.
        AtomicBoolean calling = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        Thread caller = new Thread(() -> {
            while (calling.get()) {
                int status = api.send("POST", scoring, key, SAMPLE, Map.of()).status();
                (status == 200 ? answered : refused).incrementAndGet();
            }
        });
        caller.start();
        Api.Response updated = ws.putYaml("/onlineEndpoints/" + endpoint + "/deployments/blue",
                "name: blue\nmodel: azureml:linreg:1\ninstance_count: 2\n");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("provisioning_state").asString()).isEqualTo("Updating");
        assertThat(updated.json().get("generation").asInt()).isEqualTo(2);
        ws.awaitState(endpoint, "blue", "Succeeded");
        Thread.sleep(500);
        calling.set(false);
        caller.join();
        assertThat(refused.get()).as("requests refused during the update").isZero();
        assertThat(answered.get()).isPositive();

        assertThat(api.delete(ws.path + "/onlineEndpoints/" + endpoint, owner).status()).isEqualTo(200);
    }

    @Test
    void anAadTokenEndpointAdmitsOnlyPrincipalsAllowedToScore(AegisStack stack) {
        Api api = new Api(stack.edgeUrl(), scoringUrl(stack));
        Tokens tokens = new Tokens(stack);
        String owner = tokens.admin();
        Workspace ws = new Workspace(api, owner);
        String endpoint = "aad-" + ws.run;
        ws.serving(endpoint, "aad_token", "iris", TestModels.irisClassifier());

        String scoring = "/endpoints/" + endpoint + "/score";
        String iris = "{\"data\": {\"sepal\": [[5.1, 3.5], [6.3, 3.3]], \"petal\": [[1.4, 0.2], [6.0, 2.5]]}}";
        long[] labels = TestModels.expectedIrisLabels(new float[][] {{5.1f, 3.5f}, {6.3f, 3.3f}},
                new float[][] {{1.4f, 0.2f}, {6.0f, 2.5f}});
        Api.Response scored = Eventually.until(Duration.ofSeconds(10), () -> api.send("POST", scoring, owner, iris, Map.of()),
                r -> r.status() == 200, "the owner's token accepted");
        assertThat(scored.json().get("label").get(0).asLong()).isEqualTo(labels[0]);
        assertThat(scored.json().get("label").get(1).asLong()).isEqualTo(labels[1]);
        assertThat(scored.json().get("probabilities")).hasSize(2);

        // Named inputs are checked by name.
        Api.Response missing = api.send("POST", scoring, owner, "{\"data\": {\"sepal\": [[5.1, 3.5]]}}", Map.of());
        assertError(missing, 400);
        assertThat(missing.json().get("error").get("message").asString()).contains("petal");

        // A user without a role on the workspace is refused (and recorded); a Reader may call it.
        String user = "scorer-" + ws.run;
        String userId = tokens.createUser(user, "pw-" + ws.run);
        String userToken = tokens.user(user, "pw-" + ws.run);
        Api.Response refused = api.send("POST", scoring, userToken, iris, Map.of());
        assertError(refused, 403);
        // Nor may they register models, read the deployment's log or the endpoint's metrics.
        assertError(api.sendBytes("PUT", ws.path + "/models/iris/versions/2", userToken, TestModels.irisClassifier(),
                Map.of("Content-Type", "application/octet-stream")), 403);
        assertError(api.get(ws.path + "/onlineEndpoints/" + endpoint + "/deployments/main/logs", userToken), 403);
        assertError(api.get("/api/metrics?endpoint=" + ws.path.substring(4) + "/onlineEndpoints/" + endpoint,
                userToken), 403);
        assertThat(refused.json().get("error").get("message").asString()).contains("onlineEndpoints/score/action");
        assertError(api.send("POST", scoring, "not-a-token", iris, Map.of()), 401);
        // A service principal's token with no role: 403 while valid, 401 once expired.
        String brief = tokens.shortLived(2);
        assertError(api.send("POST", scoring, brief, iris, Map.of()), 403);
        sleep(4_000);
        assertError(api.send("POST", scoring, brief, iris, Map.of()), 401);
        assertError(api.send("POST", scoring, Tokens.tampered(owner), iris, Map.of()), 401);
        assertThat(api.put(ws.path + "/providers/Aegis.Authorization/roleAssignments/reader-" + ws.run, owner,
                "{\"roleDefinitionId\":\"Reader\",\"principalId\":\"" + userId + "\"}").status()).isEqualTo(201);
        Eventually.until(Duration.ofSeconds(10), () -> api.send("POST", scoring, userToken, iris, Map.of()).status(),
                s -> s == 200, "the Reader allowed to score");
        // ...but a Reader cannot change the endpoint, nor read its keys.
        assertThat(api.send("PUT", ws.path + "/onlineEndpoints/" + endpoint, userToken, "{}", Map.of()).status())
                .isEqualTo(403);
        assertThat(api.send("POST", ws.path + "/onlineEndpoints/" + endpoint + "/listKeys", userToken, "", Map.of())
                .status()).isEqualTo(403);
        // Keys are for key endpoints only.
        assertError(api.send("POST", ws.path + "/onlineEndpoints/" + endpoint + "/listKeys", owner, "", Map.of()), 400);
        assertError(api.send("POST", ws.path + "/onlineEndpoints/" + endpoint + "/regenerateKeys", owner,
                "{\"keyType\": \"Primary\"}", Map.of()), 400);
        // The identity of an endpoint cannot change.
        assertError(ws.putYaml("/onlineEndpoints/" + endpoint, "name: " + endpoint
                + "\nauth_mode: aad_token\nidentity: {type: user_assigned, user_assigned_identities: "
                + "[{resource_id: /subscriptions/s/resourceGroups/g/userAssignedIdentities/u}]}\n"), 400);
        assertThat(api.delete(ws.path + "/onlineEndpoints/" + endpoint, owner).status()).isEqualTo(200);
    }

    @Test
    void anAmlTokenEndpointTakesTokensSignedForItAndNoOther(AegisStack stack) {
        Api api = new Api(stack.edgeUrl(), scoringUrl(stack));
        Tokens tokens = new Tokens(stack);
        String owner = tokens.admin();
        Workspace ws = new Workspace(api, owner);
        String endpoint = "aml-" + ws.run;
        String other = "aml-other-" + ws.run;
        ws.serving(endpoint, "aml_token", "linreg", TestModels.linearRegression());
        assertThat(ws.putYaml("/onlineEndpoints/" + other, "name: " + other + "\nauth_mode: aml_token\n").status())
                .isEqualTo(201);

        // get-credentials: a token for this endpoint, signed by identity-service.
        Api.Response issued = Eventually.until(Duration.ofSeconds(15), () -> api.send("POST", ws.path
                + "/onlineEndpoints/" + endpoint + "/token", owner, "", Map.of()), r -> r.status() == 200,
                "identity-service to know the endpoint");
        JsonNode credentials = issued.json();
        String token = credentials.get("accessToken").asString();
        assertThat(java.time.Instant.parse(credentials.get("expiryTimeUtc").asString()))
                .isAfter(java.time.Instant.parse(credentials.get("refreshAfterTimeUtc").asString()));
        String scoring = "/endpoints/" + endpoint + "/score";
        Api.Response scored = Eventually.until(Duration.ofSeconds(10), () -> api.send("POST", scoring, token, SAMPLE,
                Map.of()), r -> r.status() == 200, "the aml token accepted");
        assertThat(scored.json().get(0).asDouble()).isCloseTo(EXPECTED[0], within(1e-3));

        // A token asked to live 2 seconds works, then is refused once expired (the stack's clock skew is 1 s).
        String brief = api.send("POST", ws.path + "/onlineEndpoints/" + endpoint + "/token", owner,
                "{\"expiresInSeconds\": 2}", Map.of()).json().get("accessToken").asString();
        assertThat(api.send("POST", scoring, brief, SAMPLE, Map.of()).status()).isEqualTo(200);
        sleep(4_000);
        Api.Response expired = api.send("POST", scoring, brief, SAMPLE, Map.of());
        assertError(expired, 401);
        assertThat(expired.json().get("error").get("message").asString()).containsIgnoringCase("expired");
        assertError(api.send("POST", ws.path + "/onlineEndpoints/" + endpoint + "/token", owner,
                "{\"expiresInSeconds\": 86400}", Map.of()), 400);

        // A token for another endpoint (wrong audience), a Keycloak token, a tampered token: all refused.
        String otherToken = Eventually.until(Duration.ofSeconds(15), () -> api.send("POST", ws.path
                + "/onlineEndpoints/" + other + "/token", owner, "", Map.of()), r -> r.status() == 200,
                "a token for the other endpoint").json().get("accessToken").asString();
        assertError(api.send("POST", scoring, otherToken, SAMPLE, Map.of()), 401);
        assertError(api.send("POST", scoring, owner, SAMPLE, Map.of()), 401);
        assertError(api.send("POST", scoring, Tokens.tampered(token), SAMPLE, Map.of()), 401);
        assertError(api.send("POST", scoring, null, SAMPLE, Map.of()), 401);

        // Keys are refused for token endpoints; tokens need token/action on the endpoint.
        assertError(api.send("POST", ws.path + "/onlineEndpoints/" + endpoint + "/regenerateKeys", owner,
                "{\"keyType\": \"Primary\"}", Map.of()), 400);
        String user = "nobody-" + ws.run;
        tokens.createUser(user, "pw-" + ws.run);
        assertError(api.send("POST", ws.path + "/onlineEndpoints/" + endpoint + "/token", tokens.user(user, "pw-" + ws.run),
                "", Map.of()), 403);
        assertThat(ws.putYaml("/onlineEndpoints/keyed-" + ws.run, "name: keyed-" + ws.run + "\n").status()).isEqualTo(201);
        Eventually.until(Duration.ofSeconds(15), () -> api.send("POST", ws.path + "/onlineEndpoints/keyed-" + ws.run
                + "/token", owner, "", Map.of()).status(), s -> s == 400, "no token for a key endpoint");

        for (String name : List.of(endpoint, other, "keyed-" + ws.run)) {
            assertThat(api.delete(ws.path + "/onlineEndpoints/" + name, owner).status()).isEqualTo(200);
        }
        Eventually.until(Duration.ofSeconds(15), () -> api.send("POST", ws.path + "/onlineEndpoints/" + endpoint
                + "/token", owner, "", Map.of()).status(), s -> s == 404, "no token for a deleted endpoint");
    }

    @Test
    void anEndpointsSystemAssignedIdentityComesAndGoesWithIt(AegisStack stack) {
        Api api = new Api(stack.edgeUrl(), scoringUrl(stack));
        String owner = new Tokens(stack).admin();
        Workspace ws = new Workspace(api, owner);
        String endpoint = "sai-" + ws.run;
        String identity = ws.path + "/onlineEndpoints/" + endpoint + "/providers/Aegis.ManagedIdentity/identities/default";
        assertThat(ws.putYaml("/onlineEndpoints/" + endpoint, "name: " + endpoint
                + "\nidentity:\n  type: system_assigned\n").status()).isEqualTo(201);
        JsonNode created = Eventually.until(Duration.ofSeconds(15), () -> api.get(identity, owner), r -> r.status() == 200,
                "the endpoint's system-assigned identity").json();
        assertThat(created.get("boundTo").asString()).isEqualTo(ws.path.substring(4) + "/onlineEndpoints/" + endpoint);
        // An update of the endpoint leaves it as it was.
        assertThat(ws.putYaml("/onlineEndpoints/" + endpoint, "name: " + endpoint + "\ndescription: changed\n")
                .status()).isEqualTo(200);
        assertThat(api.get(identity, owner).json().get("principalId").asString())
                .isEqualTo(created.get("principalId").asString());
        assertThat(api.delete(ws.path + "/onlineEndpoints/" + endpoint, owner).status()).isEqualTo(200);
        Eventually.until(Duration.ofSeconds(15), () -> api.get(identity, owner).status(), s -> s == 404,
                "the identity deleted with its endpoint");
    }

    @Test
    void aRestartedScoringServiceServesWhatItServedBeforeAndNoAnswerIsAppliedTwice(AegisStack stack) {
        Api api = new Api(stack.edgeUrl(), scoringUrl(stack));
        String owner = new Tokens(stack).admin();
        Workspace ws = new Workspace(api, owner);
        String endpoint = "restart-" + ws.run;
        String key = ws.servingKeyEndpoint(endpoint);
        String scoring = "/endpoints/" + endpoint + "/score";
        String deploymentPath = ws.path + "/onlineEndpoints/" + endpoint + "/deployments/blue";
        JsonNode before = api.get(deploymentPath, owner).json();

        stack.stop(Service.SCORING);
        assertScoringDown(api, scoring, key);
        stack.start(Service.SCORING);

        // Rebuilt from Kafka: same endpoints, keys and traffic; the model reloaded; the state untouched
        // (its repeated DeploymentReady is about a generation that already succeeded).
        Api.Response scored = Eventually.until(Duration.ofSeconds(30), () -> api.send("POST", scoring, key, SAMPLE,
                Map.of()), r -> r.status() == 200, "the endpoint answering after the restart");
        assertThat(scored.json().get(0).asDouble()).isCloseTo(EXPECTED[0], within(1e-3));
        JsonNode after = api.get(deploymentPath, owner).json();
        assertThat(after.get("generation").asInt()).isEqualTo(before.get("generation").asInt());
        assertThat(after.get("updated_at").asString()).isEqualTo(before.get("updated_at").asString());
        assertThat(api.delete(ws.path + "/onlineEndpoints/" + endpoint, owner).status()).isEqualTo(200);
    }

    @Test
    void badInputGetsOnlyA4xxWithAJsonErrorAndTheStackKeepsServing(AegisStack stack) {
        Api api = new Api(stack.edgeUrl(), scoringUrl(stack));
        String owner = new Tokens(stack).admin();
        Workspace ws = new Workspace(api, owner);
        String endpoint = "bad-" + ws.run;
        String key = ws.servingKeyEndpoint(endpoint);
        String scoring = "/endpoints/" + endpoint + "/score";
        String infer = "/endpoints/" + endpoint + "/v2/models/linreg/infer";
        String e = ws.path + "/onlineEndpoints/" + endpoint;
        Map<String, String> json = Map.of();

        Map<String, Api.Response> answers = new java.util.LinkedHashMap<>();
        answers.put("malformed JSON", api.send("POST", scoring, key, "{\"data\": [[1, 2,", json));
        answers.put("not an object", api.send("POST", scoring, key, "[1, 2, 3]", json));
        answers.put("no data", api.send("POST", scoring, key, "{\"rows\": []}", json));
        answers.put("empty body", api.send("POST", scoring, key, "", json));
        answers.put("wrong width", api.send("POST", scoring, key, "{\"data\": [[1, 2, 3]]}", json));
        answers.put("wrong rank", api.send("POST", scoring, key, "{\"data\": [1,2,3,4,5,6,7,8,9,10]}", json));
        answers.put("ragged rows", api.send("POST", scoring, key, "{\"data\": [[1,2,3,4,5,6,7,8,9,10], [1]]}", json));
        answers.put("text values", api.send("POST", scoring, key, "{\"data\": [[\"a\",2,3,4,5,6,7,8,9,10]]}", json));
        answers.put("null values", api.send("POST", scoring, key, "{\"data\": [[null,2,3,4,5,6,7,8,9,10]]}", json));
        answers.put("unknown input", api.send("POST", scoring, key, "{\"data\": {\"other\": [[1]]}}", json));
        answers.put("deep nesting", api.send("POST", scoring, key, "{\"data\": " + "[".repeat(3000)
                + "]".repeat(3000) + "}", json));
        answers.put("huge body", api.send("POST", scoring, key, "{\"data\": [[" + "1,".repeat(9_000_000) + "1]]}", json));
        answers.put("v2 wrong datatype", api.send("POST", infer, key, "{\"inputs\": [{\"name\": \"input\", "
                + "\"shape\": [1, 10], \"datatype\": \"INT64\", \"data\": [1,2,3,4,5,6,7,8,9,10]}]}", json));
        answers.put("v2 wrong count", api.send("POST", infer, key, "{\"inputs\": [{\"name\": \"input\", "
                + "\"shape\": [2, 10], \"datatype\": \"FP32\", \"data\": [1,2,3]}]}", json));
        answers.put("v2 negative shape", api.send("POST", infer, key, "{\"inputs\": [{\"name\": \"input\", "
                + "\"shape\": [-1, 10], \"datatype\": \"FP32\", \"data\": [1]}]}", json));
        answers.put("unknown endpoint", api.send("POST", "/endpoints/nothing-" + ws.run + "/score", key, SAMPLE, json));
        answers.put("unknown deployment", api.send("POST", scoring, key, SAMPLE, Map.of("azureml-model-deployment", "nope")));
        answers.put("GET on score", api.send("GET", scoring, key, null, json));
        answers.put("bad YAML", ws.putYaml("/onlineEndpoints/" + endpoint, "name: [unclosed\n"));
        answers.put("YAML list", ws.putYaml("/onlineEndpoints/" + endpoint, "- a\n- b\n"));
        answers.put("traffic sum", ws.putYaml("/onlineEndpoints/" + endpoint, "name: " + endpoint + "\ntraffic: {blue: 60}\n"));
        answers.put("mirror over 50", ws.putYaml("/onlineEndpoints/" + endpoint, "name: " + endpoint
                + "\ntraffic: {blue: 100}\nmirror_traffic: {blue: 51}\n"));
        answers.put("negative traffic", ws.putYaml("/onlineEndpoints/" + endpoint, "name: " + endpoint + "\ntraffic: {blue: -5}\n"));
        answers.put("unknown model", ws.putYaml("/onlineEndpoints/" + endpoint + "/deployments/green",
                "name: green\nmodel: azureml:nothing:9\n"));
        answers.put("model syntax", ws.putYaml("/onlineEndpoints/" + endpoint + "/deployments/green", "name: green\nmodel: x\n"));
        answers.put("instance count", ws.putYaml("/onlineEndpoints/" + endpoint + "/deployments/green",
                "name: green\nmodel: azureml:linreg:1\ninstance_count: many\n"));
        answers.put("deployment of no endpoint", ws.putYaml("/onlineEndpoints/nothing-" + ws.run + "/deployments/green",
                "name: green\nmodel: azureml:linreg:1\n"));
        answers.put("huge YAML", ws.putYaml("/onlineEndpoints/" + endpoint, "name: " + endpoint + "\ndescription: "
                + "x".repeat(2_000_000) + "\n"));
        answers.put("bad name", ws.putYaml("/onlineEndpoints/bad..name%20x", "{}"));
        answers.put("model JSON type", api.send("PUT", ws.path + "/models/linreg/versions/2", owner, "{}", json));
        answers.put("logs tail", api.get(e + "/deployments/blue/logs?tail=0", owner));
        answers.put("logs tail text", api.get(e + "/deployments/blue/logs?tail=all", owner));
        answers.put("regenerate body", api.send("POST", e + "/regenerateKeys", owner, "{\"keyType\": 7", json));
        answers.put("metrics without endpoint", api.get("/api/metrics", owner));
        answers.put("metrics bad time", api.get("/api/metrics?endpoint=" + e.substring(4) + "&from=yesterday", owner));

        answers.forEach((what, response) -> {
            assertThat(response.status()).as(what + ": " + response.body()).isBetween(400, 499);
            assertThat(response.header("content-type")).as(what).startsWith("application/json");
            assertThat(response.json().get("error").get("code").asString()).as(what).isNotBlank();
            assertThat(response.body()).as(what).doesNotContain("Exception", "\tat ");
        });
        assertThat(answers.get("huge body").status()).isEqualTo(413);
        assertThat(answers.get("huge YAML").status()).isEqualTo(413);

        // ...and the endpoint still answers, unchanged.
        Api.Response scored = api.send("POST", scoring, key, SAMPLE, Map.of());
        assertThat(scored.status()).isEqualTo(200);
        assertThat(scored.json().get(0).asDouble()).isCloseTo(EXPECTED[0], within(1e-3));
        assertThat(api.get(e, owner).json().get("traffic").get("blue").asInt()).isEqualTo(100);
        assertThat(api.delete(e, owner).status()).isEqualTo(200);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean hasMirrored(JsonNode metrics, String deployment) {
        for (JsonNode row : metrics.path("deployments")) {
            if (row.path("deployment").asString("").equals(deployment) && row.path("mirrored").asBoolean()
                    && row.path("count").asLong() > 0) {
                return true;
            }
        }
        return false;
    }

    private static void assertError(Api.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("content-type")).startsWith("application/json");
        assertThat(response.json().get("error").get("code").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "\tat ");
    }

    /** A fresh workspace path per test, and the user's calls on it. */
    static final class Workspace {
        final String run = UUID.randomUUID().toString().substring(0, 6);
        final String path = "/api/subscriptions/sub-serve/resourceGroups/rg-" + run + "/workspaces/ws";
        private final Api api;
        private final String token;

        Workspace(Api api, String token) {
            this.api = api;
            this.token = token;
        }

        Api.Response registerModel(String name, String version, byte[] onnx) {
            return api.sendBytes("PUT", path + "/models/" + name + "/versions/" + version, token, onnx,
                    Map.of("Content-Type", "application/octet-stream"));
        }

        Api.Response putYaml(String relative, String yaml) {
            return api.sendBytes("PUT", path + relative, token, yaml.getBytes(), YAML);
        }

        /**
         * The regression model as version 1 of "linreg", behind a new key endpoint with one deployment
         * "blue" taking all traffic; returns the primary key once the endpoint answers.
         */
        String servingKeyEndpoint(String endpoint) {
            serving(endpoint, "key", "linreg", TestModels.linearRegression());
            String key = api.send("POST", path + "/onlineEndpoints/" + endpoint + "/listKeys", token, "", Map.of())
                    .json().get("primaryKey").asString();
            Eventually.until(Duration.ofSeconds(10), () -> api.send("POST", "/endpoints/" + endpoint + "/score", key,
                    SAMPLE, Map.of()).status(), s -> s == 200, "the endpoint answering");
            return key;
        }

        /**
         * The model as version 1 of {@code model}, behind a new endpoint with this auth mode and one
         * deployment "main" ("blue" for key endpoints) taking all traffic, provisioned.
         */
        void serving(String endpoint, String authMode, String model, byte[] onnx) {
            String deployment = authMode.equals("key") ? "blue" : "main";
            assertThat(registerModel(model, "1", onnx).status()).isEqualTo(201);
            String settings = "name: " + endpoint + "\nauth_mode: " + authMode + "\n";
            assertThat(putYaml("/onlineEndpoints/" + endpoint, settings).status()).isEqualTo(201);
            assertThat(putYaml("/onlineEndpoints/" + endpoint + "/deployments/" + deployment,
                    "name: " + deployment + "\nmodel: azureml:" + model + ":1\n").status()).isEqualTo(201);
            awaitState(endpoint, deployment, "Succeeded");
            assertThat(putYaml("/onlineEndpoints/" + endpoint, settings + "traffic: {" + deployment + ": 100}\n")
                    .status()).isEqualTo(200);
        }

        void awaitState(String endpoint, String deployment, String state) {
            JsonNode shown = Eventually.until(Duration.ofSeconds(90), () -> api.get(path + "/onlineEndpoints/" + endpoint
                            + "/deployments/" + deployment, token).json(),
                    d -> !d.path("provisioning_state").asString("").matches("Creating|Updating"),
                    "deployment " + deployment + " provisioned");
            assertThat(shown.get("provisioning_state").asString()).as(shown.toString()).isEqualTo(state);
        }
    }
}
