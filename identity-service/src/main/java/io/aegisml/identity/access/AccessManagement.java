package io.aegisml.identity.access;

import io.aegisml.events.Actor;
import io.aegisml.identity.IdentityEvents;
import io.aegisml.security.rbac.RoleAssignment;
import io.aegisml.security.rbac.RoleDefinition;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/** The changes: each commits with its event, which every service applies to its access view. */
@Service
class AccessManagement {

    static final String ROLE_DEFINITIONS_PREFIX = "/providers/Aegis.Authorization/roleDefinitions/";

    private final RoleAssignments assignments;
    private final RoleDefinitions roles;
    private final IdentityEvents events;

    AccessManagement(RoleAssignments assignments, RoleDefinitions roles, IdentityEvents events) {
        this.assignments = assignments;
        this.roles = roles;
        this.events = events;
    }

    /** Creates the assignment; true if created, false if the very same one existed (idempotent PUT). */
    @Transactional
    boolean assign(RoleAssignment assignment, Actor caller, String correlationId) {
        Optional<RoleAssignment> existing = assignments.find(assignment.id());
        if (existing.isPresent()) {
            if (existing.get().equals(assignment)) {
                return false;
            }
            throw new ResponseStatusException(HttpStatus.CONFLICT, "Role assignment " + assignment.id()
                    + " exists with other properties; role assignments cannot be changed, delete it first.");
        }
        if (!assignments.insert(assignment, caller.id())) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "The principal " + assignment.principalId()
                    + " already holds this role at " + assignment.scope() + ".");
        }
        events.publish("RoleAssignmentCreated", assignment.id(), stateOf(assignment), caller, correlationId);
        return true;
    }

    @Transactional
    Optional<RoleAssignment> unassign(String id, Actor caller, String correlationId) {
        Optional<RoleAssignment> existing = assignments.find(id);
        existing.ifPresent(a -> {
            assignments.delete(a.id());
            events.publish("RoleAssignmentDeleted", a.id(), stateOf(a), caller, correlationId);
        });
        return existing;
    }

    @Transactional
    boolean define(RoleDefinition role, Actor caller, String correlationId) {
        boolean created = roles.save(role, caller.id());
        events.publish(created ? "RoleDefinitionCreated" : "RoleDefinitionUpdated", ROLE_DEFINITIONS_PREFIX + role.id(),
                stateOf(role), caller, correlationId);
        return created;
    }

    @Transactional
    Optional<RoleDefinition> undefine(RoleDefinition role, Actor caller, String correlationId) {
        if (assignments.anyWithRole(role.id())) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "Role '" + role.roleName()
                    + "' is still assigned; delete its assignments first.");
        }
        if (!roles.delete(role.id())) {
            return Optional.empty();
        }
        events.publish("RoleDefinitionDeleted", ROLE_DEFINITIONS_PREFIX + role.id(), stateOf(role), caller,
                correlationId);
        return Optional.of(role);
    }

    static Map<String, Object> stateOf(RoleAssignment a) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", a.id());
        state.put("name", a.name());
        state.put("scope", a.scope());
        state.put("principalId", a.principalId());
        state.put("principalType", a.principalType());
        state.put("roleDefinitionId", a.roleDefinitionId());
        return state;
    }

    static Map<String, Object> stateOf(RoleDefinition r) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", r.id());
        state.put("roleName", r.roleName());
        state.put("description", r.description());
        state.put("actions", r.actions());
        state.put("notActions", r.notActions());
        state.put("dataActions", r.dataActions());
        state.put("notDataActions", r.notDataActions());
        state.put("assignableScopes", r.assignableScopes());
        state.put("builtIn", r.builtIn());
        return state;
    }
}
