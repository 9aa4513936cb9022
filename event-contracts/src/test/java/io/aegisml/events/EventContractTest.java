package io.aegisml.events;

import static io.aegisml.events.ContractFiles.errors;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What producers emit ({@link EventEnvelope#of} written by {@link EventJson}) validates against the
 * JSON Schemas in docs/events, and the schemas are strict enough to reject what they should.
 */
class EventContractTest {

    private static final ObjectMapper TREES = new ObjectMapper();
    private static final String WORKSPACE_ID = "/subscriptions/contoso-ml/resourceGroups/rg.fraud_prod/workspaces/fraud-models";
    private static final Actor ALICE = new Actor("6b1f3c2e-8d4a-4f0b-9a57-1c2d3e4f5a6b", Actor.Kind.User, "alice");

    @ParameterizedTest
    @ValueSource(strings = {"WorkspaceCreated", "WorkspaceUpdated", "WorkspaceDeleted"})
    void workspaceEventsMatchTheirSchema(String type) {
        String json = EventJson.write(workspaceEvent(type, workspace()));

        assertThat(errors(schemaOf(type), json)).isEmpty();
        assertThat(errors("envelope.schema.json", json)).isEmpty();
    }

    @Test
    void optionalParts_mayBeNullOrAbsent() throws IOException {
        // A workspace without description: the producer writes null; a non-Java producer may leave it out.
        Map<String, Object> data = new HashMap<>(workspace());
        data.put("description", null);
        data.put("tags", Map.of());
        EventEnvelope event = EventEnvelope.of("WorkspaceCreated", "identity-service", WORKSPACE_ID, null,
                new Actor("identity-service", Actor.Kind.System, null), data);
        String json = EventJson.write(event);

        assertThat(TREES.readTree(json).get("data").get("description").isNull()).isTrue();
        assertThat(errors("identity/WorkspaceCreated.schema.json", json)).isEmpty();
        assertThat(errors("identity/WorkspaceCreated.schema.json",
                edit(event, root -> ((ObjectNode) root.get("data")).remove("description")))).isEmpty();
    }

    @Test
    void missingSubject_isInvalid() {
        String json = edit(createdEvent(), root -> ((ObjectNode) root).remove("subject"));

        assertThat(errors("identity/WorkspaceCreated.schema.json", json)).anySatisfy(
                error -> assertThat(error.getMessage()).contains("subject"));
        assertThat(errors("envelope.schema.json", json)).isNotEmpty();
    }

    @Test
    void unknownActorKind_isInvalid() {
        String json = edit(createdEvent(), root -> ((ObjectNode) root.get("actor")).put("kind", "Robot"));

        assertThat(errors("envelope.schema.json", json)).anySatisfy(
                error -> assertThat(error.getInstanceLocation().toString()).isEqualTo("/actor/kind"));
    }

    @Test
    void extraTopLevelField_isInvalid() {
        String json = edit(createdEvent(), root -> ((ObjectNode) root).put("partitionKey", "x"));

        assertThat(errors("identity/WorkspaceCreated.schema.json", json)).anySatisfy(
                error -> assertThat(error.getMessage()).contains("partitionKey"));
    }

    @Test
    void eventOfAnotherType_isInvalidForTheSchema() {
        String json = EventJson.write(workspaceEvent("WorkspaceUpdated", workspace()));

        assertThat(errors("identity/WorkspaceCreated.schema.json", json)).anySatisfy(
                error -> assertThat(error.getInstanceLocation().toString()).isEqualTo("/type"));
    }

    @Test
    void formatsAndPatterns_areEnforced() {
        String created = "identity/WorkspaceCreated.schema.json";
        assertThat(errors(created, edit(createdEvent(), root -> ((ObjectNode) root).put("id", "42")))).isNotEmpty();
        assertThat(errors(created, edit(createdEvent(), root -> ((ObjectNode) root).put("time", 1732390000)))).isNotEmpty();
        assertThat(errors(created, edit(createdEvent(), root -> ((ObjectNode) root).put("time", "yesterday")))).isNotEmpty();
        assertThat(errors(created, edit(createdEvent(), root -> ((ObjectNode) root).put("subject", "/workspaces/w")))).isNotEmpty();
        // The envelope accepts the root scope "/" (AccessDenied), a workspace event does not.
        assertThat(errors(created, edit(createdEvent(), root -> ((ObjectNode) root).put("subject", "/")))).isNotEmpty();
        assertThat(errors(created, edit(createdEvent(), root -> ((ObjectNode) root.get("data")).put("id", "/")))).isNotEmpty();
        assertThat(errors(created, edit(createdEvent(), root -> ((ObjectNode) root.get("data")).put("name", "-starts-with-dash")))).isNotEmpty();
        assertThat(errors(created, edit(createdEvent(), root -> ((ObjectNode) root.get("data")).put("name", "x".repeat(65))))).isNotEmpty();
        assertThat(errors(created, edit(createdEvent(), root -> ((ObjectNode) root.get("data")).put("owner", "bob")))).isNotEmpty();
        assertThat(errors(created, edit(createdEvent(), root -> ((ObjectNode) root.get("data")).remove("createdBy")))).isNotEmpty();
        assertThat(errors(created, edit(createdEvent(), root -> ((ObjectNode) root.get("data").get("tags")).put("cost", 3)))).isNotEmpty();
    }

    @Test
    void roundTrip_keepsTheEventAndWritesTimeAsIsoText() throws Exception {
        Map<String, Object> data = new HashMap<>(workspace());
        data.put("createdAt", "2025-11-23T18:58:00.123456Z");
        EventEnvelope event = EventEnvelope.of("WorkspaceUpdated", "identity-service", WORKSPACE_ID, "req-7f3a", ALICE, data);

        String json = EventJson.write(event);
        JsonNode time = TREES.readTree(json).get("time");

        assertThat(EventJson.read(json)).isEqualTo(event);
        assertThat(EventJson.read(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(event);
        assertThat(time.isTextual()).as("time is written as text, not a number: %s", time).isTrue();
        assertThat(Instant.parse(time.asText())).isEqualTo(event.time());
    }

    private static Map<String, Object> workspace() {
        return Map.of(
                "id", WORKSPACE_ID,
                "subscriptionId", "contoso-ml",
                "resourceGroup", "rg.fraud_prod",
                "name", "fraud-models",
                "description", "Fraud scoring models for card payments",
                "tags", Map.of("team", "risk", "cost-center", "4711"),
                "publicNetworkAccess", "Disabled",
                // A java.time value, as a producer mapping its entity would put it: it must be written as date-time text.
                "createdAt", Instant.parse("2025-11-23T18:58:00.123456Z"),
                "createdBy", ALICE.id());
    }

    private static EventEnvelope workspaceEvent(String type, Map<String, Object> data) {
        return EventEnvelope.of(type, "identity-service", WORKSPACE_ID, "c0ffee00-1234-4abc-8def-0123456789ab", ALICE, data);
    }

    private static EventEnvelope createdEvent() {
        return workspaceEvent("WorkspaceCreated", workspace());
    }

    private static String schemaOf(String type) {
        return "identity/" + type + ".schema.json";
    }

    /** The event's JSON, changed by {@code change} on its tree: how a broken producer would look. */
    private static String edit(EventEnvelope event, Consumer<JsonNode> change) {
        try {
            JsonNode root = TREES.readTree(EventJson.write(event));
            change.accept(root);
            return TREES.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
