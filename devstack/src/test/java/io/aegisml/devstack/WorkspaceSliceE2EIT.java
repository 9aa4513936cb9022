package io.aegisml.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/** The first slice, as a user drives it through the edge: token → workspace → activity log. */
@ExtendWith(StackExtension.class)
class WorkspaceSliceE2EIT {

    static Api api;
    static Tokens tokens;
    static String adminToken;

    @BeforeAll
    static void connect(AegisStack stack) {
        api = new Api(stack.edgeUrl());
        tokens = new Tokens(stack);
        adminToken = tokens.admin();
    }

    static String newWorkspacePath() {
        return "/api/subscriptions/sub-e2e/resourceGroups/rg-slice/workspaces/ws-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static List<JsonNode> activityFor(String scope) {
        Api.Response response = api.get("/api/activityLog?scope=" + scope, adminToken);
        assertThat(response.status()).isEqualTo(200);
        return response.json().get("value").valueStream().toList();
    }

    @Test
    void aWorkspaceLifecycleIsServedAndEachChangeIsInTheActivityLogWithItsCaller() {
        String path = newWorkspacePath();
        String resourceId = path.substring("/api".length());
        String requestId = "e2e-" + UUID.randomUUID();

        Api.Response created = api.send("PUT", path, adminToken, "{\"description\":\"first\",\"tags\":{\"team\":\"ml\"}}",
                Map.of("x-request-id", requestId, "x-ms-client-request-id", "client-42"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("x-request-id")).isEqualTo(requestId);
        assertThat(created.header("x-ms-client-request-id")).isEqualTo("client-42");
        assertThat(created.json().get("id").asString()).isEqualTo(resourceId);
        assertThat(created.json().get("tags").get("team").asString()).isEqualTo("ml");

        Api.Response read = api.get(path, adminToken);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("description").asString()).isEqualTo("first");
        assertThat(read.header("x-request-id")).isNotBlank();

        List<JsonNode> entries = Eventually.until(Duration.ofSeconds(20), () -> activityFor(resourceId),
                list -> list.size() == 1, "the creation in the activity log");
        JsonNode entry = entries.get(0);
        assertThat(entry.get("operationName").asString()).isEqualTo("Aegis.ML/workspaces/write");
        assertThat(entry.get("status").asString()).isEqualTo("Succeeded");
        assertThat(entry.get("scope").asString()).isEqualTo(resourceId);
        assertThat(entry.get("correlationId").asString()).isEqualTo(requestId);
        assertThat(entry.get("caller").get("id").asString()).isEqualTo(Tokens.subjectOf(adminToken));
        assertThat(entry.get("caller").get("kind").asString()).isEqualTo("User");
        assertThat(entry.get("caller").get("name").asString()).isEqualTo("admin");

        assertThat(api.put(path, adminToken, "{\"description\":\"second\"}").status()).isEqualTo(200);
        assertThat(api.delete(path, adminToken).status()).isEqualTo(200);
        assertThat(api.get(path, adminToken).status()).isEqualTo(404);
        assertThat(api.delete(path, adminToken).status()).isEqualTo(204);

        List<JsonNode> all = Eventually.until(Duration.ofSeconds(20), () -> activityFor(resourceId),
                list -> list.size() == 3, "update and delete in the activity log");
        assertThat(all).extracting(e -> e.get("eventType").asString())
                .containsExactly("WorkspaceDeleted", "WorkspaceUpdated", "WorkspaceCreated");
        assertThat(all.get(0).get("operationName").asString()).isEqualTo("Aegis.ML/workspaces/delete");
        assertThat(all.get(0).get("previousHash").asString()).isEqualTo(all.get(1).get("hash").asString());
    }

