package io.aegisml.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An administrator creates a user, shares a workspace with it, disables it (tokens refused at once), enables it. */
@ExtendWith(StackExtension.class)
class UserAdministrationE2EIT {

    @Test
    void anAdministratorManagesAUserAndDisablingRefusesItsTokensAtOnce(AegisStack stack) {
        Api api = new Api(stack.edgeUrl());
        Tokens tokens = new Tokens(stack);
        String owner = tokens.admin();
        String run = UUID.randomUUID().toString().substring(0, 6);
        String username = "dana-" + run;
        String password = "a-long-password-" + run;
        String ws = "/api/subscriptions/sub-users/resourceGroups/rg-" + run + "/workspaces/ws";
        assertThat(api.put(ws, owner, "{}").status()).isEqualTo(201);

        Api.Response created = api.send("POST", "/api/users", owner, "{\"username\":\"" + username + "\",\"password\":\""
                + password + "\",\"temporaryPassword\":false,\"email\":\"" + username + "@example.test\"}", Map.of());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(password);
        String id = created.json().get("id").asString();
        assertThat(api.get("/api/users/" + id, owner).json().get("enabled").asBoolean()).isTrue();
        assertThat(api.send("POST", "/api/users", owner, "{\"username\":\"" + username + "\",\"password\":\"" + password
                + "\"}", Map.of()).status()).isEqualTo(409);
        assertThat(api.send("POST", "/api/users", owner, "{\"username\":\"Bad Name\",\"password\":\"" + password
                + "\"}", Map.of()).status()).isEqualTo(400);

        assertThat(api.send("POST", "/api/users", owner, "{\"username\":\"short-" + run + "\",\"password\":\"short\"}",
                Map.of()).status()).isEqualTo(400);
        assertThat(api.get("/api/users?top=0", owner).status()).isEqualTo(400);
        assertThat(api.send("PATCH", "/api/users/" + id, owner, "{}", Map.of()).status()).isEqualTo(400);
        String adminId = Tokens.subjectOf(owner);
        assertThat(api.send("PATCH", "/api/users/" + adminId, owner, "{\"enabled\":false}", Map.of()).status())
                .as("nobody disables themselves").isEqualTo(400);

        String token = tokens.user(username, password);
        assertThat(api.get(ws, token).status()).isEqualTo(403);
        assertThat(api.send("POST", "/api/users", token, "{\"username\":\"x" + run + "\",\"password\":\"" + password
                + "\"}", Map.of()).status()).isEqualTo(403);
        assertThat(api.put(ws + "/providers/Aegis.Authorization/roleAssignments/dana-" + run, owner,
                "{\"roleDefinitionId\":\"Reader\",\"principalId\":\"" + id + "\"}").status()).isEqualTo(201);
        Eventually.until(Duration.ofSeconds(15), () -> api.get(ws, token).status(), s -> s == 200, "shared");

        assertThat(api.send("PATCH", "/api/users/" + id, owner, "{\"enabled\":false}", Map.of()).status()).isEqualTo(200);
        Eventually.until(Duration.ofSeconds(15), () -> api.get(ws, token).status(), s -> s == 401,
                "the disabled user's still-valid token refused");
        assertThatThrownBy(() -> tokens.user(username, password)).hasMessageContaining("400");

        assertThat(api.send("PATCH", "/api/users/" + id, owner, "{\"enabled\":true}", Map.of()).status()).isEqualTo(200);
        String again = tokens.user(username, password);
        Eventually.until(Duration.ofSeconds(15), () -> api.get(ws, again).status(), s -> s == 200, "enabled again");
        assertThat(api.send("PATCH", "/api/users/" + UUID.randomUUID(), owner, "{\"enabled\":false}", Map.of()).status())
                .isEqualTo(404);
    }
}
