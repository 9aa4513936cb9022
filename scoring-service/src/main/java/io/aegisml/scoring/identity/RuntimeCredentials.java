package io.aegisml.scoring.identity;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * scoring-service's own access token (Keycloak client credentials), with which it asks identity-service
 * for its deployments' managed-identity tokens. Kept until shortly before it expires.
 */
@Component
class RuntimeCredentials {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private String token;
    private Instant renewAt = Instant.EPOCH;

    RuntimeCredentials(@Value("${aegis.runtime.token-url}") String tokenUrl,
                       @Value("${aegis.runtime.client-id}") String clientId,
                       @Value("${aegis.runtime.client-secret}") String clientSecret) {
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    synchronized String accessToken() throws IOException, InterruptedException {
        if (token == null || Instant.now().isAfter(renewAt)) {
            if (clientSecret == null || clientSecret.isBlank()) {
                throw new IllegalStateException("scoring-service has no client secret (AEGIS_RUNTIME_CLIENT_SECRET): "
                        + "managed identities are unavailable");
            }
            String form = form(Map.of("grant_type", "client_credentials", "client_id", clientId,
                    "client_secret", clientSecret));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(tokenUrl))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused scoring-service's client credentials (HTTP "
                        + response.statusCode() + ")");
            }
            JsonNode body = JSON.readTree(response.body());
            token = body.get("access_token").asString();
            renewAt = Instant.now().plusSeconds(Math.max(5, body.path("expires_in").asLong(60) - 30));
        }
        return token;
    }

    static String form(Map<String, String> fields) {
        StringBuilder form = new StringBuilder();
        fields.forEach((k, v) -> form.append(form.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return form.toString();
    }
}
