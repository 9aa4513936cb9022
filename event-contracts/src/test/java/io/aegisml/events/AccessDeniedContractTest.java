package io.aegisml.events;

import static io.aegisml.events.ContractFiles.edit;
import static io.aegisml.events.ContractFiles.errors;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * aegis.security.events carries AccessDenied, which every service that checks access publishes
 * directly when it refuses a request: the schema accepts it, including on the root scope "/", and
 * refuses broken ones.
 */
class AccessDeniedContractTest {

    private static final String SCHEMA = "security/AccessDenied.schema.json";
    private static final String WORKSPACE = "/subscriptions/contoso-ml/resourceGroups/rg1/workspaces/fraud-models";
    private static final Actor BOB = new Actor("2e4f6a8c-1b3d-4e5f-9a7b-0c1d2e3f4a5b", Actor.Kind.User, "bob");
    private static final Actor PIPELINE = new Actor("5c4b3a29-1807-4f6e-9d5c-4b3a29180706", Actor.Kind.ServicePrincipal,
            "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");

    @ParameterizedTest
    @CsvSource({
            "identity-service, PUT, /api" + WORKSPACE + ", Aegis.ML/workspaces/write, " + WORKSPACE,
            "identity-service, POST, /api/servicePrincipals, Aegis.Identity/servicePrincipals/write, /",
            "identity-service, PUT, /api/providers/Aegis.Authorization/roleAssignments/7f1d2c3b, Aegis.Authorization/roleAssignments/write, /",
            "deployment-service, POST, /api" + WORKSPACE + "/onlineEndpoints/ep1/regenerateKeys, "
                    + "Aegis.ML/workspaces/onlineEndpoints/regenerateKeys/action, " + WORKSPACE + "/onlineEndpoints/ep1",
            "audit-service, GET, /api/activityLog, Aegis.Insights/eventtypes/values/read, /subscriptions/contoso-ml"})
    void anAccessDenied_asPublished_isValid(String source, String method, String path, String action, String scope) {
        String json = EventJson.write(accessDenied(source, BOB, method, path, action, scope));

        assertThat(errors(SCHEMA, json)).isEmpty();
        assertThat(errors("envelope.schema.json", json)).isEmpty();
    }

    @Test
    void theRootScope_isAValidSubject_butOnlyExactlySlash() {
        EventEnvelope atRoot = accessDenied("identity-service", PIPELINE, "GET", "/api/servicePrincipals",
                "Aegis.Identity/servicePrincipals/read", "/");

        assertThat(atRoot.subject()).isEqualTo("/");
        assertThat(errors(SCHEMA, EventJson.write(atRoot))).isEmpty();
        for (String subject : new String[] {"", "//", "/ ", "subscriptions/contoso-ml", "/subscriptions/contoso-ml/",
                "/subscriptions//resourceGroups/rg1", "\\"}) {
            String json = edit(atRoot, root -> ((ObjectNode) root).put("subject", subject));

            assertThat(errors(SCHEMA, json)).as("subject '%s'", subject).anySatisfy(
                    error -> assertThat(error.getInstanceLocation().toString()).isEqualTo("/subject"));
            assertThat(errors("envelope.schema.json", json)).as("subject '%s'", subject).isNotEmpty();
        }
    }

    @Test
    void anEventOfAnotherType_isInvalid() {
        String json = edit(refusal(), root -> ((ObjectNode) root).put("type", "AuthorizationFailed"));

        assertThat(errors(SCHEMA, json)).anySatisfy(
                error -> assertThat(error.getInstanceLocation().toString()).isEqualTo("/type"));
    }

    @Test
    void anExtraDataField_isInvalid() {
        String json = edit(refusal(), root -> ((ObjectNode) root.get("data")).put("token", "eyJhbGciOi..."));

        assertThat(errors(SCHEMA, json)).anySatisfy(error -> assertThat(error.getMessage()).contains("token"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"principalId", "action", "scope", "method", "path"})
    void everyDataField_isRequired(String field) {
        String json = edit(refusal(), root -> ((ObjectNode) root.get("data")).remove(field));

        assertThat(errors(SCHEMA, json)).anySatisfy(error -> assertThat(error.getMessage()).contains(field));
    }

    @Test
    void brokenData_isInvalid() {
        assertThat(errors(SCHEMA, edit(refusal(), root -> ((ObjectNode) root.get("data")).put("method", "FETCH"))))
                .isNotEmpty();
        assertThat(errors(SCHEMA, edit(refusal(), root -> ((ObjectNode) root.get("data")).put("method", "put"))))
                .isNotEmpty();
        assertThat(errors(SCHEMA, edit(refusal(), root -> ((ObjectNode) root.get("data")).put("action", "write"))))
                .isNotEmpty();
        assertThat(errors(SCHEMA, edit(refusal(), root -> ((ObjectNode) root.get("data")).put("action", "Aegis.ML/*"))))
                .as("a refused action is a concrete action, not a pattern").isNotEmpty();
        assertThat(errors(SCHEMA, edit(refusal(), root -> ((ObjectNode) root.get("data")).put("path", "api/x"))))
                .isNotEmpty();
        assertThat(errors(SCHEMA, edit(refusal(), root -> ((ObjectNode) root.get("data")).put("scope", "workspaces/w"))))
                .isNotEmpty();
        assertThat(errors(SCHEMA, edit(refusal(), root -> ((ObjectNode) root.get("data")).put("principalId", ""))))
                .isNotEmpty();
    }

    /** As security's AccessDenials.record: subject = data.scope, actor = the caller. */
    private static EventEnvelope accessDenied(String source, Actor caller, String method, String path, String action,
                                              String scope) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("principalId", caller.id());
        data.put("action", action);
        data.put("scope", scope);
        data.put("method", method);
        data.put("path", path);
        return EventEnvelope.of("AccessDenied", source, scope, "c0ffee00-1234-4abc-8def-0123456789ab", caller, data);
    }

    private static EventEnvelope refusal() {
        return accessDenied("identity-service", BOB, "PUT", "/api" + WORKSPACE, "Aegis.ML/workspaces/write", WORKSPACE);
    }
}
