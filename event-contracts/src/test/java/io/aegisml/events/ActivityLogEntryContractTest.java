package io.aegisml.events;

import static io.aegisml.events.ContractFiles.errors;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * aegis.activity-log carries ActivityLogEntryRecorded events whose data is an entry: the schemas
 * accept what audit-service publishes and refuse broken entries.
 */
class ActivityLogEntryContractTest {

    private static final String SCHEMA = "activity-log/ActivityLogEntry.schema.json";
    private static final String RECORDED = "activity-log/ActivityLogEntryRecorded.schema.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aChainedEntry_isValid() {
        assertThat(errors(SCHEMA, JSON.writeValueAsString(entry(Map.of())))).isEmpty();
    }

    @Test
    void theRecordedEvent_asPublished_isValid() {
        Map<String, Object> entry = entry(Map.of());
        EventEnvelope event = EventEnvelope.of("ActivityLogEntryRecorded", "audit-service", (String) entry.get("scope"),
                (String) entry.get("correlationId"), new Actor("6b1f3c2e-8d4a-4f0b-9a57-1c2d3e4f5a6b", Actor.Kind.User,
                        "alice"), entry);
        String json = EventJson.write(event);

        assertThat(errors(RECORDED, json)).isEmpty();
        assertThat(errors(RECORDED, json.replace("\"ActivityLogEntryRecorded\"", "\"WorkspaceCreated\""))).isNotEmpty();
    }

    @Test
    void theFirstEntry_andAnEntryWithoutEvent_areValid() {
        Map<String, Object> first = new HashMap<>(entry(Map.of("status", "Failed")));
        first.put("previousHash", null);
        first.put("eventId", null);
        first.put("eventType", null);
        first.put("correlationId", null);

        assertThat(errors(SCHEMA, JSON.writeValueAsString(first))).isEmpty();
    }

    @Test
    void aRefusalAtTheRootScope_isValid() {
        // audit-service's entry for an AccessDenied on "/": a Failed operation named by the refused action.
        Map<String, Object> refusal = entry(Map.of("status", "Failed", "scope", "/",
                "operationName", "Aegis.Identity/servicePrincipals/write", "eventType", "AccessDenied"));
        EventEnvelope event = EventEnvelope.of("ActivityLogEntryRecorded", "audit-service", "/",
                (String) refusal.get("correlationId"), new Actor("2e4f6a8c-1b3d-4e5f-9a7b-0c1d2e3f4a5b", Actor.Kind.User,
                        "bob"), refusal);

        assertThat(errors(SCHEMA, JSON.writeValueAsString(refusal))).isEmpty();
        assertThat(errors(RECORDED, EventJson.write(event))).isEmpty();
        assertThat(errors(SCHEMA, JSON.writeValueAsString(entry(Map.of("scope", "//"))))).isNotEmpty();
    }

    @Test
    void brokenEntries_areInvalid() {
        assertThat(errors(SCHEMA, JSON.writeValueAsString(entry(Map.of("status", "Running"))))).isNotEmpty();
        assertThat(errors(SCHEMA, JSON.writeValueAsString(entry(Map.of("hash", "not-a-sha256"))))).isNotEmpty();
        assertThat(errors(SCHEMA, JSON.writeValueAsString(entry(Map.of("scope", "workspaces/ws1"))))).isNotEmpty();
        assertThat(errors(SCHEMA, JSON.writeValueAsString(entry(Map.of("operationName", "write"))))).isNotEmpty();
        assertThat(errors(SCHEMA, JSON.writeValueAsString(entry(Map.of("caller", Map.of("id", "x", "kind", "Robot"))))))
                .isNotEmpty();
        assertThat(errors(SCHEMA, JSON.writeValueAsString(entry(Map.of("severity", "High"))))).isNotEmpty();
    }

    private static Map<String, Object> entry(Map<String, Object> overrides) {
        Map<String, Object> entry = new HashMap<>(Map.of(
                "id", "3f2b9c1e-6a4d-4e8f-9b0a-1c2d3e4f5a6b",
                "operationName", "Aegis.ML/workspaces/write",
                "caller", Map.of("id", "6b1f3c2e-8d4a-4f0b-9a57-1c2d3e4f5a6b", "kind", "User", "name", "alice"),
                "time", "2025-11-23T18:58:00.123456Z",
                "status", "Succeeded",
                "scope", "/subscriptions/contoso-ml/resourceGroups/rg1/workspaces/fraud-models",
                "correlationId", "c0ffee00-1234-4abc-8def-0123456789ab",
                "eventId", "0b7e4b1c-3f7e-4c55-9a3e-2f4f2d1c9e10",
                "eventType", "WorkspaceCreated",
                "hash", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
        entry.put("previousHash", "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae");
        entry.putAll(overrides);
        return entry;
    }
}
