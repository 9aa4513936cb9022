package io.aegisml.security.rbac;

/**
 * A principal holds a role at a scope (and below).
 *
 * @param id               the assignment's resource id: {@code {scope}/providers/Aegis.Authorization/roleAssignments/{name}}
 * @param principalType    User, ServicePrincipal or ManagedIdentity (informative: the id decides)
 */
public record RoleAssignment(String id, String name, String scope, String principalId, String principalType,
                             String roleDefinitionId) {

    public static final String PROVIDER_SEGMENT = "/providers/Aegis.Authorization/roleAssignments/";

    public static String idOf(String scope, String name) {
        return (Scopes.ROOT.equals(scope) ? "" : scope) + PROVIDER_SEGMENT + name;
    }
}
