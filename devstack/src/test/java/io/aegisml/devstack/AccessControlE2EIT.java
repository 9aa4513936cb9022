package io.aegisml.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisml.security.rbac.ServiceOperation;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Roles enforced through the edge, for real users of the realm: Owner (the bootstrap administrator,
 * Owner at /), Contributor, Reader, a custom role with NotActions, and a user with no role at all.
 */
@ExtendWith(StackExtension.class)
class AccessControlE2EIT {

    static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    static final String GROUP = "/subscriptions/sub-rbac/resourceGroups/rg-" + RUN;
    static final String OTHER_GROUP = "/subscriptions/sub-rbac/resourceGroups/other-" + RUN;
    static final String WS = GROUP + "/workspaces/shared";
    static final String OTHER_WS = OTHER_GROUP + "/workspaces/private";
    static final String CUSTOM_ROLE_ID = UUID.randomUUID().toString();

    static Api api;
    static Tokens tokens;
    static String owner;
    static Map<String, String> tokenOf;
    static Map<String, String> idOf;

    @BeforeAll
    static void shareAWorkspace(AegisStack stack) {
        api = new Api(stack.edgeUrl());
        tokens = new Tokens(stack);
        owner = tokens.admin();
        idOf = new java.util.HashMap<>();
        tokenOf = new java.util.HashMap<>();
        for (String user : List.of("contributor", "reader", "custom", "nobody")) {
            String username = user + "-" + RUN;
            idOf.put(user, tokens.createUser(username, "pw-" + RUN));
            tokenOf.put(user, tokens.user(username, "pw-" + RUN));
        }
        assertThat(api.put("/api" + WS, owner, "{}").status()).isEqualTo(201);
        assertThat(api.put("/api" + OTHER_WS, owner, "{}").status()).isEqualTo(201);
        Api.Response role = api.put("/api" + GROUP + "/providers/Aegis.Authorization/roleDefinitions/" + CUSTOM_ROLE_ID,
                owner, """
                        {"roleName": "Workspace editor %s", "actions": ["Aegis.ML/workspaces/*"],
                         "notActions": ["Aegis.ML/workspaces/delete", "Aegis.ML/workspaces/onlineEndpoints/*"],
                         "assignableScopes": ["%s"]}""".formatted(RUN, GROUP));
        assertThat(role.status()).as(role.body()).isEqualTo(201);
        tokenOf.put("owner", owner); // the bootstrap administrator: Owner at /
        assign(WS, "contributor", "Contributor");
        assign(WS, "reader", "Reader");
        assign(WS, "custom", CUSTOM_ROLE_ID);
        // Assignments reach every service through Kafka: wait until the last one is enforced.
        Eventually.until(Duration.ofSeconds(15), () -> api.get("/api" + WS, tokenOf.get("custom")).status(),
                status -> status == 200, "the custom role's assignment to be enforced");
    }

    static Api.Response assign(String scope, String user, String role) {
        Api.Response response = api.put("/api" + scope + "/providers/Aegis.Authorization/roleAssignments/" + user + "-" + RUN,
                owner, "{\"roleDefinitionId\":\"" + role + "\",\"principalId\":\"" + idOf.get(user) + "\"}");
        assertThat(response.status()).as(response.body()).isIn(200, 201);
        return response;
    }

    /** Seed 003's operations table, plus a custom role without delete and endpoints, and nobody. */
    static final Map<String, Set<ServiceOperation>> TABLE = Map.of(
            "owner", EnumSet.allOf(ServiceOperation.class),
            "contributor", EnumSet.complementOf(EnumSet.of(ServiceOperation.SHARE_WORKSPACE)),
            "reader", EnumSet.of(ServiceOperation.VIEW_RUNS_METRICS, ServiceOperation.VIEW_MODELS_IMAGES,
                    ServiceOperation.CALL_WEB_SERVICE),
            "custom", EnumSet.of(ServiceOperation.CREATE_WORKSPACE, ServiceOperation.CREATE_COMPUTE,
                    ServiceOperation.ATTACH_COMPUTE, ServiceOperation.ATTACH_DATASTORES,
                    ServiceOperation.RUN_EXPERIMENT, ServiceOperation.VIEW_RUNS_METRICS,
                    ServiceOperation.REGISTER_MODEL, ServiceOperation.CREATE_IMAGE,
                    ServiceOperation.VIEW_MODELS_IMAGES),
            "nobody", EnumSet.noneOf(ServiceOperation.class));

