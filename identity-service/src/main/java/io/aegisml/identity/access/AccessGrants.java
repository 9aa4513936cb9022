package io.aegisml.identity.access;

import io.aegisml.identity.directory.Principal;
import io.aegisml.identity.directory.PrincipalDirectory;
import io.aegisml.security.rbac.AccessChecks;
import io.aegisml.security.rbac.AccessDecision;
import io.aegisml.security.rbac.Actions;
import io.aegisml.security.rbac.RoleAssignment;
import io.aegisml.security.rbac.RoleDefinition;
import io.aegisml.security.token.Callers;
import io.aegisml.security.web.CodedError;
import io.aegisml.security.web.RequestIdFilter;
import org.springframework.http.HttpStatus;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Service;

/**
 * Granting a role, with every rule a grant must pass: the caller may write role assignments at the
 * scope, the role exists and is assignable there, and the caller holds every action the role permits
 * there (nobody grants more than they hold). Used by the role-assignment API and by create-for-rbac.
 */
@Service
public class AccessGrants {

    private final AccessManagement management;
    private final RoleAssignments assignments;
    private final RoleDefinitions roles;
    private final AccessChecks checks;
    private final PrincipalDirectory directory;

    AccessGrants(AccessManagement management, RoleAssignments assignments, RoleDefinitions roles, AccessChecks checks,
                 PrincipalDirectory directory) {
        this.directory = directory;
        this.management = management;
        this.assignments = assignments;
        this.roles = roles;
        this.checks = checks;
    }

    public record Granted(RoleAssignment assignment, RoleDefinition role, boolean created) {
    }

    /** Checks the caller may grant {@code role} at {@code scope}; returns the role. Throws 400/403 otherwise. */
    public RoleDefinition mayGrant(Jwt caller, String role, String scope, HttpServletRequest request) {
        checks.require(caller, Actions.ROLE_ASSIGNMENTS_WRITE, scope, request);
        if (role == null) {
            throw new InvalidAccessRequest("roleDefinitionId is required: a role's id or name, such as Reader.");
        }
        RoleDefinition definition = roles.find(role).orElseThrow(() -> new InvalidAccessRequest(
                "Role definition '" + role + "' does not exist."));
        if (!definition.assignableAt(scope)) {
            throw new InvalidAccessRequest("Role '" + definition.roleName() + "' cannot be assigned at " + scope
                    + "; its assignable scopes are " + definition.assignableScopes() + ".");
        }
        requireHoldsAll(caller, definition, scope, request);
        return definition;
    }

    /** Nobody grants more than they hold: the caller must hold every permission of {@code role} at {@code scope}. */
    void requireHoldsAll(Jwt caller, RoleDefinition role, String scope, HttpServletRequest request) {
        for (String action : Actions.ALL) {
            if (role.permits(action)) {
                AccessDecision held = checks.decide(caller, action, scope);
                if (!held.allowed()) {
                    throw checks.deny(held, caller, request);
                }
            }
        }
    }

    public Granted grant(Jwt caller, String scope, String name, String principalId, String principalType, String role,
                         HttpServletRequest request) {
        AccessRequests.requirePrincipal(principalId);
        RoleDefinition definition = mayGrant(caller, role, scope, request);
        // Only after the permission checks: who may not grant here learns nothing about the directory.
        Principal principal = directory.byObjectId(principalId).orElseThrow(() -> new CodedError(HttpStatus.BAD_REQUEST,
                "PrincipalNotFound", "Principal " + principalId + " does not exist in the directory. Check that you "
                + "have the principal's object id (a client id or user name is resolved by the CLI's --assignee)."));
        // The type is the directory's; one given must agree (ManagedIdentity is this platform's word for a managed
        // identity, which Azure's directory calls a service principal).
        if (principalType != null && !principalType.equals(principal.principalType())
                && !(principalType.equals("ManagedIdentity") && principal.appId() != null)) {
            throw new CodedError(HttpStatus.BAD_REQUEST, "UnmatchedPrincipalType", "The principal " + principalId
                    + " is of type " + principal.principalType() + ", not " + principalType + ".");
        }
        RoleAssignment assignment = AccessRequests.assignment(new ProvidersPath(scope, ProvidersPath.ASSIGNMENTS, name),
                new AccessRequests.RoleAssignmentRequest(definition.id(), principal.objectId(), // the directory's spelling
                        principalType != null ? principalType : principal.principalType()), definition);
        boolean created = management.assign(assignment, Callers.actorOf(caller), RequestIdFilter.correlationId(request));
        return new Granted(assignment, definition, created);
    }

    /**
     * A grant the platform makes itself (a system-assigned identity's read access to its workspace's
     * storage): no caller's permissions to check; its name derives from what it grants, so applying the
     * same event twice grants once.
     */
    public void grantByPlatform(String principalId, RoleDefinition role, String scope, io.aegisml.events.Actor actor,
                                String correlationId) {
        String name = java.util.UUID.nameUUIDFromBytes((principalId + "|" + role.id() + "|" + scope)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        management.assign(new RoleAssignment(RoleAssignment.idOf(scope, name), name, scope, principalId,
                "ManagedIdentity", role.id()), actor, correlationId);
    }

    /**
     * Whoever takes over or removes a principal (resets its secret, deletes it) must hold every permission
     * it holds, at each scope where it holds them: otherwise resetting an Owner's secret is becoming Owner.
     */
    public void requireHoldsEverythingOf(String principalId, Jwt caller, HttpServletRequest request) {
        for (RoleAssignment held : assignments.ofPrincipal(principalId)) {
            RoleDefinition role = roles.find(held.roleDefinitionId()).orElse(null);
            if (role != null) {
                requireHoldsAll(caller, role, held.scope(), request);
            }
        }
    }

    /** Removes every assignment of a principal that is going away. */
    public void revokeAll(String principalId, Jwt caller, HttpServletRequest request) {
        revokeAll(principalId, Callers.actorOf(caller), RequestIdFilter.correlationId(request));
    }

    /** Every assignment of the principal, each deletion an event like any other. */
    public void revokeAll(String principalId, io.aegisml.events.Actor actor, String correlationId) {
        for (RoleAssignment a : assignments.ofPrincipal(principalId)) {
            management.unassign(a.id(), actor, correlationId);
        }
    }
}
