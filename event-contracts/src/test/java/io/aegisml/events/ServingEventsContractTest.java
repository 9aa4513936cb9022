package io.aegisml.events;

import static io.aegisml.events.ContractFiles.edit;
import static io.aegisml.events.ContractFiles.errors;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The model-serving events: what deployment-service publishes on aegis.deployment.events through its
 * outbox (model versions, online endpoints, online deployments), and what scoring-service sends
 * directly on aegis.scoring.events (its answers about deployments) and aegis.scoring.requests (one
 * record per score request). Each sample is built the way its producer builds it
 * ({@link EventEnvelope#of} written by {@link EventJson}, data shaped as the producer's
 * {@code state()} methods and maps shape it) and validates against docs/events/deployment and
 * docs/events/scoring; broken events, and above all events carrying key material, do not.
 */
class ServingEventsContractTest {

    private static final String DEPLOYMENT_SERVICE = "deployment-service";
    private static final String SCORING_SERVICE = "scoring-service";
    private static final String CORRELATION_ID = "c0ffee00-1234-4abc-8def-0123456789ab";
    private static final Actor ALICE = new Actor("6b1f3c2e-8d4a-4f0b-9a57-1c2d3e4f5a6b", Actor.Kind.User, "alice");
    /** As ScoringEvents.SERVICE: Actor.system(SOURCE). */
    private static final Actor SCORING = Actor.system(SCORING_SERVICE);
    private static final String PUBLIC_URL = "http://localhost:8080";
    private static final String CONTAINER = "aegis-models";
    private static final String WORKSPACE_ID = "/subscriptions/contoso-ml/resourceGroups/rg.fraud_prod/workspaces/fraud-models";
    private static final String MODEL_ID = WORKSPACE_ID + "/models/fraud-gbm/versions/3";
    private static final String ENDPOINT_ID = WORKSPACE_ID + "/onlineEndpoints/fraud-scorer";
    private static final String DEPLOYMENT_ID = ENDPOINT_ID + "/deployments/blue";
    private static final String IDENTITY_ID = "/subscriptions/contoso-ml/resourceGroups/rg.fraud_prod/userAssignedIdentities/scoring-identity";
    /** As ModelController.register: a blob per upload, {id without '/'}/{random UUID}.onnx. */
    private static final String MODEL_BLOB = MODEL_ID.substring(1) + "/" + UUID.randomUUID() + ".onnx";
    private static final String MODEL_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final List<String> DEPLOYMENT_EVENTS = List.of("ModelVersionCreated", "ModelVersionDeleted",
            "CodeVersionCreated", "EnvironmentVersionCreated",
            "OnlineEndpointCreated", "OnlineEndpointUpdated", "OnlineEndpointKeysRegenerated", "OnlineEndpointDeleted",
            "OnlineDeploymentCreated", "OnlineDeploymentUpdated", "OnlineDeploymentSucceeded", "OnlineDeploymentFailed",
            "OnlineDeploymentDeleted");
    private static final List<String> SCORING_EVENTS = List.of("DeploymentReady", "DeploymentFailed",
            "DeploymentLogged", "ScoringRequest");

    // --- valid events, as published ---

    @ParameterizedTest
    @ValueSource(strings = {"ModelVersionCreated", "ModelVersionDeleted"})
    void modelVersionEvents_matchTheirSchema(String type) {
        assertValid(type, deploymentEvent(type, MODEL_ID, modelVersion(null)));
        assertValid(type, deploymentEvent(type, MODEL_ID, modelVersion("Gradient-boosted fraud model, 2025-11 data")));
    }

    @Test
    void aCustomModel_namesItsPathAndWhetherItIsAFolder_andAnOnnxModelNeither() {
        Map<String, Object> pickle = modelVersion(null);
        pickle.put("format", "custom_model");
        pickle.put("path", "sklearn_regression_model.pkl");
        pickle.put("folder", false);
        pickle.put("blob", Map.of("container", CONTAINER, "name", MODEL_ID.substring(1) + "/" + UUID.randomUUID() + ".bin"));
        assertValid("ModelVersionCreated", deploymentEvent("ModelVersionCreated", MODEL_ID, pickle));
        Map<String, Object> folder = new LinkedHashMap<>(pickle);
        folder.put("path", "model");
        folder.put("folder", true);
        folder.put("blob", Map.of("container", CONTAINER, "name", MODEL_ID.substring(1) + "/" + UUID.randomUUID() + ".zip"));
        assertValid("ModelVersionCreated", deploymentEvent("ModelVersionCreated", MODEL_ID, folder));

        Map<String, Object> noPath = new LinkedHashMap<>(pickle);
        noPath.remove("path");
        Map<String, Object> escaping = new LinkedHashMap<>(pickle);
        escaping.put("path", "../secrets");
        Map<String, Object> onnxWithPath = modelVersion(null);
        onnxWithPath.put("path", "model.onnx");
        Map<String, Object> otherFormat = modelVersion(null);
        otherFormat.put("format", "pickle");
        for (Map<String, Object> invalid : List.of(noPath, escaping, onnxWithPath, otherFormat)) {
            assertThat(errors(schemaOf("ModelVersionCreated"), EventJson.write(deploymentEvent("ModelVersionCreated",
                    MODEL_ID, invalid)))).as(invalid.toString()).isNotEmpty();
        }
    }

    @Test
    void aDeploymentWithCode_namesTheCodesZipAndAScriptInsideIt() {
        Map<String, Object> spec = deploymentSpec();
        spec.put("code_configuration", map("code", "azureml:" + CODE_ID, "scoring_script", "onlinescoring/score.py"));
        spec.put("code_file", map("container", CONTAINER, "name", CODE_BLOB, "sha256", MODEL_SHA256,
                "scoring_script", "onlinescoring/score.py", "code", CODE_ID));
        assertValid("OnlineDeploymentCreated", deploymentEventOf("OnlineDeploymentCreated", deployment(spec, 1, "Creating")));
        for (String script : List.of("../score.py", "/score.py", "a/../../score.py", "")) {
            Map<String, Object> hostile = new LinkedHashMap<>(spec);
            hostile.put("code_file", map("container", CONTAINER, "name", CODE_BLOB, "sha256", MODEL_SHA256,
                    "scoring_script", script, "code", CODE_ID));
            assertThat(errors(schemaOf("OnlineDeploymentCreated"), EventJson.write(deploymentEventOf(
                    "OnlineDeploymentCreated", deployment(hostile, 1, "Creating"))))).as(script).isNotEmpty();
        }
    }

    @Test
    void aModelsFile_isABlobUnderItsId_onePerUpload() {
        String prefix = MODEL_ID.substring(1) + "/";

        // Versions registered by earlier builds kept their file as .../model.onnx.
        assertValid("ModelVersionCreated", deploymentEvent("ModelVersionCreated", MODEL_ID,
                withBlob(prefix + "model.onnx")));
        for (String blob : List.of(prefix + UUID.randomUUID().toString().toUpperCase() + ".onnx",
                prefix + UUID.randomUUID(), "/" + prefix + UUID.randomUUID() + ".onnx",
                WORKSPACE_ID.substring(1) + "/models/fraud-gbm/versions/4/" + UUID.randomUUID() + ".onnx/x")) {
            assertThat(errors(schemaOf("ModelVersionCreated"), EventJson.write(deploymentEvent("ModelVersionCreated",
                    MODEL_ID, withBlob(blob))))).as(blob).isNotEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource({
            "OnlineEndpointCreated, key, system_assigned",
            "OnlineEndpointCreated, aml_token, none",
            "OnlineEndpointCreated, aad_token, user_assigned",
            "OnlineEndpointUpdated, key, user_assigned",
            "OnlineEndpointUpdated, aad_token, system_assigned",
            "OnlineEndpointDeleted, key, system_assigned",
            "OnlineEndpointDeleted, aml_token, none"})
    void onlineEndpointEvents_matchTheirSchema(String type, String authMode, String identity) {
        assertValid(type, endpointEvent(type, endpointSpec(authMode, identity)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Primary", "Secondary"})
    void keysRegenerated_matchesItsSchema(String keyType) {
        assertValid("OnlineEndpointKeysRegenerated", keysRegenerated(keyType));
    }

    @Test
    void anEndpoint_withTrafficAndAMirror_andNoTrafficAtAll_isValid() {
        Map<String, Object> spec = endpointSpec("key", "none");
        spec.put("traffic", map("blue", 90, "green", 10));
        spec.put("mirror_traffic", map("canary", 20));
        assertValid("OnlineEndpointUpdated", endpointEvent("OnlineEndpointUpdated", spec));

        spec.put("traffic", map("blue", 0));
        spec.put("mirror_traffic", map());
        spec.put("tags", map());
        assertValid("OnlineEndpointUpdated", endpointEvent("OnlineEndpointUpdated", spec));
    }

    @ParameterizedTest
    @CsvSource({
            "OnlineDeploymentCreated, 1, Creating",
            "OnlineDeploymentUpdated, 2, Updating",
            "OnlineDeploymentSucceeded, 1, Succeeded",
            "OnlineDeploymentSucceeded, 7, Succeeded",
            "OnlineDeploymentFailed, 2, Failed",
            "OnlineDeploymentDeleted, 3, Succeeded",
            "OnlineDeploymentDeleted, 1, Failed",
            "OnlineDeploymentDeleted, 2, Updating"})
    void onlineDeploymentEvents_matchTheirSchema(String type, int generation, String state) {
        assertValid(type, deploymentEventOf(type, deployment(deploymentSpec(), generation, state)));
    }

    @Test
    void aDeployment_keepsAzuresFreeFormSettings_asWritten() {
        Map<String, Object> spec = deploymentSpec();
        spec.put("code_configuration", map("code", "./src", "scoring_script", "score.py"));
        spec.put("environment", "azureml:onnxruntime-cpu:12");
        spec.put("liveness_probe", map("initial_delay", 10, "period", 10, "failure_threshold", 30));
        spec.put("readiness_probe", List.of("any", "shape", 1));
        spec.put("scale_settings", map("type", "default"));

        assertValid("OnlineDeploymentUpdated", deploymentEventOf("OnlineDeploymentUpdated",
                deployment(spec, 4, "Updating")));
    }

    @Test
    void scoringServicesAnswers_matchTheirSchema() {
        assertValid("DeploymentReady", scoringEvent("DeploymentReady", Map.of("generation", 2)));
        assertValid("DeploymentFailed", scoringEvent("DeploymentFailed", Map.of("generation", 1, "reason",
                "Loading the model failed: the model file's SHA-256 is 0000, not the registered " + MODEL_SHA256)));
        assertValid("DeploymentLogged", logged(List.of("Provisioning blue generation 2: model " + MODEL_ID,
                "Deployment blue is ready")));
        assertValid("DeploymentLogged", logged(List.of("Runtime error: null")));
    }

    @ParameterizedTest
    @CsvSource({
            // a key holder: the endpoint, and the slot
            "EndpointKey, primary, 200, 200",
            "EndpointKey, secondary, 400, 0",
            // aad_token: the token's principal; aml_token: the principal the token was issued to
            "User, alice, 200, 200",
            "ServicePrincipal, aml_token, 429, 429",
            "ManagedIdentity, scoring-identity, 408, 408",
            "User, aml_token, 424, 500"})
    void aScoringRequest_matchesItsSchema(Actor.Kind kind, String name, int status, int modelStatus) {
        Actor caller = kind == Actor.Kind.EndpointKey ? new Actor(ENDPOINT_ID, kind, name)
                : new Actor("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", kind, name);

        assertValid("ScoringRequest", scoringRequest(new Request("POST", "/endpoints/fraud-scorer/score", ENDPOINT_ID,
                "fraud-scorer", "blue", status, modelStatus, 1834, 57, "python-requests/2.32.3",
                "3f1c0a9e-77b1-4d47-b1a4-5a8d0c2e9f61", CORRELATION_ID, 12.3456789, false, caller)));
    }

    @Test
    void aRefusedRequest_aPinnedV2Request_andAMirroredCopy_matchTheSchema() {
        // No or a wrong credential: the caller is not known, so scoring-service is the actor; no deployment chosen yet.
        assertValid("ScoringRequest", scoringRequest(new Request("POST", "/endpoints/fraud-scorer/score", ENDPOINT_ID,
                "fraud-scorer", null, 401, 0, 0, 198, null, "3f1c0a9e-77b1-4d47-b1a4-5a8d0c2e9f61", CORRELATION_ID,
                0.4, false, null)));
        // OIP v2, pinned with azureml-model-deployment.
        assertValid("ScoringRequest", scoringRequest(new Request("POST",
                "/endpoints/fraud-scorer/v2/models/fraud-gbm/infer", ENDPOINT_ID, "fraud-scorer", "green", 200, 200, 412,
                240, "curl/8.5.0", "edge-req.42:x", "edge-req.42:x", 3.0, false, new Actor(ENDPOINT_ID,
                Actor.Kind.EndpointKey, "primary"))));
        // The copy for the mirror deployment: as ScoringController.mirror records it.
        assertValid("ScoringRequest", scoringRequest(new Request("POST", "/endpoints/fraud-scorer/score", ENDPOINT_ID,
                "fraud-scorer", "canary", 200, 200, 1834, 0, "python-requests/2.32.3",
                "3f1c0a9e-77b1-4d47-b1a4-5a8d0c2e9f61", CORRELATION_ID, 8.25, true, null)));
    }

    // --- no key material, ever ---

    @ParameterizedTest
    @ValueSource(strings = {"primary_key", "secondary_key", "primaryKey", "secondaryKey", "keys", "key",
            "primary_key_sealed", "secondary_key_sealed"})
    void anEndpointEvent_neverCarriesKeyMaterial(String field) {
        String key = newKey();
        for (String type : List.of("OnlineEndpointCreated", "OnlineEndpointUpdated", "OnlineEndpointKeysRegenerated",
                "OnlineEndpointDeleted")) {
            EventEnvelope event = validEvent(type);
            String json = edit(event, root -> ((ObjectNode) root.get("data")).put(field, key));

            assertThat(errors(schemaOf(type), json)).as(type).anySatisfy(
                    error -> assertThat(error.getMessage()).contains(field));
        }
    }

    @Test
    void keyHashes_holdTwoSha256Hashes_andNothingElse() {
        String schema = schemaOf("OnlineEndpointKeysRegenerated");
        EventEnvelope event = validEvent("OnlineEndpointKeysRegenerated");
        String key = newKey();

        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data").get("key_hashes"))
                .put("primary", key)))).as("a key instead of its hash").isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data").get("key_hashes"))
                .put("primary_key", key)))).anySatisfy(error -> assertThat(error.getMessage()).contains("primary_key"));
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data").get("key_hashes"))
                .put("secondary", hash(key).toUpperCase())))).as("upper-case hex").isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data").get("key_hashes"))
                .put("secondary", hash(key).substring(1))))).as("63 characters").isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data").get("key_hashes"))
                .remove("secondary")))).isNotEmpty();
    }

    @Test
    void keyHashes_comeExactlyWithAuthModeKey_andNeverWithADeletion() {
        EventEnvelope keyed = endpointEvent("OnlineEndpointCreated", endpointSpec("key", "none"));
        EventEnvelope tokens = endpointEvent("OnlineEndpointUpdated", endpointSpec("aad_token", "none"));

        assertThat(errors(schemaOf("OnlineEndpointCreated"), edit(keyed,
                root -> ((ObjectNode) root.get("data")).remove("key_hashes")))).as("auth_mode key without hashes")
                .isNotEmpty();
        assertThat(errors(schemaOf("OnlineEndpointUpdated"), edit(tokens,
                root -> ((ObjectNode) root.get("data")).set("key_hashes", hashesNode()))))
                .as("aad_token with hashes").isNotEmpty();
        assertThat(errors(schemaOf("OnlineEndpointDeleted"), EventJson.write(deploymentEvent("OnlineEndpointDeleted",
                ENDPOINT_ID, endpointEventState(endpointSpec("key", "none"), true))))).as("hashes on a deletion")
                .isNotEmpty();
    }

    @Test
    void regeneratedKey_namesOneSlot_onlyOnKeysRegenerated() {
        String schema = schemaOf("OnlineEndpointKeysRegenerated");
        EventEnvelope regenerated = validEvent("OnlineEndpointKeysRegenerated");

        for (String slot : List.of("primary", "Tertiary", "Both", "")) {
            assertThat(errors(schema, edit(regenerated, root -> ((ObjectNode) root.get("data"))
                    .put("regenerated_key", slot)))).as("regenerated_key '%s'", slot).isNotEmpty();
        }
        assertThat(errors(schema, edit(regenerated, root -> ((ObjectNode) root.get("data")).remove("regenerated_key"))))
                .isNotEmpty();
        assertThat(errors(schema, edit(regenerated, root -> ((ObjectNode) root.get("data")).put("auth_mode",
                "aml_token")))).as("only key endpoints have keys").isNotEmpty();
        assertThat(errors(schemaOf("OnlineEndpointUpdated"), edit(validEvent("OnlineEndpointUpdated"),
                root -> ((ObjectNode) root.get("data")).put("regenerated_key", "Primary")))).isNotEmpty();
    }

    // --- broken events, for every type ---

    @ParameterizedTest
    @ValueSource(strings = {"ModelVersionCreated", "ModelVersionDeleted", "OnlineEndpointCreated", "OnlineEndpointUpdated",
            "OnlineEndpointKeysRegenerated", "OnlineEndpointDeleted", "OnlineDeploymentCreated", "OnlineDeploymentUpdated",
            "OnlineDeploymentSucceeded", "OnlineDeploymentFailed", "OnlineDeploymentDeleted", "DeploymentReady",
            "DeploymentFailed", "DeploymentLogged", "ScoringRequest"})
    void everyType_rejectsAnExtraDataField_aMissingOne_aForeignSource_andTheRootScopeAsSubject(String type) {
        EventEnvelope event = validEvent(type);
        String schema = schemaOf(type);

        assertThat(errors(schema, EventJson.write(event))).isEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("etag", "W/\"1\""))))
                .anySatisfy(error -> assertThat(error.getMessage()).contains("etag"));
        String firstField = event.data().keySet().iterator().next();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).remove(firstField))))
                .as("without data.%s", firstField).isNotEmpty();
        String otherService = DEPLOYMENT_SERVICE.equals(event.source()) ? SCORING_SERVICE : DEPLOYMENT_SERVICE;
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root).put("source", otherService))))
                .isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root).put("subject", "/")))).isNotEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "ModelVersionCreated, OnlineEndpointCreated",
            "OnlineEndpointCreated, OnlineEndpointUpdated",
            "OnlineEndpointUpdated, OnlineEndpointCreated",
            "OnlineEndpointKeysRegenerated, OnlineEndpointUpdated",
            "OnlineEndpointDeleted, OnlineEndpointUpdated",
            "OnlineDeploymentCreated, OnlineDeploymentUpdated",
            "OnlineDeploymentSucceeded, OnlineDeploymentFailed",
            "OnlineDeploymentDeleted, OnlineDeploymentCreated",
            "DeploymentReady, DeploymentFailed",
            "DeploymentLogged, DeploymentReady",
            "ScoringRequest, AccessDenied"})
    void anEventOfAnotherType_isInvalidForTheSchema(String schemaType, String publishedType) {
        String json = edit(validEvent(schemaType), root -> ((ObjectNode) root).put("type", publishedType));

        assertThat(errors(schemaOf(schemaType), json)).anySatisfy(
                error -> assertThat(error.getInstanceLocation().toString()).isEqualTo("/type"));
    }

    @ParameterizedTest
    @CsvSource({
            // a model version has a model and a version, in a workspace
            "ModelVersionCreated, /subscriptions/contoso-ml/resourceGroups/rg.fraud_prod/workspaces/fraud-models/models/fraud-gbm",
            "ModelVersionDeleted, /subscriptions/contoso-ml/resourceGroups/rg.fraud_prod/models/fraud-gbm/versions/3",
            // an endpoint lives in a workspace; a deployment id is not an endpoint id
            "OnlineEndpointCreated, /subscriptions/contoso-ml/resourceGroups/rg.fraud_prod/onlineEndpoints/fraud-scorer",
            "OnlineEndpointUpdated, /subscriptions/contoso-ml/resourceGroups/rg.fraud_prod/workspaces/fraud-models/onlineEndpoints/fraud-scorer/deployments/blue",
            "OnlineEndpointDeleted, fraud-scorer",
            "OnlineEndpointKeysRegenerated, /subscriptions/contoso-ml/resourceGroups/rg.fraud_prod/workspaces/fraud-models/onlineEndpoints/-scorer",
            // a deployment hangs off its endpoint
            "OnlineDeploymentCreated, /subscriptions/contoso-ml/resourceGroups/rg.fraud_prod/workspaces/fraud-models/onlineEndpoints/fraud-scorer",
            "OnlineDeploymentFailed, /subscriptions/contoso-ml/resourceGroups/rg.fraud_prod/workspaces/fraud-models/deployments/blue",
            "DeploymentReady, /subscriptions/contoso-ml/resourceGroups/rg.fraud_prod/workspaces/fraud-models/onlineEndpoints/fraud-scorer",
            "DeploymentLogged, blue",
            // telemetry is keyed by the endpoint id
            "ScoringRequest, /subscriptions/contoso-ml/resourceGroups/rg.fraud_prod/workspaces/fraud-models/onlineEndpoints/fraud-scorer/deployments/blue",
            "ScoringRequest, fraud-scorer"})
    void aSubjectOfTheWrongShape_isInvalid(String type, String subject) {
        String json = edit(validEvent(type), root -> ((ObjectNode) root).put("subject", subject));

        assertThat(errors(schemaOf(type), json)).anySatisfy(
                error -> assertThat(error.getInstanceLocation().toString()).isEqualTo("/subject"));
    }

    @Test
    void wrongTypes_areInvalid() {
        assertInvalid("ModelVersionCreated", data -> data.put("size_bytes", "1834"));
        assertInvalid("ModelVersionCreated", data -> data.put("size_bytes", 0));
        assertInvalid("ModelVersionCreated", data -> data.putNull("description"));
        assertInvalid("OnlineEndpointCreated", data -> ((ObjectNode) data.get("traffic")).put("blue", "100"));
        assertInvalid("OnlineEndpointCreated", data -> ((ObjectNode) data.get("traffic")).put("blue", 100.5));
        assertInvalid("OnlineEndpointCreated", data -> ((ObjectNode) data.get("traffic")).put("blue", 101));
        assertInvalid("OnlineEndpointCreated", data -> ((ObjectNode) data.get("mirror_traffic")).put("green", 51));
        assertInvalid("OnlineEndpointCreated", data -> ((ObjectNode) data.get("traffic")).put("-blue", 0));
        assertInvalid("OnlineEndpointCreated", data -> ((ObjectNode) data.get("tags")).put("cost", 3));
        assertInvalid("OnlineEndpointUpdated", data -> data.put("auth_mode", "Key"));
        assertInvalid("OnlineEndpointUpdated", data -> data.put("public_network_access", "Enabled"));
        assertInvalid("OnlineEndpointUpdated", data -> ((ObjectNode) data.get("network_acls").get("ip_rules").get(0))
                .put("value", "example.com"));
        assertInvalid("OnlineEndpointUpdated", data -> ((ObjectNode) data.get("network_acls")).put("default_action", "Allow"));
        assertInvalid("OnlineEndpointUpdated", data -> data.put("provisioning_state", "Creating"));
        assertInvalid("OnlineEndpointUpdated", data -> data.put("scoring_uri", "/endpoints/fraud-scorer/score"));
        assertInvalid("OnlineDeploymentCreated", data -> data.put("generation", "1"));
        assertInvalid("OnlineDeploymentSucceeded", data -> data.put("generation", 0));
        assertInvalid("OnlineDeploymentCreated", data -> data.put("instance_count", 21));
        assertInvalid("OnlineDeploymentCreated", data -> data.put("app_insights_enabled", "false"));
        assertInvalid("OnlineDeploymentCreated", data -> ((ObjectNode) data.get("request_settings"))
                .put("request_timeout_ms", 0));
        assertInvalid("OnlineDeploymentCreated", data -> ((ObjectNode) data.get("request_settings"))
                .put("max_concurrent_requests_per_instance", "4"));
        assertInvalid("OnlineDeploymentCreated", data -> ((ObjectNode) data.get("environment_variables"))
                .put("WORKERS", 4));
        assertInvalid("OnlineDeploymentCreated", data -> data.put("model", "azureml:fraud-gbm:3"));
        assertInvalid("OnlineDeploymentCreated", data -> ((ObjectNode) data.get("model_file"))
                .put("sha256", "not-a-hash"));
        assertInvalid("OnlineDeploymentCreated", data -> ((ObjectNode) data.get("model_file"))
                .put("name", "fraud-gbm/3/model.onnx"));
        assertInvalid("DeploymentReady", data -> data.put("generation", "2"));
        assertInvalid("DeploymentFailed", data -> data.put("reason", ""));
        assertInvalid("DeploymentLogged", data -> data.putArray("lines"));
        assertInvalid("DeploymentLogged", data -> ((ObjectNode) data.get("lines").get(0)).put("time", "yesterday"));
        assertInvalid("DeploymentLogged", data -> ((ObjectNode) data.get("lines").get(0)).put("level", "INFO"));
        assertInvalid("ScoringRequest", data -> data.put("durationMs", "12.3"));
        assertInvalid("ScoringRequest", data -> data.put("status", "200"));
        assertInvalid("ScoringRequest", data -> data.put("modelStatus", 42));
        assertInvalid("ScoringRequest", data -> data.put("mirrored", "false"));
        assertInvalid("ScoringRequest", data -> data.put("requestBytes", -1));
        assertInvalid("ScoringRequest", data -> data.put("requestId", "id with spaces"));
        assertInvalid("ScoringRequest", data -> data.put("path", "/score"));
        assertInvalid("ScoringRequest", data -> data.put("method", "post"));
    }

    @Test
    void aDeployment_isFailedExactlyWhenItHasAFailureReason_andEachTypeHasItsState() {
        Map<String, Object> failed = deployment(deploymentSpec(), 2, "Failed");
        failed.remove("failure_reason");
        assertThat(errors(schemaOf("OnlineDeploymentFailed"), EventJson.write(deploymentEventOf("OnlineDeploymentFailed",
                failed)))).isNotEmpty();
        assertInvalid("OnlineDeploymentSucceeded", data -> data.put("failure_reason", "earlier failure"));
        assertInvalid("OnlineDeploymentCreated", data -> data.put("generation", 2));
        assertInvalid("OnlineDeploymentUpdated", data -> data.put("generation", 1));
        assertInvalid("OnlineDeploymentCreated", data -> data.put("provisioning_state", "Succeeded"));
        assertInvalid("OnlineDeploymentSucceeded", data -> data.put("provisioning_state", "Updating"));
        assertInvalid("OnlineDeploymentDeleted", data -> data.put("provisioning_state", "Deleting"));
    }

    @Test
    void anEndpointsIdentity_isOneOfAzuresThree_withIdentitiesOnlyWhenUserAssigned() {
        assertInvalid("OnlineEndpointCreated", data -> ((ObjectNode) data.get("identity")).put("type", "SystemAssigned"));
        assertInvalid("OnlineEndpointCreated", data -> ((ObjectNode) data.get("identity")).remove("user_assigned_identities"));
        assertInvalid("OnlineEndpointCreated", data -> ((ObjectNode) data.get("identity")).putArray("user_assigned_identities")
                .addObject().put("resource_id", IDENTITY_ID));
        assertThat(errors(schemaOf("OnlineEndpointCreated"), EventJson.write(endpointEvent("OnlineEndpointCreated",
                endpointSpec("aad_token", "user_assigned", List.of()))))).as("user_assigned without identities")
                .isNotEmpty();
        assertThat(errors(schemaOf("OnlineEndpointCreated"), EventJson.write(endpointEvent("OnlineEndpointCreated",
                endpointSpec("aad_token", "user_assigned", List.of(WORKSPACE_ID, IDENTITY_ID))))))
                .as("a workspace is no identity").isNotEmpty();
        assertThat(errors(schemaOf("OnlineEndpointCreated"), EventJson.write(endpointEvent("OnlineEndpointCreated",
                endpointSpec("aad_token", "user_assigned", List.of(IDENTITY_ID,
                        IDENTITY_ID.replace("scoring-identity", "batch-identity"))))))).isEmpty();
    }

    // --- scoring-service's events ---

    @ParameterizedTest
    @ValueSource(strings = {"DeploymentReady", "DeploymentFailed", "DeploymentLogged"})
    void scoringServicesAnswers_comeFromScoringServiceItself(String type) {
        EventEnvelope event = validEvent(type);

        assertThat(errors(schemaOf(type), edit(event, root -> ((ObjectNode) root.get("actor")).put("kind", "User"))))
                .isNotEmpty();
        assertThat(errors(schemaOf(type), edit(event, root -> ((ObjectNode) root.get("actor")).put("id",
                ALICE.id())))).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"key", "primaryKey", "Bearer k3y", ""})
    void anEndpointKeyCaller_isNamedByItsSlot_neverByTheKey(String name) {
        String key = newKey();
        EventEnvelope event = validEvent("ScoringRequest");

        assertThat(errors(schemaOf("ScoringRequest"), edit(event, root -> ((ObjectNode) root.get("actor"))
                .put("name", name)))).isNotEmpty();
        assertThat(errors(schemaOf("ScoringRequest"), edit(event, root -> ((ObjectNode) root.get("actor"))
                .put("name", key)))).isNotEmpty();
        assertThat(errors(schemaOf("ScoringRequest"), edit(event, root -> ((ObjectNode) root.get("actor"))
                .put("id", key)))).as("a key holder's id is the endpoint id").isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"authorization", "key", "token", "body", "answer"})
    void aScoringRequest_neverCarriesACredentialOrPayload(String field) {
        String json = edit(validEvent("ScoringRequest"), root -> ((ObjectNode) root.get("data")).put(field, newKey()));

        assertThat(errors(schemaOf("ScoringRequest"), json)).anySatisfy(
                error -> assertThat(error.getMessage()).contains(field));
    }

    @Test
    void aRequestThatFoundNoEndpoint_wentNoFurther_andAMirroredCopy_wentToADeployment() {
        assertInvalid("ScoringRequest", data -> data.putNull("endpointId"));
        assertInvalid("ScoringRequest", data -> data.put("endpoint", "no such endpoint"));
        assertInvalid("ScoringRequest", data -> data.put("mirrored", true).putNull("deployment"));
        assertInvalid("ScoringRequest", data -> data.put("deployment", " blue"));
    }

    @Test
    void aRequestForAnUnknownEndpoint_hasValidData_butTheBareNameItIsKeyedByIsNoSubject() {
        // As RequestTelemetry.record does it today: key = subject = the name from the path when endpointId is null.
        EventEnvelope unknown = scoringRequest(new Request("POST", "/endpoints/no%20such/score", null, "no such", null,
                404, 0, 17, 120, "curl/8.5.0", "3f1c0a9e-77b1-4d47-b1a4-5a8d0c2e9f61", CORRELATION_ID, 0.2, false, null));

        assertThat(unknown.subject()).isEqualTo("no such");
        assertThat(errors(schemaOf("ScoringRequest"), EventJson.write(unknown))).isNotEmpty().allSatisfy(
                error -> assertThat(error.getInstanceLocation().toString()).isEqualTo("/subject"));
        assertThat(errors("envelope.schema.json", EventJson.write(unknown))).isNotEmpty();
    }

    // --- events as the producers build them ---

    private static EventEnvelope validEvent(String type) {
        return switch (type) {
            case "ModelVersionCreated", "ModelVersionDeleted" -> deploymentEvent(type, MODEL_ID, modelVersion(null));
            case "CodeVersionCreated" -> deploymentEvent(type, CODE_ID, codeVersion());
            case "EnvironmentVersionCreated" -> deploymentEvent(type, ENVIRONMENT_ID, environmentVersion());
            case "OnlineEndpointCreated", "OnlineEndpointUpdated", "OnlineEndpointDeleted" ->
                    endpointEvent(type, endpointSpec("key", "system_assigned"));
            case "OnlineEndpointKeysRegenerated" -> keysRegenerated("Secondary");
            case "OnlineDeploymentCreated" -> deploymentEventOf(type, deployment(deploymentSpec(), 1, "Creating"));
            case "OnlineDeploymentUpdated" -> deploymentEventOf(type, deployment(deploymentSpec(), 2, "Updating"));
            case "OnlineDeploymentSucceeded", "OnlineDeploymentDeleted" ->
                    deploymentEventOf(type, deployment(deploymentSpec(), 2, "Succeeded"));
            case "OnlineDeploymentFailed" -> deploymentEventOf(type, deployment(deploymentSpec(), 2, "Failed"));
            case "DeploymentReady" -> scoringEvent(type, Map.of("generation", 2));
            case "DeploymentFailed" -> scoringEvent(type, Map.of("generation", 2, "reason", "Loading the model failed: x"));
            case "DeploymentLogged" -> logged(List.of("Deployment blue is ready"));
            case "ScoringRequest" -> scoringRequest(new Request("POST", "/endpoints/fraud-scorer/score", ENDPOINT_ID,
                    "fraud-scorer", "blue", 200, 200, 1834, 57, "python-requests/2.32.3",
                    "3f1c0a9e-77b1-4d47-b1a4-5a8d0c2e9f61", CORRELATION_ID, 12.345, false,
                    new Actor(ENDPOINT_ID, Actor.Kind.EndpointKey, "primary")));
            default -> throw new IllegalArgumentException(type);
        };
    }

    /** As ModelVersion.state(container), for a version registered by ModelController. */
    private static Map<String, Object> modelVersion(String description) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", MODEL_ID);
        state.put("name", "fraud-gbm");
        state.put("version", "3");
        state.put("type", "Aegis.ML/workspaces/models/versions");
        state.put("workspace_id", WORKSPACE_ID);
        state.put("format", "onnx");
        state.put("description", description == null ? "" : description);
        state.put("size_bytes", 1_048_576L);
        state.put("sha256", MODEL_SHA256);
        state.put("blob", Map.of("container", CONTAINER, "name", MODEL_BLOB));
        state.put("created_at", Instant.parse("2025-11-23T18:58:00.123Z").toString());
        state.put("created_by", ALICE.id());
        return state;
    }

    private static final String CODE_ID = WORKSPACE_ID + "/codes/score-code/versions/1";
    private static final String CODE_BLOB = CODE_ID.substring(1) + "/" + UUID.randomUUID() + ".zip";

    private static final String ENVIRONMENT_ID = WORKSPACE_ID + "/environments/sklearn-env/versions/1";

    /** As EnvironmentVersion.state(): Azure's environment with its conda file read in. */
    private static Map<String, Object> environmentVersion() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", ENVIRONMENT_ID);
        state.put("name", "sklearn-env");
        state.put("version", "1");
        state.put("type", "Aegis.ML/workspaces/environments/versions");
        state.put("workspace_id", WORKSPACE_ID);
        state.put("image", "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest");
        state.put("conda_file", map("name", "model-env", "channels", List.of("conda-forge"), "dependencies",
                List.of("python=3.8", "numpy=1.21.2", "pip", map("pip", List.of("azureml-defaults", "joblib>=1.0")))));
        state.put("created_at", Instant.parse("2025-11-23T18:58:00.123Z").toString());
        state.put("created_by", ALICE.id());
        return state;
    }

    @Test
    void aDeploymentWithAnEnvironment_carriesWhatItIsMadeOf() {
        Map<String, Object> spec = deploymentSpec();
        spec.put("code_configuration", map("code", "azureml:" + CODE_ID, "scoring_script", "score.py"));
        spec.put("code_file", map("container", CONTAINER, "name", CODE_BLOB, "sha256", MODEL_SHA256,
                "scoring_script", "score.py", "code", CODE_ID));
        spec.put("environment", "azureml:sklearn-env:1");
        Map<String, Object> resolved = new LinkedHashMap<>(environmentVersion());
        List.of("name", "version", "type", "workspace_id", "created_at", "created_by").forEach(resolved::remove);
        spec.put("environment_spec", resolved);
        assertValid("OnlineDeploymentCreated", deploymentEventOf("OnlineDeploymentCreated", deployment(spec, 1, "Creating")));
        resolved.put("conda_file", "./env.yml");
        assertThat(errors(schemaOf("OnlineDeploymentCreated"), EventJson.write(deploymentEventOf(
                "OnlineDeploymentCreated", deployment(spec, 1, "Creating"))))).isNotEmpty();
    }

    /** As CodeVersion.state(). */
    private static Map<String, Object> codeVersion() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", CODE_ID);
        state.put("name", "score-code");
        state.put("version", "1");
        state.put("type", "Aegis.ML/workspaces/codes/versions");
        state.put("workspace_id", WORKSPACE_ID);
        state.put("size_bytes", 2048L);
        state.put("sha256", MODEL_SHA256);
        state.put("blob", Map.of("container", CONTAINER, "name", CODE_BLOB));
        state.put("created_at", Instant.parse("2025-11-23T18:58:00.123Z").toString());
        state.put("created_by", ALICE.id());
        return state;
    }

    private static Map<String, Object> withBlob(String blobName) {
        Map<String, Object> state = modelVersion(null);
        state.put("blob", Map.of("container", CONTAINER, "name", blobName));
        return state;
    }

    private static Map<String, Object> endpointSpec(String authMode, String identityType) {
        return endpointSpec(authMode, identityType, identityType.equals("user_assigned") ? List.of(IDENTITY_ID) : List.of());
    }

    /** As EndpointSpecs.read: every field, with Azure's defaults; identities as {resource_id} objects. */
    private static Map<String, Object> endpointSpec(String authMode, String identityType, List<String> identities) {
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("type", identityType);
        identity.put("user_assigned_identities", identities.stream().map(id -> Map.of("resource_id", id)).toList());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("auth_mode", authMode);
        spec.put("identity", identity);
        spec.put("traffic", map("blue", 100));
        spec.put("mirror_traffic", map("green", 10));
        spec.put("public_network_access", "enabled");
        spec.put("network_acls", Map.of("ip_rules", List.of(Map.of("value", "10.1.0.0/16"), Map.of("value", "fd00::/8"))));
        spec.put("description", "");
        spec.put("tags", map("team", "risk"));
        return spec;
    }

    /** As OnlineEndpoint.state(publicUrl): what the API shows. */
    private static Map<String, Object> endpointState(Map<String, Object> spec) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", ENDPOINT_ID);
        state.put("name", "fraud-scorer");
        state.put("type", "Aegis.ML/workspaces/onlineEndpoints");
        state.put("workspace_id", WORKSPACE_ID);
        state.putAll(spec);
        state.put("provisioning_state", "Succeeded");
        state.put("scoring_uri", PUBLIC_URL + "/endpoints/fraud-scorer/score");
        state.put("created_at", Instant.parse("2025-11-23T19:04:10.500Z").toString());
        state.put("created_by", ALICE.id());
        state.put("updated_at", Instant.parse("2025-11-24T08:00:00Z").toString());
        return state;
    }

    /** As OnlineEndpoint.eventState(publicUrl): the state, and the keys' hashes when the endpoint has keys. */
    private static Map<String, Object> endpointEventState(Map<String, Object> spec, boolean keyed) {
        Map<String, Object> state = endpointState(spec);
        if (keyed) {
            state.put("key_hashes", Map.of("primary", hash(newKey()), "secondary", hash(newKey())));
        }
        return state;
    }

    /** As EndpointLifecycle: eventState on create and update, state (no hashes) on delete. */
    private static EventEnvelope endpointEvent(String type, Map<String, Object> spec) {
        boolean keyed = spec.get("auth_mode").equals("key");
        Map<String, Object> data = type.equals("OnlineEndpointDeleted") ? endpointState(spec)
                : endpointEventState(spec, keyed);
        return deploymentEvent(type, ENDPOINT_ID, data);
    }

    /** As EndpointLifecycle.regenerateKey. */
    private static EventEnvelope keysRegenerated(String keyType) {
        Map<String, Object> state = endpointEventState(endpointSpec("key", "none"), true);
        state.put("regenerated_key", keyType);
        return deploymentEvent("OnlineEndpointKeysRegenerated", ENDPOINT_ID, state);
    }

    /** As DeploymentSpecs.read (defaults), plus model and model_file from EndpointLifecycle.putDeployment. */
    private static Map<String, Object> deploymentSpec() {
        Map<String, Object> requestSettings = new LinkedHashMap<>();
        requestSettings.put("request_timeout_ms", 5000);
        requestSettings.put("max_concurrent_requests_per_instance", 1);
        requestSettings.put("max_queue_wait_ms", 500);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("endpoint_name", "fraud-scorer");
        spec.put("instance_count", 2);
        spec.put("instance_type", "Standard_DS3_v2");
        spec.put("request_settings", requestSettings);
        spec.put("environment_variables", map("OMP_NUM_THREADS", "1"));
        spec.put("app_insights_enabled", false);
        spec.put("description", "");
        spec.put("tags", map());
        spec.put("model", MODEL_ID);
        spec.put("model_file", Map.of("container", CONTAINER, "name", MODEL_BLOB,
                "sha256", MODEL_SHA256));
        return spec;
    }

    /** As OnlineDeployment.state(). */
    private static Map<String, Object> deployment(Map<String, Object> spec, int generation, String provisioningState) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", DEPLOYMENT_ID);
        state.put("name", "blue");
        state.put("type", "Aegis.ML/workspaces/onlineEndpoints/deployments");
        state.put("endpoint_id", ENDPOINT_ID);
        state.putAll(spec);
        state.put("generation", generation);
        state.put("provisioning_state", provisioningState);
        if (provisioningState.equals("Failed")) {
            state.put("failure_reason", "Loading the model failed: the model file's SHA-256 is 0000, not the registered "
                    + MODEL_SHA256 + ": the file was changed after registration");
        }
        state.put("created_at", Instant.parse("2025-11-23T19:05:00.001Z").toString());
        state.put("created_by", ALICE.id());
        state.put("updated_at", Instant.parse("2025-11-23T19:05:02.250Z").toString());
        return state;
    }

    /** A user's change, or (Succeeded, Failed) scoring-service's answer applied by EndpointLifecycle.provisioned. */
    private static EventEnvelope deploymentEventOf(String type, Map<String, Object> data) {
        boolean answer = type.equals("OnlineDeploymentSucceeded") || type.equals("OnlineDeploymentFailed");
        return EventEnvelope.of(type, DEPLOYMENT_SERVICE, DEPLOYMENT_ID, answer ? null : CORRELATION_ID,
                answer ? SCORING : ALICE, data);
    }

    /** As OutboxDeploymentEvents.publish. */
    private static EventEnvelope deploymentEvent(String type, String subject, Map<String, Object> data) {
        return EventEnvelope.of(type, DEPLOYMENT_SERVICE, subject, CORRELATION_ID, ALICE, data);
    }

    /** As ScoringEvents.publish: no correlation, scoring-service itself as actor. */
    private static EventEnvelope scoringEvent(String type, Map<String, Object> data) {
        return EventEnvelope.of(type, SCORING_SERVICE, DEPLOYMENT_ID, null, SCORING, data);
    }

    /** As ScoringEvents.logged. */
    private static EventEnvelope logged(List<String> lines) {
        String now = Instant.now().toString();
        return scoringEvent("DeploymentLogged", Map.of("lines",
                lines.stream().map(line -> Map.of("time", now, "text", line)).toList()));
    }

    /** RequestTelemetry.Request. */
    private record Request(String method, String path, String endpointId, String endpoint, String deployment,
                           int status, int modelStatus, long requestBytes, long responseBytes, String userAgent,
                           String requestId, String correlationId, double durationMs, boolean mirrored,
                           Actor caller) {
    }

    /** As RequestTelemetry.record. */
    private static EventEnvelope scoringRequest(Request r) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("method", r.method());
        data.put("path", r.path());
        data.put("endpoint", r.endpoint());
        data.put("endpointId", r.endpointId());
        data.put("deployment", r.deployment());
        data.put("status", r.status());
        data.put("modelStatus", r.modelStatus());
        data.put("requestBytes", r.requestBytes());
        data.put("responseBytes", r.responseBytes());
        data.put("userAgent", r.userAgent());
        data.put("requestId", r.requestId());
        data.put("durationMs", Math.round(r.durationMs() * 1000) / 1000.0);
        data.put("mirrored", r.mirrored());
        Actor caller = r.caller() == null ? Actor.system(SCORING_SERVICE) : r.caller();
        String key = r.endpointId() == null ? r.endpoint() : r.endpointId();
        return EventEnvelope.of("ScoringRequest", SCORING_SERVICE, key, r.correlationId(), caller, data);
    }

    /** As EndpointKeys.generate: 256 random bits, base64url. */
    private static String newKey() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** As EndpointKeys.hash. */
    private static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode hashesNode() {
        ObjectNode hashes = JsonNodeFactory.instance.objectNode();
        hashes.put("primary", hash(newKey()));
        hashes.put("secondary", hash(newKey()));
        return hashes;
    }

    private static Map<String, Object> map(Object... entries) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < entries.length; i += 2) {
            map.put((String) entries[i], entries[i + 1]);
        }
        return map;
    }

    private static void assertValid(String type, EventEnvelope event) {
        String json = EventJson.write(event);

        assertThat(errors(schemaOf(type), json)).as(type).isEmpty();
        assertThat(errors("envelope.schema.json", json)).as(type).isEmpty();
    }

    private static void assertInvalid(String type, Consumer<ObjectNode> change) {
        String json = edit(validEvent(type), root -> change.accept((ObjectNode) root.get("data")));

        assertThat(errors(schemaOf(type), json)).as("%s %s", type, json).isNotEmpty();
    }

    private static String schemaOf(String type) {
        String dir = DEPLOYMENT_EVENTS.contains(type) ? "deployment" : SCORING_EVENTS.contains(type) ? "scoring" : null;
        if (dir == null) {
            throw new IllegalArgumentException(type);
        }
        return dir + "/" + type + ".schema.json";
    }
}
