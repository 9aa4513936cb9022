package io.aegisml.identity.access;

import io.aegisml.security.rbac.ActionPattern;
import io.aegisml.security.rbac.RoleAssignment;
import io.aegisml.security.rbac.RoleDefinition;
import io.aegisml.security.rbac.Scopes;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** The request bodies, and the checks that turn them into valid assignments and roles or a 400. */
final class AccessRequests {

    private static final Set<String> PRINCIPAL_TYPES = Set.of("User", "ServicePrincipal", "ManagedIdentity");
    private static final Pattern PRINCIPAL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,254}");
    /** Custom roles may be offered at subscription, resource-group or workspace level. */
    private static final Pattern ASSIGNABLE = Pattern.compile(
            "/subscriptions/[^/]+(/resourceGroups/[^/]+(/workspaces/[^/]+)?)?");

    private AccessRequests() {
    }

    record RoleAssignmentRequest(String roleDefinitionId, String principalId, String principalType) {
    }

    record RoleDefinitionRequest(String roleName, String description, List<String> actions, List<String> notActions,
                                 List<String> dataActions, List<String> notDataActions, List<String> assignableScopes) {
    }

    record CheckAccessRequest(String principal, String action, String scope) {
    }

    static RoleAssignment assignment(ProvidersPath path, RoleAssignmentRequest body, RoleDefinition role) {
        String principalType = body.principalType() == null ? "User" : body.principalType();
        if (!PRINCIPAL_TYPES.contains(principalType)) {
            throw new InvalidAccessRequest("principalType must be one of " + PRINCIPAL_TYPES + ".");
        }
        return new RoleAssignment(RoleAssignment.idOf(path.scope(), path.name()), path.name(), path.scope(),
                body.principalId(), principalType, role.id());
    }

    static void requirePrincipal(String principalId) {
        if (principalId == null || !PRINCIPAL_ID.matcher(principalId).matches()) {
            throw new InvalidAccessRequest("principalId is required: the principal's object id (a token's 'sub').");
        }
    }

    static RoleDefinition role(String id, RoleDefinitionRequest body) {
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidAccessRequest("A custom role's id is a GUID, such as " + UUID.randomUUID() + ".");
        }
        if (body.roleName() == null || body.roleName().isBlank() || body.roleName().length() > 128
                || body.roleName().chars().anyMatch(Character::isISOControl)) {
            throw new InvalidAccessRequest("roleName is required: 1-128 printable characters.");
        }
        if (body.description() != null && body.description().length() > 1024) {
            throw new InvalidAccessRequest("description is longer than 1024 characters.");
        }
        if ((body.actions() == null || body.actions().isEmpty()) && (body.dataActions() == null
                || body.dataActions().isEmpty())) {
            throw new InvalidAccessRequest("A role needs at least one action or data action.");
        }
        granting("actions", body.actions());
        granting("dataActions", body.dataActions());
        wellFormed("notActions", body.notActions());
        wellFormed("notDataActions", body.notDataActions());
        if (body.assignableScopes() == null || body.assignableScopes().isEmpty() || body.assignableScopes().size() > 20) {
            throw new InvalidAccessRequest("assignableScopes needs 1 to 20 scopes.");
        }
        for (String scope : body.assignableScopes()) {
            if (!Scopes.isValid(scope) || !ASSIGNABLE.matcher(scope).matches()) {
                throw new InvalidAccessRequest("'" + scope + "' cannot be an assignable scope: use a subscription, "
                        + "resource group or workspace id.");
            }
        }
        return new RoleDefinition(id.toLowerCase(), body.roleName().strip(), body.description(), body.actions(),
                body.notActions(), body.dataActions(), body.notDataActions(),
                body.assignableScopes().stream().map(Scopes::canonical).distinct().toList(), false);
    }

    private static void granting(String field, List<String> patterns) {
        for (String pattern : patterns == null ? List.<String>of() : patterns) {
            if (!parse(field, pattern).matchesAnyKnownAction()) {
                throw new InvalidAccessRequest(field + ": '" + pattern + "' matches no known action.");
            }
        }
    }

    private static void wellFormed(String field, List<String> patterns) {
        for (String pattern : patterns == null ? List.<String>of() : patterns) {
            parse(field, pattern);
        }
    }

    private static ActionPattern parse(String field, String pattern) {
        try {
            return ActionPattern.of(pattern);
        } catch (IllegalArgumentException e) {
            throw new InvalidAccessRequest(field + ": " + e.getMessage() + ".");
        }
    }
}
