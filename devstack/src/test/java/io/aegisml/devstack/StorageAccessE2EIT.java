package io.aegisml.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Storage through the API as Azure's roles allow it: accounts and containers are management operations
 * (Contributor may), blobs are data operations (a Contributor may not, Storage Blob Data Contributor
 * may, a Reader sees accounts but not blobs); every change is in the activity log.
 */
@ExtendWith(StackExtension.class)
class StorageAccessE2EIT {

    private static final Map<String, String> BYTES = Map.of("Content-Type", "application/octet-stream");

    @Test
    void managementAndDataActionsAreSeparateAndEveryChangeIsLogged(AegisStack stack) {
        Api api = new Api(stack.edgeUrl());
        Tokens tokens = new Tokens(stack);
        String owner = tokens.admin();
        String run = UUID.randomUUID().toString().substring(0, 6);
        String group = "/subscriptions/sub-st/resourceGroups/rg-" + run;
        String contributorId = tokens.createUser("st-contributor-" + run, "pw-" + run);
        String readerId = tokens.createUser("st-reader-" + run, "pw-" + run);
        assign(api, owner, group, contributorId, "Contributor");
        assign(api, owner, group, readerId, "Reader");
        String contributor = tokens.user("st-contributor-" + run, "pw-" + run);
        String reader = tokens.user("st-reader-" + run, "pw-" + run);

        String account = group + "/storageAccounts/st" + run.replace("-", "");
        String container = account + "/containers/data";
        String blob = container + "/blobs/hello.txt";
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        Eventually.until(Duration.ofSeconds(10), () -> api.send("PUT", "/api" + account, contributor, "{}", Map.of())
                .status(), s -> s == 201, "the contributor creating an account");
        assertThat(api.send("PUT", "/api" + container, contributor, null, Map.of()).status()).isEqualTo(201);
        assertThat(api.send("PUT", "/api" + container, contributor, null, Map.of()).status()).isEqualTo(200);
        // Data actions: not a Contributor's.
        Api.Response refused = api.sendBytes("PUT", "/api" + blob, contributor, hello, BYTES);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("error").get("message").asString())
                .contains("Aegis.Storage/storageAccounts/containers/blobs/write");
        // A Reader sees the account and its containers, not the blobs, and changes nothing.
        // (the Reader's assignment reaches every service's view within a second or so)
        Eventually.until(Duration.ofSeconds(10), () -> api.get("/api" + account, reader).status(), s -> s == 200,
                "the Reader seeing the account");
        assertThat(api.get("/api" + account + "/containers", reader).json().get("value")).hasSize(1);
        assertThat(api.get("/api" + container + "/blobs", reader).status()).isEqualTo(403);
        assertThat(api.send("DELETE", "/api" + container, reader, null, Map.of()).status()).isEqualTo(403);
        assertThat(api.send("PUT", "/api" + group + "/storageAccounts/other" + run.replace("-", ""), reader, "{}",
                Map.of()).status()).isEqualTo(403);
        // Outside the group the Reader sees nothing.
        assertThat(api.get("/api/subscriptions/sub-st/resourceGroups/elsewhere/storageAccounts", reader).status())
                .isEqualTo(403);
        assertThat(api.get("/api" + account, null).status()).isEqualTo(401);

        // With Storage Blob Data Contributor on the container, the contributor writes and reads blobs.
        assign(api, owner, container, contributorId, "Storage Blob Data Contributor");
        Eventually.until(Duration.ofSeconds(10), () -> api.sendBytes("PUT", "/api" + blob, contributor, hello, BYTES)
                .status(), s -> s == 201, "the blob written");
        assertThat(api.get("/api" + blob, contributor).body()).isEqualTo("hello");
        assertThat(api.get("/api" + container + "/blobs", contributor).json().get("value").get(0).get("name").asString())
                .isEqualTo("hello.txt");
        assertThat(api.sendBytes("PUT", "/api" + container + "/blobs/bad%20name", contributor, hello, BYTES).status())
                .isEqualTo(400);

        // Deleting the account takes its containers and blobs.
        assertThat(api.send("DELETE", "/api" + account, contributor, null, Map.of()).status()).isEqualTo(200);
        assertThat(api.get("/api" + container, owner).status()).isEqualTo(404);
        assertThat(api.send("DELETE", "/api" + account, contributor, null, Map.of()).status()).isEqualTo(204);

        // The activity log: who created and deleted what, and the refused attempts.
        String log = Eventually.until(Duration.ofSeconds(20), () -> api.get("/api/activityLog?scope="
                        + group + "&top=100", owner).body(),
                body -> body.contains("Aegis.Storage/storageAccounts/delete")
                        && body.contains("Aegis.Storage/storageAccounts/containers/delete"),
                "the storage operations in the activity log");
        assertThat(log).contains("Aegis.Storage/storageAccounts/write", "Aegis.Storage/storageAccounts/containers/write",
                "Aegis.Storage/storageAccounts/containers/blobs/write", contributorId);
    }

    private static void assign(Api api, String owner, String scope, String principal, String role) {
        Api.Response assigned = api.put("/api" + scope + "/providers/Aegis.Authorization/roleAssignments/"
                + UUID.randomUUID(), owner, "{\"roleDefinitionId\": \"" + role + "\", \"principalId\": \"" + principal
                + "\"}");
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(201);
    }
}
