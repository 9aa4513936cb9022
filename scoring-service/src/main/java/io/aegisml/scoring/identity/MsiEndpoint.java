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
 * {@code GET {MSI_ENDPOINT}?resource=...[&clientid=...]} with header {@code secret: {MSI_SECRET}} (App
 * Service's 2017-09-01 protocol, as Azure ML gives it), or {@code GET {IDENTITY_ENDPOINT}?api-version=2019-08-01
 * &resource=...[&client_id=...]} with header {@code X-IDENTITY-HEADER: {IDENTITY_HEADER}}: the token of the
 * calling deployment's managed identity, as Azure answers it ({@code access_token, expires_on} in epoch
 * seconds as a string, {@code resource, token_type, client_id}). Served on scoring-service's
 * loopback address and not routed by the edge: only the runtime on this host reaches it.
 */
@RestController
class MsiEndpoint {

    static final String PATH = "/msi/token";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final java.util.Set<String> SUPPORTED_VERSIONS = java.util.Set.of("2017-09-01", "2019-08-01");

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
                 @RequestParam(name = "clientid", required = false) String clientid,
                 @RequestParam(name = "client_id", required = false) String clientIdParameter,
                 @RequestParam(name = "api-version", required = false) String apiVersion,
                 @RequestParam(name = "principal_id", required = false) String principalId,
                 @RequestParam(name = "object_id", required = false) String objectId,
                 @RequestParam(name = "mi_res_id", required = false) String resourceId,
                 @RequestParam(name = "msi_res_id", required = false) String msiResourceId,
                 @RequestHeader(name = "secret", required = false) String secret,
                 @RequestHeader(name = "X-IDENTITY-HEADER", required = false) String identityHeader)
            throws InterruptedException {
        // Both of Azure's App Service protocols: 2017-09-01 (MSI_SECRET in 'secret', clientid) and 2019-08-01
        // (IDENTITY_HEADER in X-IDENTITY-HEADER, client_id). Either header is the deployment's secret, which is what
        // keeps a request forged through the user's code (SSRF) out: no Metadata header is needed on top.
        if (apiVersion != null && !SUPPORTED_VERSIONS.contains(apiVersion)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "api-version " + apiVersion + " is not supported: "
                    + "use 2017-09-01 (MSI_ENDPOINT, header secret) or 2019-08-01 (IDENTITY_ENDPOINT, header "
                    + "X-IDENTITY-HEADER).");
        }
        if (principalId != null || objectId != null || resourceId != null || msiResourceId != null) {
            // Never the default identity for a request that named another one.
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Name a user-assigned identity by its client id "
                    + "(client_id or clientid); principal_id, object_id and mi_res_id are not supported here.");
        }
        String given = secret != null && !secret.isBlank() ? secret : identityHeader;
        if (given == null || given.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Required header 'secret' (MSI_SECRET) or "
                    + "'X-IDENTITY-HEADER' (IDENTITY_HEADER) not specified.");
        }
        if (clientid != null && clientIdParameter != null && !clientid.equals(clientIdParameter)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "clientid and client_id name different identities.");
        }
        String clientId = clientid != null ? clientid : clientIdParameter;
        MsiSecrets.Holder holder = secrets.holderOf(given).orElseThrow(() ->
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