    @Test
    void requestsWithoutAValidTokenGet401AndCreateNothing() throws InterruptedException {
        String expiring = tokens.shortLived(1);
        Thread.sleep(3_000); // past its expiry and the stack's one-second clock skew
        Map<String, String> invalid = Map.of(
                "garbage", "not-a-jwt",
                "tampered", Tokens.tampered(adminToken),
                "other realm", tokens.masterRealm(),
                "expired", expiring);
        String path = newWorkspacePath();
        for (var token : invalid.entrySet()) {
            Api.Response response = api.put(path, token.getValue(), "{}");
            assertThat(response.status()).as(token.getKey()).isEqualTo(401);
            assertThat(response.json().get("error").get("code").asString()).as(token.getKey()).isEqualTo("Unauthorized");
            assertThat(response.header("x-request-id")).as(token.getKey()).isNotBlank();
        }
        Api.Response missing = api.put(path, null, "{}");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().get("error").get("code").asString()).isEqualTo("Unauthorized");
        assertThat(api.get("/api/activityLog", null).status()).isEqualTo(401);

        assertThat(api.get(path, adminToken).status()).isEqualTo(404);
        assertThat(activityFor(path.substring("/api".length()))).isEmpty();
    }

    @Test
    void badInputGetsAJsonErrorNeverA500() {
        String path = newWorkspacePath();
        Api.Response badName = api.put("/api/subscriptions/sub-e2e/resourceGroups/rg-slice/workspaces/-starts-with-dash",
                adminToken, "{}");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.json().get("error").get("message").asString()).contains("workspace name");

        Api.Response malformed = api.put(path, adminToken, "{\"description\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("error").get("code").asString()).isEqualTo("BadRequest");

        Api.Response wrongShape = api.put(path, adminToken, "{\"tags\": [1, 2]}");
        assertThat(wrongShape.status()).isEqualTo(400);

        Api.Response tooLong = api.put(path, adminToken, "{\"description\":\"" + "x".repeat(2000) + "\"}");
        assertThat(tooLong.status()).isEqualTo(400);

        Api.Response huge = api.put(path, adminToken, "{\"description\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.json().get("error")).isNotNull();

        Api.Response badTime = api.get("/api/activityLog?from=yesterday", adminToken);
        assertThat(badTime.status()).isEqualTo(400);
        assertThat(badTime.json().get("error").get("message").asString()).contains("from");

        Api.Response badPage = api.get("/api/activityLog?top=100000", adminToken);
        assertThat(badPage.status()).isEqualTo(400);

        Api.Response badToken = api.get("/api/activityLog?skipToken=bm90LWEtdG9rZW4", adminToken);
        assertThat(badToken.status()).isEqualTo(400);

        Api.Response unknown = api.get("/nothing/here", adminToken);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error")).isNotNull();

        assertThat(api.get(path, adminToken).status()).isEqualTo(404);
    }

    @Test
    void theActivityLogPagesNewestFirst() {
        String group = "/api/subscriptions/sub-e2e/resourceGroups/rg-paging-" + UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < 3; i++) {
            assertThat(api.put(group + "/workspaces/ws" + i, adminToken, "{}").status()).isEqualTo(201);
        }
        String scope = group.substring("/api".length());
        // Each workspace comes with its default storage account: the workspace operations only.
        String workspaces = "&operation=Aegis.ML/workspaces/write";
        Eventually.until(Duration.ofSeconds(20), () -> api.get("/api/activityLog?scope=" + scope + workspaces, adminToken)
                .json().get("value").size(), size -> size == 3, "three entries");

        Api.Response first = api.get("/api/activityLog?top=2&scope=" + scope + workspaces, adminToken);
        assertThat(first.json().get("value")).hasSize(2);
        assertThat(first.json().get("value").get(0).get("scope").asString()).endsWith("/ws2");
        String next = first.json().get("nextLink").asString();
        Api.Response second = api.get(next, adminToken);
        assertThat(second.json().get("value")).hasSize(1);
        assertThat(second.json().get("value").get(0).get("scope").asString()).endsWith("/ws0");
        assertThat(second.json().has("nextLink")).isFalse();
    }
}
