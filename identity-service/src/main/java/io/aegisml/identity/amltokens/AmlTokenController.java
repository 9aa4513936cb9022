package io.aegisml.identity.amltokens;

import io.aegisml.identity.endpoints.EndpointEvents;
import io.aegisml.security.token.Callers;
import io.aegisml.security.web.ResourceNames;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST .../onlineEndpoints/{endpoint}/token}, Azure's {@code get-credentials} for aml_token
 * endpoints: a token signed by identity-service whose audience is the endpoint (so it opens that
 * endpoint and nothing else), valid one hour, to be refreshed after half of it. Beyond Azure, a caller
 * may ask for a shorter life ({@code {"expiresInSeconds": 300}}, 1 to 3600): a token handed to a
 * short job need not outlive it. The caller needs token/action on the endpoint (checked before this runs).
 */
@RestController
class AmlTokenController {

    static final String JWKS_PATH = "/api/amlTokens/keys";
    static final String KIND_CLAIM = "principal_kind";
    private static final Duration VALIDITY = Duration.ofHours(1);

    private final EndpointEvents endpoints;
    private final AmlTokenKeys keys;
    private final String issuer;

    AmlTokenController(EndpointEvents endpoints, AmlTokenKeys keys, @Value("${aegis.aml-token.issuer}") String issuer) {
        this.endpoints = endpoints;
        this.keys = keys;
        this.issuer = issuer;
    }

    record TokenRequest(Integer expiresInSeconds) {
    }

    @PostMapping("/api/subscriptions/{sub}/resourceGroups/{rg}/workspaces/{ws}/onlineEndpoints/{endpoint}/token")
    Map<String, Object> token(@PathVariable String sub, @PathVariable String rg, @PathVariable String ws,
                              @PathVariable String endpoint, @RequestBody(required = false) TokenRequest request,
                              @AuthenticationPrincipal Jwt caller) {
        Duration validity = VALIDITY;
        if (request != null && request.expiresInSeconds() != null) {
            if (request.expiresInSeconds() < 1 || request.expiresInSeconds() > VALIDITY.toSeconds()) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                        "'expiresInSeconds' must be between 1 and " + VALIDITY.toSeconds() + ".");
            }
            validity = Duration.ofSeconds(request.expiresInSeconds());
        }
        String endpointId = "/subscriptions/" + ResourceNames.require("subscription", sub) + "/resourceGroups/"
                + ResourceNames.require("resource group", rg) + "/workspaces/" + ResourceNames.require("workspace", ws)
                + "/onlineEndpoints/" + ResourceNames.require("endpoint", endpoint);
        String mode = endpoints.authMode(endpointId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No endpoint " + endpointId + "."));
        if (!mode.equals("aml_token")) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Tokens are issued for endpoints with auth_mode "
                    + "aml_token; this one uses " + mode + (mode.equals("key") ? " (use listKeys)." : "."));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant expiry = now.plus(validity);
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer(issuer).subject(caller.getSubject())
                .audience(List.of(endpointId)).issuedAt(now).notBefore(now).expiresAt(expiry)
                .id(java.util.UUID.randomUUID().toString())
                // Who holds it, for the telemetry of the requests it makes.
                .claim(KIND_CLAIM, Callers.actorOf(caller).kind().name()).build();
        String token = keys.sign(claims);
        return Map.of("accessToken", token, "tokenType", "Bearer", "expiryTimeUtc", expiry.toString(),
                "refreshAfterTimeUtc", now.plus(validity.dividedBy(2)).toString());
    }

    /** The public key set scoring-service checks aml_token tokens with; open, like any JWKS. */
    @GetMapping(JWKS_PATH)
    Map<String, Object> keys() {
        return keys.publicKeys().toJSONObject();
    }
}
