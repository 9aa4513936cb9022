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

    /**
     * What the hash covers: every field but seq and the hash itself, '|'-joined, empty for null, in
     * this order (docs/events/activity-log/ActivityLogEntry.schema.json). Changing any of them, or
     * removing an entry, breaks the chain.
     */
    static String chainText(String previousHash, UUID id, String operationName, Actor caller, Instant time,
                            String status, String scope, String correlationId, UUID eventId, String eventType) {
        return String.join("|", nullToEmpty(previousHash), id.toString(), operationName, caller.id(),
                caller.kind().name(), nullToEmpty(caller.name()), time.toString(), status, scope,
                nullToEmpty(correlationId), eventId.toString(), eventType);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id.toString());
        json.put("operationName", operationName);
        Map<String, Object> who = new LinkedHashMap<>();
        who.put("id", caller.id());
        who.put("kind", caller.kind().name());
        who.put("name", caller.name());
        json.put("caller", who);
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
