package io.aegisml.identity.authority;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Keycloak's token and device endpoints, called with a form, answered as a status and a JSON map. */
@Component
class KeycloakTokens {

    record Answer(int status, Map<String, Object> body) {
        String text(String field) {
            Object value = body.get(field);
            return value == null ? null : String.valueOf(value);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /**
     * These paths are public: a flood of token requests (password hashing is costly) must not take every thread of
     * identity-service, which also serves the API. Beyond this many at once, 503 at once (clients retry).
     */
    private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(16);

    Answer post(String url, Map<String, String> form) {
        String body = form.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Answer get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    private Answer send(HttpRequest request) {
        if (!inFlight.tryAcquire()) {
            throw new AadError(503, "temporarily_unavailable", 90033, "Too many token requests at once; retry shortly.");
        }
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            Map<String, Object> body;
            try {
                body = response.body().isBlank() ? Map.of() : JSON.readValue(response.body(), MAP);
            } catch (RuntimeException e) {
                body = Map.of();
            }
            return new Answer(response.statusCode(), body);
        } catch (IOException e) {
            throw new AadError(503, "temporarily_unavailable", 90033, "The identity provider cannot be reached now; "
                    + "retry later.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AadError(503, "temporarily_unavailable", 90033, "Interrupted.");
        } finally {
            inFlight.release();
        }
    }
}