    /**
     * Every operation of the table for every role. Where Aegis ML serves the resource the real REST
     * call is made (create workspace = PUT the workspace, share = PUT a role assignment); for the
     * others (compute, experiments, images, and endpoints until they exist) checkAccess answers, as
     * the caller asking about themselves.
     */
    @ParameterizedTest
    @EnumSource(ServiceOperation.class)
    void everyOperationOfTheTableIsAllowedOrRefusedAsForItsRole(ServiceOperation operation) {
        TABLE.forEach((user, allowed) -> {
            boolean expected = allowed.contains(operation);
            String token = tokenOf.get(user);
            switch (operation) {
                case CREATE_WORKSPACE -> assertThat(api.put("/api" + WS, token, "{}").status())
                        .as(user + " " + operation).isEqualTo(expected ? 200 : 403);
                case SHARE_WORKSPACE -> assertThat(api.put("/api" + WS
                                + "/providers/Aegis.Authorization/roleAssignments/share-" + user + "-" + RUN, token,
                        // a principal of its own (a real one: unknown principals are refused), so that a granted
                        // share changes nobody else's rights
                        "{\"roleDefinitionId\":\"Reader\",\"principalId\":\""
                                + tokens.createUser("share-" + user + "-" + RUN, "pw-" + RUN) + "\"}").status())
                        .as(user + " " + operation).isEqualTo(expected ? 201 : 403);
                default -> operation.actions().forEach(action -> assertThat(checkAccess(token, action, WS))
                        .as(user + " " + operation + " " + action).isEqualTo(expected));
            }
        });
    }

    static boolean checkAccess(String token, String action, String scope) {
        Api.Response response = api.send("POST", "/api/checkAccess", token,
                "{\"action\":\"" + action + "\",\"scope\":\"" + scope + "\"}", Map.of());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("allowed").asBoolean();
    }

