package io.aegisml.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisml.events.Topic;
import io.aegisml.infrastructure.keycloak.AegisRealm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * A service principal as {@code az ad sp create-for-rbac} makes it: its client-credentials token
 * (one hour) can do what its role allows and nothing more; a reset secret invalidates the old one; a
 * removed assignment and a deleted principal are refused; and its secrets are nowhere in our logs,
 * Kafka records or database rows.
 */
@ExtendWith(StackExtension.class)
class ServicePrincipalE2EIT {

    @Test
    void aServicePrincipalLivesAndDiesByItsRoleAndItsSecretStaysSecret(AegisStack stack) throws Exception {
        Api api = new Api(stack.edgeUrl());
        String owner = new Tokens(stack).admin();
        String keycloak = stack.infrastructure().keycloakUrl();
        String ws = "/subscriptions/sub-sp/resourceGroups/rg-" + UUID.randomUUID().toString().substring(0, 6)
                + "/workspaces/ws";
        assertThat(api.put("/api" + ws, owner, "{}").status()).isEqualTo(201);

        assertThat(api.send("POST", "/api/servicePrincipals", owner, "{\"role\":\"Reader\"}", java.util.Map.of())
                .status()).as("a role without scopes").isEqualTo(400);
        assertThat(api.send("POST", "/api/servicePrincipals", owner, "{\"displayName\":\"" + "x".repeat(200) + "\"}",
                java.util.Map.of()).status()).isEqualTo(400);
        assertThat(api.send("POST", "/api/servicePrincipals", owner, "{\"role\":\"NoSuchRole\",\"scopes\":[\"" + ws
                + "\"]}", java.util.Map.of()).status()).isEqualTo(400);
        assertThat(api.send("POST", "/api/servicePrincipals/" + UUID.randomUUID() + "/resetSecret", owner, null,
                java.util.Map.of()).status()).isEqualTo(404);

        Api.Response created = api.send("POST", "/api/servicePrincipals", owner,
                "{\"displayName\":\"ci-bot\",\"role\":\"Reader\",\"scopes\":[\"" + ws + "\"]}", java.util.Map.of());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode sp = created.json();
        String clientId = sp.get("clientId").asString();
        String firstSecret = sp.get("clientSecret").asString();
        assertThat(sp.get("tenantId").asString()).isEqualTo(stack.tenantId());
        assertThat(api.get("/api/servicePrincipals/" + clientId, owner).body()).doesNotContain(firstSecret);

        String token = AegisRealm.clientCredentialsToken(keycloak, clientId, firstSecret);
        JsonNode claims = Api.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(claims.get("sub").asString()).isEqualTo(sp.get("principalId").asString());
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(3600);

        // What its role allows, and nothing more.
        Eventually.until(Duration.ofSeconds(15), () -> api.get("/api" + ws, token).status(), s -> s == 200, "read");
        assertThat(api.put("/api" + ws, token, "{}").status()).isEqualTo(403);
        assertThat(api.send("POST", "/api/servicePrincipals", token, "{}", java.util.Map.of()).status()).isEqualTo(403);

        // A reset secret replaces the old one at once.
        Api.Response reset = api.send("POST", "/api/servicePrincipals/" + clientId + "/resetSecret", owner, null,
                java.util.Map.of());
        assertThat(reset.status()).isEqualTo(200);
        String secondSecret = reset.json().get("clientSecret").asString();
        assertThat(secondSecret).isNotEqualTo(firstSecret);
        assertThatThrownBy(() -> AegisRealm.clientCredentialsToken(keycloak, clientId, firstSecret))
                .hasMessageContaining("401");
        String second = AegisRealm.clientCredentialsToken(keycloak, clientId, secondSecret);

        // Its assignment removed: the next request is refused.
        JsonNode assignments = api.get("/api" + ws + "/providers/Aegis.Authorization/roleAssignments", owner).json();
        String assignment = assignments.get("value").valueStream()
                .filter(a -> a.get("principalId").asString().equals(sp.get("principalId").asString()))
                .findFirst().orElseThrow().get("id").asString();
        assertThat(api.delete("/api" + assignment, owner).status()).isEqualTo(200);
        long revoked = System.nanoTime();
        Eventually.until(Duration.ofSeconds(15), () -> api.get("/api" + ws, second).status(), s -> s == 403, "revoked");
        System.out.printf("service principal revocation-to-denial: %d ms%n", (System.nanoTime() - revoked) / 1_000_000);

        // Deleted: even its still-unexpired token is refused as invalid.
        assertThat(api.delete("/api/servicePrincipals/" + clientId, owner).status()).isEqualTo(200);
        Eventually.until(Duration.ofSeconds(15), () -> api.get("/api" + ws, second).status(), s -> s == 401,
                "the deleted principal's token refused");
        assertThat(api.get("/api/servicePrincipals/" + clientId, owner).status()).isEqualTo(404);

        List<String> secrets = List.of(firstSecret, secondSecret);
        assertThat(SecretScan.logsContaining(stack, secrets)).isEmpty();
        assertThat(SecretScan.kafkaRecordsContaining(stack, secrets)).isEmpty();
        assertThat(SecretScan.databaseRowsContaining(stack, secrets)).isEmpty();
    }
}
