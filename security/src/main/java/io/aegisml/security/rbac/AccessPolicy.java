package io.aegisml.security.rbac;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides from a set of assignments and custom roles (built-in roles are always known). Deny by
 * default: allowed only if an assignment of the principal at the scope or above has a role that
 * permits the action.
 */
public final class AccessPolicy {

    private final Collection<RoleAssignment> assignments;
    private final Map<String, RoleDefinition> customRoles;

    public AccessPolicy(Collection<RoleAssignment> assignments, Map<String, RoleDefinition> customRoles) {
        this.assignments = assignments;
        this.customRoles = customRoles;
    }

    public AccessDecision decide(String principalId, String action, String scope) {
        List<AccessDecision.Grant> grants = assignments.stream()
                .filter(a -> a.principalId().equals(principalId) && Scopes.covers(a.scope(), scope))
                .flatMap(a -> role(a.roleDefinitionId()).stream()
                        .map(role -> new AccessDecision.Grant(a, role, role.permits(action))))
                .toList();
        return new AccessDecision(grants.stream().anyMatch(AccessDecision.Grant::permits), principalId, action, scope,
                grants);
    }

    public Optional<RoleDefinition> role(String id) {
        return BuiltInRoles.find(id).or(() -> Optional.ofNullable(customRoles.get(id.toLowerCase(java.util.Locale.ROOT))));
    }
}