    /**
     * Issue 14's silent no-op: an assignment for a principal that exists nowhere (a client id given as if it were
     * an object id) was stored, typed User, and opened nothing. Now refused, as Azure refuses it; the same client id
     * resolves to its principal through the directory, as az's --assignee resolves it.
     */
    @Test
    void anAssignmentForAPrincipalThatDoesNotExistIsRefused() {
        String assignment = "/api" + WS + "/providers/Aegis.Authorization/roleAssignments/ghost-" + RUN;
        for (String ghost : List.of(UUID.randomUUID().toString(), "someone-" + RUN)) {
            Api.Response refused = api.put(assignment, owner, "{\"roleDefinitionId\":\"Reader\",\"principalId\":\""
                    + ghost + "\"}");
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.json().get("error").get("code").asString()).isEqualTo("PrincipalNotFound");
        }
        assertThat(api.get(assignment, owner).status()).isEqualTo(404);
        // A service principal's client id is not its object id; the directory tells one from the other.
        Api.Response sp = api.send("POST", "/api/servicePrincipals", owner, "{\"displayName\":\"ghost-" + RUN + "\"}",
                Map.of());
        String appId = sp.json().get("appId").asString();
        assertThat(api.put(assignment, owner, "{\"roleDefinitionId\":\"Reader\",\"principalId\":\"" + appId + "\"}")
                .json().get("error").get("code").asString()).isEqualTo("PrincipalNotFound");
        // Its object id with the wrong type: refused, not stored under a type the directory contradicts.
        Api.Response mistyped = api.put(assignment, owner, "{\"roleDefinitionId\":\"Reader\",\"principalId\":\""
                + sp.json().get("principalId").asString() + "\",\"principalType\":\"User\"}");
        assertThat(mistyped.status()).isEqualTo(400);
        assertThat(mistyped.json().get("error").get("code").asString()).isEqualTo("UnmatchedPrincipalType");
        JsonNode resolved = api.get("/api/principals?assignee=" + appId, tokenOf.get("reader")).json().get("value").get(0);
        assertThat(resolved.get("id").asString()).isEqualTo(sp.json().get("principalId").asString());
        assertThat(resolved.get("principalType").asString()).isEqualTo("ServicePrincipal");
        // A user name resolves only for who may read users: to a Reader, as to a name that does not exist.
        assertThat(api.get("/api/principals?assignee=reader-" + RUN, tokenOf.get("reader")).json().get("value")).isEmpty();
        assertThat(api.get("/api/principals?assignee=reader-" + RUN, owner).json().get("value").get(0).get("id")
                .asString()).isEqualTo(idOf.get("reader"));
        // An object id seen in an assignment does not become a user name for a tenant.
        assertThat(api.get("/api/principals?assignee=" + idOf.get("contributor"), tokenOf.get("reader")).json()
                .get("value").get(0).get("displayName").isNull()).isTrue();
    }

    @Test
    void readingAndDeletingFollowTheRolesAndNothingCrossesGroups() {
        assertThat(api.get("/api" + WS, tokenOf.get("reader")).status()).isEqualTo(200);
        assertThat(api.get("/api" + WS, tokenOf.get("nobody")).status()).isEqualTo(403);
        assertThat(api.get("/api" + OTHER_WS, tokenOf.get("contributor")).status()).isEqualTo(403);
        assertThat(api.put("/api" + OTHER_WS, tokenOf.get("contributor"), "{}").status()).isEqualTo(403);
        assertThat(api.get("/api" + GROUP.replace("rg-", "rg-x") + "/workspaces/shared", tokenOf.get("reader")).status())
                .isEqualTo(403);
        assertThat(api.delete("/api" + WS, tokenOf.get("reader")).status()).isEqualTo(403);
        assertThat(api.delete("/api" + WS, tokenOf.get("custom")).status()).isEqualTo(403);
        assertThat(api.get("/api/activityLog?scope=" + WS, tokenOf.get("reader")).status()).isEqualTo(200);
        assertThat(api.get("/api/activityLog?scope=" + OTHER_WS, tokenOf.get("reader")).status()).isEqualTo(403);
        assertThat(api.get("/api/activityLog", tokenOf.get("contributor")).status()).isEqualTo(403);
    }

    @Test
    void aRefusalNamesTheMissingActionAndScopeAndIsInTheActivityLog() {
        Api.Response refused = api.delete("/api" + WS, tokenOf.get("reader"));
        assertThat(refused.status()).isEqualTo(403);
        JsonNode error = refused.json().get("error");
        assertThat(error.get("code").asString()).isEqualTo("AuthorizationFailed");
        assertThat(error.get("message").asString()).contains("Aegis.ML/workspaces/delete").contains(WS)
                .contains(idOf.get("reader"));
        List<JsonNode> failed = Eventually.until(Duration.ofSeconds(20),
                () -> api.get("/api/activityLog?status=Failed&scope=" + WS, owner).json().get("value").valueStream().toList(),
                list -> list.stream().anyMatch(e -> e.get("caller").get("id").asString().equals(idOf.get("reader"))
                        && e.get("operationName").asString().equals("Aegis.ML/workspaces/delete")),
                "the refused delete in the activity log");
        assertThat(failed).isNotEmpty();
    }

    @Test
    void nobodyGrantsMoreThanTheyHoldNorOutsideARolesAssignableScopes() {
        // A Contributor may not share at all.
        assertThat(api.put("/api" + WS + "/providers/Aegis.Authorization/roleAssignments/x-" + RUN, tokenOf.get("contributor"),
                "{\"roleDefinitionId\":\"Reader\",\"principalId\":\"" + idOf.get("nobody") + "\"}").status()).isEqualTo(403);
        // The custom role exists for this group only.
        Api.Response outside = api.put("/api" + OTHER_WS + "/providers/Aegis.Authorization/roleAssignments/y-" + RUN, owner,
                "{\"roleDefinitionId\":\"" + CUSTOM_ROLE_ID + "\",\"principalId\":\"" + idOf.get("nobody") + "\"}");
        assertThat(outside.status()).isEqualTo(400);
        assertThat(outside.json().get("error").get("message").asString()).contains("cannot be assigned");
        // Malformed and unknown actions are refused.
        assertThat(api.put("/api" + GROUP + "/providers/Aegis.Authorization/roleDefinitions/" + UUID.randomUUID(), owner,
                "{\"roleName\":\"bad " + RUN + "\",\"actions\":[\"Aegis.ML/workspaces/ read\"],\"assignableScopes\":[\""
                        + GROUP + "\"]}").status()).isEqualTo(400);
        assertThat(api.put("/api" + GROUP + "/providers/Aegis.Authorization/roleDefinitions/" + UUID.randomUUID(), owner,
                "{\"roleName\":\"typo " + RUN + "\",\"actions\":[\"Aegis.ML/workspace/read\"],\"assignableScopes\":[\""
                        + GROUP + "\"]}").status()).isEqualTo(400);
        // A role still assigned cannot be deleted.
        assertThat(api.delete("/api" + GROUP + "/providers/Aegis.Authorization/roleDefinitions/" + CUSTOM_ROLE_ID, owner)
                .status()).isEqualTo(409);
    }

    @Test
    void aRevokedAssignmentIsEnforcedWithinSeconds() {
        String user = "revoked-" + RUN;
        String id = tokens.createUser(user, "pw-" + RUN);
        String token = tokens.user(user, "pw-" + RUN);
        String assignment = "/api" + WS + "/providers/Aegis.Authorization/roleAssignments/revoke-" + RUN;
        assertThat(api.put(assignment, owner, "{\"roleDefinitionId\":\"Reader\",\"principalId\":\"" + id + "\"}").status())
                .isEqualTo(201);
        Eventually.until(Duration.ofSeconds(15), () -> api.get("/api" + WS, token).status(), s -> s == 200, "granted");
        assertThat(api.delete(assignment, owner).status()).isEqualTo(200);
        long revoked = System.nanoTime();
        Eventually.until(Duration.ofSeconds(15), () -> api.get("/api" + WS, token).status(), s -> s == 403, "revoked");
        System.out.printf("revocation-to-denial: %d ms%n", (System.nanoTime() - revoked) / 1_000_000);
    }

    @Test
    void checkAccessExplainsItsAnswerAndAskingAboutOthersNeedsRights() {
        Api.Response answer = api.send("POST", "/api/checkAccess", owner, "{\"principal\":\"" + idOf.get("reader")
                + "\",\"action\":\"Aegis.ML/workspaces/models/write\",\"scope\":\"" + WS + "/models/m1\"}", Map.of());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("allowed").asBoolean()).isFalse();
        assertThat(answer.json().get("decidedBy").get(0).get("roleName").asString()).isEqualTo("Reader");
        assertThat(answer.json().get("decidedBy").get(0).get("permits").asBoolean()).isFalse();
        assertThat(api.send("POST", "/api/checkAccess", tokenOf.get("nobody"), "{\"principal\":\"" + idOf.get("reader")
                + "\",\"action\":\"Aegis.ML/workspaces/read\",\"scope\":\"" + WS + "\"}", Map.of()).status()).isEqualTo(403);
        assertThat(api.send("POST", "/api/checkAccess", owner, "{\"action\":\"Aegis.ML/unknown/thing\",\"scope\":\"/\"}",
                Map.of()).status()).isEqualTo(400);
    }
}
