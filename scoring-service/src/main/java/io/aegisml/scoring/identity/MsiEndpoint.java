package io.aegisml.scoring.identity;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET {MSI_ENDPOINT}?resource=...[&clientid=...]} with headers {@code secret: {MSI_SECRET}} and
 * {@code Metadata: true}: the token of the calling deployment's managed identity, as Azure's MSI
 * endpoint answers it ({@code access_token, expires_on, resource, token_type}). Served on scoring-service's
 * loopback address and not routed by the edge: only the runtime on this host reaches it.
 */
@RestController
class MsiEndpoint {

    static final String PATH = "/msi/token";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MsiSecrets secrets;
    private final RuntimeCredentials credentials;
    private final String identityUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    MsiEndpoint(MsiSecrets secrets, RuntimeCredentials credentials,
                @Value("${aegis.runtime.identity-url}") String identityUrl) {
        this.secrets = secrets;
        this.credentials = credentials;
        this.identityUrl = identityUrl;
    }

    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    String token(@RequestParam(required = false) String resource,
                 @RequestParam(name = "clientid", required = false) String clientId,
                 @RequestHeader(name = "secret", required = false) String secret,
                 @RequestHeader(name = "Metadata", required = false) String metadata)
            throws InterruptedException {
        if (!"true".equalsIgnoreCase(metadata)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Required metadata header not specified "
                    + "(Metadata: true).");
        }
        if (secret == null || secret.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Required header 'secret' not specified "
                    + "(the deployment's MSI_SECRET).");
        }
        MsiSecrets.Holder holder = secrets.holderOf(secret).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.UNAUTHORIZED, "The secret is not this host's MSI_SECRET."));
        if (resource == null || resource.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Required query parameter 'resource' not "
                    + "specified.");
        }
        Map<String, Object> ask = new LinkedHashMap<>();
        ask.put("endpoint", holder.endpointId());
        ask.put("resource", resource);
        ask.put("clientId", clientId);
        HttpResponse<String> answer;
        try {
            answer = http.send(HttpRequest.newBuilder(URI.create(identityUrl
                            + "/internal/managedIdentities/token")).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + credentials.accessToken())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(ask))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | IllegalStateException e) {
            // identity-service or Keycloak unreachable, or scoring-service without its credentials: try again later.
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "The identity's token cannot be obtained "
                    + "now: " + e.getMessage());
        }
        if (answer.statusCode() == 200) {
            return answer.body();
        }
        if (answer.statusCode() >= 400 && answer.statusCode() < 500 && answer.statusCode() != 401
                && answer.statusCode() != 403) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, messageOf(answer.body()));
        }
        throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "identity-service did not issue the token "
                + "(HTTP " + answer.statusCode() + ").");
    }

    private static String messageOf(String body) {
        try {
            JsonNode error = JSON.readTree(body);
            return error.path("error").path("message").asString(body);
        } catch (RuntimeException e) {
            return body;
        }
    }
}
