package io.aegisml.infrastructure.keycloak;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The realm {@code aegis}: the public client {@code aegis-cli} (password and device flow) whose tokens
 * carry the audience {@code aegis-api}, and the bootstrap administrator {@code admin}. Created through
 * Keycloak's admin REST API on first start, so its password never sits in an import file.
 */
public final class AegisRealm {

    public static final String REALM = "aegis";
    public static final String CLI_CLIENT = "aegis-cli";
    public static final String AUDIENCE = "aegis-api";
    public static final String ADMIN_USER = "admin";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AegisRealm() {
    }

    public static String issuer(String keycloakUrl) {
        return keycloakUrl + "/realms/" + REALM;
    }

    /** Creates the realm unless it exists. Returns true if it was created now. */
    public static boolean ensure(String keycloakUrl, String bootstrapAdminPassword, String adminPassword) {
        if (send(HttpRequest.newBuilder(URI.create(issuer(keycloakUrl))).GET()).statusCode() == 200) {
            return false;
        }
        String masterToken = token(keycloakUrl + "/realms/master", Map.of("grant_type", "password",
                "client_id", "admin-cli", "username", KeycloakServer.BOOTSTRAP_ADMIN,
                "password", bootstrapAdminPassword));
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(keycloakUrl + "/admin/realms"))
                .header("Authorization", "Bearer " + masterToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(realm(adminPassword)))));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("could not create realm " + REALM + ": HTTP " + created.statusCode()
                    + " " + created.body());
        }
        return true;
    }

    /** The Keycloak id (the tokens' {@code sub}) of a user of the realm, through the admin REST API. */
    public static String userId(String keycloakUrl, String bootstrapAdminPassword, String username) {
        String masterToken = token(keycloakUrl + "/realms/master", Map.of("grant_type", "password",
                "client_id", "admin-cli", "username", KeycloakServer.BOOTSTRAP_ADMIN,
                "password", bootstrapAdminPassword));
        HttpResponse<String> found = send(HttpRequest.newBuilder(URI.create(keycloakUrl + "/admin/realms/" + REALM
                        + "/users?exact=true&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + masterToken).GET());
        JsonNode users = JSON.readTree(found.body());
        if (found.statusCode() != 200 || !users.isArray() || users.isEmpty()) {
            throw new IllegalStateException("no user '" + username + "' in realm " + REALM + ": HTTP "
                    + found.statusCode());
        }
        return users.get(0).get("id").asString();
    }

    /** A user's access token by password grant through the CLI's public client. */
    public static String passwordToken(String keycloakUrl, String username, String password) {
        return token(issuer(keycloakUrl), Map.of("grant_type", "password", "client_id", CLI_CLIENT,
                "username", username, "password", password));
    }

    /** A service principal's access token by client credentials. */
    public static String clientCredentialsToken(String keycloakUrl, String clientId, String clientSecret) {
        return token(issuer(keycloakUrl), Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", clientSecret));
    }

    private static Map<String, Object> realm(String adminPassword) {
        Map<String, Object> audienceMapper = Map.of(
                "name", "aegis-api-audience",
                "protocol", "openid-connect",
                "protocolMapper", "oidc-audience-mapper",
                "config", Map.of("included.custom.audience", AUDIENCE, "access.token.claim", "true",
                        "id.token.claim", "false"));
        Map<String, Object> cli = Map.of(
                "clientId", CLI_CLIENT,
                "name", "Aegis ML command line",
                "publicClient", true,
                "standardFlowEnabled", false,
                "directAccessGrantsEnabled", true,
                "attributes", Map.of("oauth2.device.authorization.grant.enabled", "true"),
                "protocolMappers", List.of(audienceMapper));
        Map<String, Object> admin = Map.of(
                "username", ADMIN_USER,
                "enabled", true,
                "email", "admin@aegis.local",
                "emailVerified", true,
                "firstName", "Aegis",
                "lastName", "Administrator",
                "credentials", List.of(Map.of("type", "password", "value", adminPassword, "temporary", false)));
        return Map.of(
                "realm", REALM,
                "enabled", true,
                "accessTokenLifespan", 3600,
                "bruteForceProtected", true,
                "clients", List.of(cli),
                "users", List.of(admin));
    }

    /** An access token from any realm's token endpoint ({@code realmUrl} = .../realms/{name}). */
    public static String token(String realmUrl, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        URI.create(realmUrl + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token request to " + realmUrl + " failed: HTTP "
                    + response.statusCode() + " " + response.body());
        }
        JsonNode json = JSON.readTree(response.body());
        return json.get("access_token").asString();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
