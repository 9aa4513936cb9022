package io.aegisml.security.rbac;

import java.util.List;

/** The answer to "may this principal do this action at this scope", with what decided it. */
public record AccessDecision(boolean allowed, String principalId, String action, String scope,
                             List<Grant> grants) {

    /** An assignment that applies at the scope, and whether its role permits the action. */
    public record Grant(RoleAssignment assignment, RoleDefinition role, boolean permits) {
    }

    public String denialMessage() {
        return "The caller " + principalId + " does not have the permission to perform action '" + action
                + "' on scope '" + scope + "'.";
    }
}
