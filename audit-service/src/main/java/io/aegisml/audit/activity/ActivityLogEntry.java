package io.aegisml.audit.activity;

import io.aegisml.events.Actor;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** One line of the activity log, as stored, returned by the API and published on aegis.activity-log. */
record ActivityLogEntry(long seq, UUID id, String operationName, Actor caller, Instant time, String status,
                        String scope, String correlationId, UUID eventId, String eventType, String hash,
                        String previousHash) {

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id.toString());
        json.put("operationName", operationName);
        json.put("caller", Map.of("id", caller.id(), "kind", caller.kind().name(),
                "name", caller.name() == null ? "" : caller.name()));
        json.put("time", time.toString());
        json.put("status", status);
        json.put("scope", scope);
        json.put("correlationId", correlationId);
        json.put("eventId", eventId.toString());
        json.put("eventType", eventType);
        json.put("hash", hash);
        json.put("previousHash", previousHash);
        return json;
    }
}
