package io.aegisml.security.rbac;

import io.aegisml.events.EventEnvelope;
import io.aegisml.events.Topic;
import io.aegisml.events.TopicReplay;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.SmartLifecycle;

/**
 * Role assignments and custom roles, materialized in memory from aegis.identity.events so that every
 * request is checked without a remote call. Rebuilt from the start of the topic at each start (no
 * consumer group, nothing committed); the service is not ready until it has caught up.
 */
public class AccessView implements SmartLifecycle {

    private final Map<String, RoleAssignment> assignments = new ConcurrentHashMap<>();
    private final Map<String, RoleDefinition> customRoles = new ConcurrentHashMap<>();
    private final java.util.Set<String> deletedPrincipals = ConcurrentHashMap.newKeySet();
    private volatile AccessPolicy policy = new AccessPolicy(List.of(), Map.of());
    private final TopicReplay replay;

    public AccessView(String bootstrapServers) {
        this.replay = new TopicReplay(bootstrapServers, Topic.IDENTITY_EVENTS, "access-view", this::apply);
    }

    public AccessPolicy policy() {
        return policy;
    }

    /** A deleted service principal's or disabled user's tokens are refused even before they expire. */
    public boolean isDeleted(String principalId) {
        return principalId != null && deletedPrincipals.contains(principalId);
    }

    public boolean caughtUp() {
        return replay.caughtUp();
    }

    @Override
    public void start() {
        replay.start();
    }

    /** Applies one event; other event types are not ours and are ignored. */
    public void apply(EventEnvelope event) {
        Map<String, Object> d = event.data();
        switch (event.type()) {
            case "RoleAssignmentCreated" -> assignments.put(event.subject(), new RoleAssignment(event.subject(),
                    str(d, "name"), str(d, "scope"), str(d, "principalId"), str(d, "principalType"),
                    str(d, "roleDefinitionId")));
            case "RoleAssignmentDeleted" -> assignments.remove(event.subject());
            case "RoleDefinitionCreated", "RoleDefinitionUpdated" -> {
                RoleDefinition role = roleOf(d);
                customRoles.put(role.id().toLowerCase(Locale.ROOT), role);
            }
            case "RoleDefinitionDeleted" -> customRoles.remove(str(d, "id").toLowerCase(Locale.ROOT));
            case "ServicePrincipalDeleted", "UserDisabled", "UserAssignedIdentityDeleted",
                 "SystemAssignedIdentityDeleted" -> deletedPrincipals.add(str(d, "principalId"));
            case "UserEnabled" -> deletedPrincipals.remove(str(d, "principalId"));
            default -> {
                return;
            }
        }
        policy = new AccessPolicy(List.copyOf(assignments.values()), new HashMap<>(customRoles));
    }

    @SuppressWarnings("unchecked")
    static RoleDefinition roleOf(Map<String, Object> d) {
        return new RoleDefinition(str(d, "id"), str(d, "roleName"), str(d, "description"),
                (List<String>) d.get("actions"), (List<String>) d.get("notActions"),
                (List<String>) d.get("dataActions"), (List<String>) d.get("notDataActions"),
                (List<String>) d.get("assignableScopes"), false);
    }

    private static String str(Map<String, Object> data, String key) {
        Object value = data.get(key);
        return value == null ? null : value.toString();
    }

    @Override
    public void stop() {
        replay.stop();
    }

    @Override
    public boolean isRunning() {
        return replay.running();
    }
}
