package io.aegisml.identity.access;

import io.aegisml.events.Actor;
import io.aegisml.identity.access.AccessRequests.CheckAccessRequest;
import io.aegisml.identity.access.AccessRequests.RoleAssignmentRequest;
import io.aegisml.identity.access.AccessRequests.RoleDefinitionRequest;
import io.aegisml.security.rbac.AccessChecks;
import io.aegisml.security.rbac.AccessDecision;
import io.aegisml.security.rbac.Actions;
import io.aegisml.security.rbac.BuiltInRoles;
import io.aegisml.security.rbac.RoleAssignment;
import io.aegisml.security.rbac.RoleDefinition;
import io.aegisml.security.rbac.Scopes;
import io.aegisml.security.token.Callers;
import io.aegisml.security.web.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Role assignments and definitions under any scope, and checkAccess. Permissions depend on what is
 * asked (which role, where), so every handler checks them itself through {@link AccessChecks}.
 */
@RestController
class AccessController {

    private final AccessManagement management;
    private final RoleAssignments assignments;
    private final RoleDefinitions roles;
    private final AccessChecks checks;
    private final AccessGrants grants;

    AccessController(AccessManagement management, RoleAssignments assignments, RoleDefinitions roles,
                     AccessChecks checks, AccessGrants grants) {
        this.management = management;
        this.assignments = assignments;
        this.roles = roles;
        this.checks = checks;
        this.grants = grants;
    }

    @PutMapping("/api/**")
    ResponseEntity<Map<String, Object>> put(@RequestBody(required = false) String body,
                                            @AuthenticationPrincipal Jwt caller, HttpServletRequest request) {
        // The body's shape depends on the path, so it is read here rather than bound by Spring.
        ProvidersPath path = named(request);
        if (path.kind().equals(ProvidersPath.ASSIGNMENTS)) {
            return putAssignment(path, AccessBodies.read(body, RoleAssignmentRequest.class), caller, request);
        }
        return putRole(path, AccessBodies.read(body, RoleDefinitionRequest.class), caller, request);
    }

