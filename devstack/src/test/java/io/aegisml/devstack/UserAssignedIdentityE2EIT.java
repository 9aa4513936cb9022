package io.aegisml.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Managed identities. User-assigned: created with its own ids, given nothing until assigned, its grants
 * removed with it. System-assigned: bound to an endpoint, never changed, deleted with its grants.
 */
@ExtendWith(StackExtension.class)
class UserAssignedIdentityE2EIT {

    @Test
    void aUserAssignedIdentityHasStableIdsAndTakesItsAssignmentsWithIt(AegisStack stack) {
        Api api = new Api(stack.edgeUrl());
        Tokens tokens = new Tokens(stack);
        String owner = tokens.admin();
        String run = UUID.randomUUID().toString().substring(0, 6);
        String group = "/subscriptions/sub-uai/resourceGroups/rg-" + run;
        String path = "/api" + group + "/userAssignedIdentities/reader-identity";

        Api.Response created = api.put(path, owner, "{\"tags\":{\"purpose\":\"e2e\"}}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode identity = created.json();
        String principalId = identity.get("principalId").asString();
        UUID.fromString(identity.get("clientId").asString());
        UUID.fromString(principalId);
        assertThat(identity.get("tenantId").asString()).isEqualTo(stack.tenantId());

        Api.Response again = api.put(path, owner, "{\"tags\":{\"purpose\":\"still e2e\"}}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("principalId").asString()).isEqualTo(principalId);
        assertThat(api.get("/api" + group + "/userAssignedIdentities", owner).json().get("value")).hasSize(1);

        // Nothing is granted to it automatically.
        Api.Response check = api.send("POST", "/api/checkAccess", owner, "{\"principal\":\"" + principalId
                + "\",\"action\":\"Aegis.Storage/storageAccounts/containers/blobs/read\",\"scope\":\"" + group + "\"}", Map.of());
        assertThat(check.json().get("allowed").asBoolean()).isFalse();
        assertThat(check.json().get("decidedBy")).isEmpty();

        String assignment = "/api" + group + "/providers/Aegis.Authorization/roleAssignments/uai-" + run;
        assertThat(api.put(assignment, owner, "{\"roleDefinitionId\":\"Storage Blob Data Reader\",\"principalId\":\""
                + principalId + "\",\"principalType\":\"ManagedIdentity\"}").status()).isEqualTo(201);
        Eventually.until(Duration.ofSeconds(15), () -> api.send("POST", "/api/checkAccess", owner, "{\"principal\":\""
                        + principalId + "\",\"action\":\"Aegis.Storage/storageAccounts/containers/blobs/read\",\"scope\":\""
                        + group + "/storageAccounts/a/containers/c\"}", Map.of()).json().get("allowed").asBoolean(),
                allowed -> allowed, "the identity to read blobs below the group");

        // A user without rights on the group can neither create nor read identities there.
        String user = "uai-nobody-" + run;
        tokens.createUser(user, "pw-" + run);
        String nobody = tokens.user(user, "pw-" + run);
        assertThat(api.put("/api" + group + "/userAssignedIdentities/other", nobody, "{}").status()).isEqualTo(403);
        assertThat(api.get(path, nobody).status()).isEqualTo(403);

        assertThat(api.delete(path, owner).status()).isEqualTo(200);
        assertThat(api.get(path, owner).status()).isEqualTo(404);
        assertThat(api.get(assignment, owner).status()).isEqualTo(404);
        assertThat(api.delete(path, owner).status()).isEqualTo(204);
        assertThat(api.put("/api" + group + "/userAssignedIdentities/bad..name%20x", owner, "{}").status()).isEqualTo(400);
    }

    @Test
    void aSystemAssignedIdentityIsBoundToItsEndpointAndNeverChanges(AegisStack stack) {
        Api api = new Api(stack.edgeUrl());
        Tokens tokens = new Tokens(stack);
        String owner = tokens.admin();
        String run = UUID.randomUUID().toString().substring(0, 6);
        String ws = "/subscriptions/sub-sai/resourceGroups/rg-" + run + "/workspaces/ws";
        String endpoint = ws + "/onlineEndpoints/my-endpoint";
        String path = "/api" + endpoint + "/providers/Aegis.ManagedIdentity/identities/default";

        Api.Response created = api.put(path, owner, null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String principalId = created.json().get("principalId").asString();
        assertThat(created.json().get("boundTo").asString()).isEqualTo(endpoint);
        Api.Response again = api.put(path, owner, null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("principalId").asString()).isEqualTo(principalId);

        String assignment = "/api" + ws + "/providers/Aegis.Authorization/roleAssignments/sai-" + run;
        assertThat(api.put(assignment, owner, "{\"roleDefinitionId\":\"Storage Blob Data Reader\",\"principalId\":\""
                + principalId + "\",\"principalType\":\"ManagedIdentity\"}").status()).isEqualTo(201);

        String user = "sai-reader-" + run;
        String userId = tokens.createUser(user, "pw-" + run);
        assertThat(api.put("/api" + ws + "/providers/Aegis.Authorization/roleAssignments/r-" + run, owner,
                "{\"roleDefinitionId\":\"Reader\",\"principalId\":\"" + userId + "\"}").status()).isEqualTo(201);
        String reader = tokens.user(user, "pw-" + run);
        Eventually.until(Duration.ofSeconds(15), () -> api.get(path, reader).status(), s -> s == 200, "reader sees it");
        assertThat(api.delete(path, reader).status()).isEqualTo(403);

        assertThat(api.delete(path, owner).status()).isEqualTo(200);
        assertThat(api.get(path, owner).status()).isEqualTo(404);
        assertThat(api.get(assignment, owner).status()).isEqualTo(404);
        assertThat(api.delete(path, owner).status()).isEqualTo(204);
    }
}
