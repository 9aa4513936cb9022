package io.aegisml.devstack;

import io.aegisml.infrastructure.keycloak.AegisRealm;
import io.aegisml.infrastructure.keycloak.KeycloakServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Real tokens from the stack's Keycloak: the administrator's, another realm's, and a short-lived one. */
final class Tokens {

    private final AegisStack stack;

    Tokens(AegisStack stack) {
        this.stack = stack;
    }

    String admin() {
        return AegisRealm.passwordToken(stack.infrastructure().keycloakUrl(), AegisRealm.ADMIN_USER,
                stack.infrastructure().adminPassword());
    }

    /** A genuine Keycloak token, but from the master realm: wrong issuer, no aegis-api audience. */
    String masterRealm() {
        return AegisRealm.token(stack.infrastructure().keycloakUrl() + "/realms/master",
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", KeycloakServer.BOOTSTRAP_ADMIN,
                        "password", bootstrapAdminPassword()));
    }

    /** A new user of the realm with this password; returns its id (the tokens' sub). */
    String createUser(String username, String password) {
        Map<String, Object> user = Map.of("username", username, "enabled", true, "email", username + "@test.local",
                "emailVerified", true, "firstName", username, "lastName", "Test",
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(
                        stack.infrastructure().keycloakUrl() + "/admin/realms/aegis/users"))
                .header("Authorization", "Bearer " + masterRealm()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Api.JSON.writeValueAsString(user))).build());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("could not create user: " + created.statusCode() + " " + created.body());
        }
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    String user(String username, String password) {
        return AegisRealm.passwordToken(stack.infrastructure().keycloakUrl(), username, password);
    }

    /** A client-credentials token of a new client whose tokens live {@code seconds}. */
    String shortLived(int seconds) {
        String clientId = "e2e-short-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = UUID.randomUUID().toString();
        Map<String, Object> client = Map.of("clientId", clientId, "publicClient", false, "secret", secret,
                "serviceAccountsEnabled", true, "standardFlowEnabled", false,
                "attributes", Map.of("access.token.lifespan", String.valueOf(seconds)),
                "protocolMappers", List.of(Map.of("name", "aud", "protocol", "openid-connect",
                        "protocolMapper", "oidc-audience-mapper",
                        "config", Map.of("included.custom.audience", AegisRealm.AUDIENCE, "access.token.claim", "true"))));
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(
                        stack.infrastructure().keycloakUrl() + "/admin/realms/aegis/clients"))
                .header("Authorization", "Bearer " + masterRealm()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Api.JSON.writeValueAsString(client))).build());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("could not create client: " + created.statusCode() + " " + created.body());
        }
        return AegisRealm.clientCredentialsToken(stack.infrastructure().keycloakUrl(), clientId, secret);
    }

    /** The same token with its payload changed (sub replaced): the signature no longer matches. */
    static String tampered(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = payload.replaceFirst("\"sub\":\"[^\"]*\"", "\"sub\":\"someone-else\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(forged.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    static String subjectOf(String token) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return Api.JSON.readTree(payload).get("sub").asString();
    }

    private String bootstrapAdminPassword() {
        return stack.infrastructure().keycloakAdminPassword();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
