package io.aegisml.security.rbac;

import static io.aegisml.security.rbac.ServiceOperation.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    static final String WS = "/subscriptions/s1/resourceGroups/rg1/workspaces/ws1";

    /** Seed 003's table: who may do what. */
    static final Map<String, Set<ServiceOperation>> TABLE = Map.of(
            "Owner", EnumSet.allOf(ServiceOperation.class),
            "Contributor", EnumSet.complementOf(EnumSet.of(SHARE_WORKSPACE)),
            "Reader", EnumSet.of(VIEW_RUNS_METRICS, VIEW_MODELS_IMAGES, CALL_WEB_SERVICE));

    static boolean allowed(AccessPolicy policy, String principal, ServiceOperation operation, String scope) {
        return operation.actions().stream().allMatch(a -> policy.decide(principal, a, scope).allowed());
    }

    static AccessPolicy holding(String role, String scope, RoleDefinition... custom) {
        Map<String, RoleDefinition> roles = new java.util.HashMap<>();
        for (RoleDefinition r : custom) {
            roles.put(r.id(), r);
        }
        String roleId = BuiltInRoles.find(role).map(RoleDefinition::id).orElse(role);
        return new AccessPolicy(List.of(new RoleAssignment(RoleAssignment.idOf(scope, "a1"), "a1", scope, "alice",
                "User", roleId)), roles);
    }

    @ParameterizedTest
    @EnumSource(ServiceOperation.class)
    void builtInRolesFollowTheOperationsTable(ServiceOperation operation) {
        TABLE.forEach((role, allowedOperations) -> assertThat(allowed(holding(role, WS), "alice", operation, WS))
                .as(role + " / " + operation.title()).isEqualTo(allowedOperations.contains(operation)));
    }

    @Test
    void assignmentsInheritDownwardsOnlyAndOnlyForTheirPrincipal() {
        AccessPolicy policy = holding("Contributor", "/subscriptions/s1/resourceGroups/rg1");
        assertThat(policy.decide("alice", Actions.MODELS_WRITE, WS + "/models/m1").allowed()).isTrue();
        assertThat(policy.decide("alice", Actions.MODELS_WRITE, "/subscriptions/s1/resourceGroups/rg2/workspaces/ws1").allowed()).isFalse();
        assertThat(policy.decide("alice", Actions.MODELS_WRITE, "/subscriptions/s1/resourceGroups/rg10").allowed()).isFalse();
        assertThat(policy.decide("alice", Actions.MODELS_WRITE, "/subscriptions/s1").allowed()).isFalse();
        assertThat(policy.decide("bob", Actions.MODELS_WRITE, WS).allowed()).isFalse();
        assertThat(new AccessPolicy(List.of(), Map.of()).decide("alice", Actions.WORKSPACES_READ, WS).allowed()).isFalse();
    }

    @Test
    void dataActionsNeedDataRoles() {
        String container = "/subscriptions/s1/resourceGroups/rg1/storageAccounts/acct/containers/c1";
        assertThat(holding("Contributor", "/").decide("alice", Actions.BLOBS_READ, container).allowed()).isFalse();
        assertThat(holding("Reader", "/").decide("alice", Actions.BLOBS_READ, container).allowed()).isFalse();
        assertThat(holding("Storage Blob Data Reader", "/subscriptions/s1/resourceGroups/rg1/storageAccounts/acct")
                .decide("alice", Actions.BLOBS_READ, container).allowed()).isTrue();
        assertThat(holding("Storage Blob Data Reader", container).decide("alice", Actions.BLOBS_WRITE, container).allowed())
                .isFalse();
    }

    @Test
    void customRolesHonourNotActionsWithWildcards() {
        RoleDefinition deployer = new RoleDefinition("c0ffee00-0000-0000-0000-000000000001", "Deployer", null,
                List.of("Aegis.ML/workspaces/*"), List.of("Aegis.ML/workspaces/*/delete", "*/listKeys/action"),
                List.of(), List.of(), List.of(WS), false);
        AccessPolicy policy = holding(deployer.id(), WS, deployer);
        assertThat(policy.decide("alice", Actions.ENDPOINTS_WRITE, WS + "/onlineEndpoints/e").allowed()).isTrue();
        assertThat(policy.decide("alice", Actions.ENDPOINTS_DELETE, WS + "/onlineEndpoints/e").allowed()).isFalse();
        assertThat(policy.decide("alice", Actions.ENDPOINTS_LIST_KEYS, WS + "/onlineEndpoints/e").allowed()).isFalse();
        assertThat(policy.decide("alice", Actions.ROLE_ASSIGNMENTS_WRITE, WS).allowed()).isFalse();
        assertThat(deployer.assignableAt(WS + "/onlineEndpoints/e")).isTrue();
        assertThat(deployer.assignableAt("/subscriptions/s1/resourceGroups/rg1")).isFalse();
    }

    @Test
    void decisionsSayWhatDecided() {
        AccessDecision decision = holding("Reader", WS).decide("alice", Actions.MODELS_WRITE, WS + "/models/m");
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.grants()).singleElement().satisfies(g -> {
            assertThat(g.role().roleName()).isEqualTo("Reader");
            assertThat(g.permits()).isFalse();
        });
        assertThat(decision.denialMessage()).contains(Actions.MODELS_WRITE).contains(WS + "/models/m");
    }

    @Test
    void malformedActionsAndScopesAreRefused() {
        assertThatThrownBy(() -> ActionPattern.of("Aegis.ML/workspaces/ read")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ActionPattern.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ActionPattern.of("Aegis.ML//read")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ActionPattern.of("*/read").matchesAnyKnownAction()).isTrue();
        assertThat(ActionPattern.of("Aegis.ML/workspaces/colour/read").matchesAnyKnownAction()).isFalse();
        assertThat(Scopes.isValid("/subscriptions/s1/resourceGroups/rg1")).isTrue();
        assertThat(Scopes.isValid("/")).isTrue();
        assertThat(Scopes.isValid("/subscriptions/s1/../x")).isFalse();
        assertThat(Scopes.isValid("subscriptions/s1")).isFalse();
    }
}