    private ResponseEntity<Map<String, Object>> putAssignment(ProvidersPath path, RoleAssignmentRequest body, Jwt caller,
                                                              HttpServletRequest request) {
        AccessGrants.Granted granted = grants.grant(caller, path.scope(), path.name(), body.principalId(),
                body.principalType(), body.roleDefinitionId(), request);
        return ResponseEntity.status(granted.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(json(granted.assignment(), granted.role()));
    }

    private ResponseEntity<Map<String, Object>> putRole(ProvidersPath path, RoleDefinitionRequest body, Jwt caller,
                                                        HttpServletRequest request) {
        RoleDefinition role = AccessRequests.role(path.name(), body);
        if (BuiltInRoles.find(role.id()).isPresent() || BuiltInRoles.find(role.roleName()).isPresent()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "Built-in roles cannot be redefined.");
        }
        // Writing a role changes it wherever it is assigned: the caller needs roleDefinitions/write on every
        // assignable scope of the stored definition as well as of the new one.
        Optional<RoleDefinition> stored = roles.findById(role.id());
        if (stored.isPresent() && !readable(caller, stored.get())) {
            throw notFound(); // another tenant's role: as if it did not exist (its id is no reason to tell more)
        }
        for (String scope : Stream.concat(stored.map(RoleDefinition::assignableScopes).orElse(List.of()).stream(),
                role.assignableScopes().stream()).distinct().toList()) {
            checks.require(caller, Actions.ROLE_DEFINITIONS_WRITE, scope, request);
        }
        roles.find(role.roleName()).filter(other -> !other.id().equalsIgnoreCase(role.id())).ifPresent(other -> {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "A role named '" + role.roleName() + "' exists.");
        });
        // The new permissions apply at once to every existing assignment of the role: nobody may thereby grant,
        // at any of those scopes, more than they hold there.
        if (stored.isPresent()) {
            for (RoleAssignment existing : assignments.withRole(role.id())) {
                grants.requireHoldsAll(caller, role, existing.scope(), request);
            }
        }
        boolean created = management.define(role, actor(caller), RequestIdFilter.correlationId(request));
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(json(role));
    }

    @GetMapping("/api/**")
    Map<String, Object> get(@AuthenticationPrincipal Jwt caller, HttpServletRequest request) {
        ProvidersPath path = ProvidersPath.parse(request.getRequestURI()).orElseThrow(AccessController::notFound);
        if (path.kind().equals(ProvidersPath.ASSIGNMENTS)) {
            checks.require(caller, Actions.ROLE_ASSIGNMENTS_READ, path.scope(), request);
            if (path.name() != null) {
                RoleAssignment a = assignments.find(RoleAssignment.idOf(path.scope(), path.name()))
                        .orElseThrow(AccessController::notFound);
                return json(a, roles.find(a.roleDefinitionId()).orElse(null));
            }
            return Map.of("value", assignments.relatedTo(path.scope()).stream()
                    .map(a -> json(a, roles.find(a.roleDefinitionId()).orElse(null))).toList());
        }
        checks.require(caller, Actions.ROLE_DEFINITIONS_READ, path.scope(), request);
        if (path.name() != null) {
            // A custom role is visible only to who may read one of its assignable scopes, whatever path asks.
            return json(roles.find(path.name()).filter(r -> readable(caller, r)).orElseThrow(AccessController::notFound));
        }
        return Map.of("value", Stream.concat(BuiltInRoles.ALL.stream(), roles.custom().stream()
                        .filter(r -> r.assignableScopes().stream().anyMatch(s -> Scopes.covers(s, path.scope())
                                || Scopes.covers(path.scope(), s))))
                .map(AccessController::json).toList());
    }

    @DeleteMapping("/api/**")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Jwt caller, HttpServletRequest request) {
        ProvidersPath path = named(request);
        String correlationId = RequestIdFilter.correlationId(request);
        boolean deleted;
        if (path.kind().equals(ProvidersPath.ASSIGNMENTS)) {
            checks.require(caller, Actions.ROLE_ASSIGNMENTS_DELETE, path.scope(), request);
            deleted = management.unassign(RoleAssignment.idOf(path.scope(), path.name()), actor(caller), correlationId)
                    .isPresent();
        } else {
            // Another tenant's role is as if it did not exist.
            RoleDefinition role = roles.find(path.name()).filter(r -> !r.builtIn() && readable(caller, r)).orElse(null);
            if (role != null) {
                for (String scope : role.assignableScopes()) {
                    checks.require(caller, Actions.ROLE_DEFINITIONS_DELETE, scope, request);
                }
            } else {
                checks.require(caller, Actions.ROLE_DEFINITIONS_DELETE, path.scope(), request);
            }
            deleted = role != null && management.undefine(role, actor(caller), correlationId).isPresent();
        }
        return ResponseEntity.status(deleted ? HttpStatus.OK : HttpStatus.NO_CONTENT).build();
    }

    /**
     * Beyond Azure: may {@code principal} do {@code action} at {@code scope}, and which assignments and
     * roles decide it. Anyone may ask about themselves; asking about others needs roleAssignments/read.
     */
    /** Built-in roles are everyone's; a custom one, of whoever may read roles at one of its assignable scopes. */
    private boolean readable(Jwt caller, RoleDefinition role) {
        return role.builtIn() || role.assignableScopes().stream()
                .anyMatch(scope -> checks.decide(caller, Actions.ROLE_DEFINITIONS_READ, scope).allowed());
    }

    @PostMapping("/api/checkAccess")
    Map<String, Object> checkAccess(@RequestBody CheckAccessRequest body, @AuthenticationPrincipal Jwt caller,
                                    HttpServletRequest request) {
        String principal = body.principal() == null || body.principal().isBlank() ? caller.getSubject() : body.principal();
        if (body.action() == null || Actions.ALL.stream().noneMatch(a -> a.equalsIgnoreCase(body.action()))) {
            throw new InvalidAccessRequest("action must be one of the catalogue's actions, such as "
                    + Actions.WORKSPACES_WRITE + ".");
        }
        if (body.scope() == null || !Scopes.isValid(body.scope())) {
            throw new InvalidAccessRequest("scope must be / or a resource id such as /subscriptions/{sub}.");
        }
        if (!principal.equals(caller.getSubject())) {
            checks.require(caller, Actions.ROLE_ASSIGNMENTS_READ, body.scope(), request);
        }
        String action = Actions.ALL.stream().filter(a -> a.equalsIgnoreCase(body.action())).findFirst().orElseThrow();
        AccessDecision decision = checks.policy().decide(principal, action, body.scope());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("allowed", decision.allowed());
        answer.put("principal", principal);
        answer.put("action", action);
        answer.put("scope", body.scope());
        answer.put("decidedBy", decision.grants().stream().map(g -> Map.of(
                "roleAssignmentId", g.assignment().id(), "scope", g.assignment().scope(),
                "roleDefinitionId", g.role().id(), "roleName", g.role().roleName(), "permits", g.permits())).toList());
        return answer;
    }

    private static ProvidersPath named(HttpServletRequest request) {
        ProvidersPath path = ProvidersPath.parse(request.getRequestURI()).orElseThrow(AccessController::notFound);
        if (path.name() == null) {
            throw new ResponseStatusException(HttpStatus.METHOD_NOT_ALLOWED, "Name the role assignment or definition.");
        }
        return path;
    }

    private static Actor actor(Jwt caller) {
        return Callers.actorOf(caller);
    }

    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "Not found.");
    }

    static Map<String, Object> json(RoleAssignment a, RoleDefinition role) {
        Map<String, Object> json = AccessManagement.stateOf(a);
        json.put("type", "Aegis.Authorization/roleAssignments");
        json.put("roleDefinitionName", role == null ? null : role.roleName());
        return json;
    }

    static Map<String, Object> json(RoleDefinition r) {
        Map<String, Object> json = AccessManagement.stateOf(r);
        json.put("name", r.id());
        json.put("type", "Aegis.Authorization/roleDefinitions");
        json.put("roleType", r.builtIn() ? "BuiltInRole" : "CustomRole");
        return json;
    }

}
