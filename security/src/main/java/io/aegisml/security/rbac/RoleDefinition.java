package io.aegisml.security.rbac;

import java.util.List;

/**
 * A role: what it allows ({@code actions} minus {@code notActions}; {@code dataActions} minus
 * {@code notDataActions} for data) and where it may be assigned ({@code assignableScopes}).
 */
public record RoleDefinition(String id, String roleName, String description, List<String> actions,
                             List<String> notActions, List<String> dataActions, List<String> notDataActions,
                             List<String> assignableScopes, boolean builtIn) {

    public RoleDefinition {
        actions = List.copyOf(actions == null ? List.of() : actions);
        notActions = List.copyOf(notActions == null ? List.of() : notActions);
        dataActions = List.copyOf(dataActions == null ? List.of() : dataActions);
        notDataActions = List.copyOf(notDataActions == null ? List.of() : notDataActions);
        assignableScopes = List.copyOf(assignableScopes == null ? List.of("/") : assignableScopes);
    }

    public boolean permits(String action) {
        boolean data = Actions.isDataAction(action);
        List<String> allowed = data ? dataActions : actions;
        List<String> excluded = data ? notDataActions : notActions;
        return anyMatches(allowed, action) && !anyMatches(excluded, action);
    }

    /** True if it may be assigned at {@code scope}: at or below one of its assignable scopes. */
    public boolean assignableAt(String scope) {
        return assignableScopes.stream().anyMatch(s -> Scopes.covers(s, scope));
    }

    private static boolean anyMatches(List<String> patterns, String action) {
        return patterns.stream().anyMatch(p -> ActionPattern.of(p).matches(action));
    }
}
