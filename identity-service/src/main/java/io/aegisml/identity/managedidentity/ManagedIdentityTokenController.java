package io.aegisml.identity.managedidentity;

import io.aegisml.identity.amltokens.AmlTokenKeys;
import io.aegisml.identity.endpoints.EndpointEvents;
import io.aegisml.identity.identities.ManagedIdentity;
import io.aegisml.identity.identities.SystemAssignedIdentities;
import io.aegisml.identity.identities.UserAssignedIdentities;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /internal/managedIdentities/token}: the token of the identity an endpoint's deployments run
 * as, for scoring-service's MSI endpoint. Only scoring-service (its own Keycloak client) may ask, and
 * only for an identity the endpoint has: its system-assigned one, or one of the user-assigned ones
 * attached to it ({@code clientId} picks one, as Azure's {@code clientid} parameter does). Not routed
 * by the edge.
 */
@RestController
class ManagedIdentityTokenController {

    /** The audiences a managed-identity token may have: blob storage, as Azure names it. */
    static final List<String> STORAGE_RESOURCES = List.of("https://storage.azure.com/", "https://storage.azure.com");
    static final String IDENTITY_TYPE_CLAIM = "aegis_identity_type";
    static final String IDENTITY_NAME_CLAIM = "aegis_identity_name";
    private static final Duration VALIDITY = Duration.ofHours(1);

    private final EndpointEvents endpoints;
    private final SystemAssignedIdentities systemAssigned;
    private final UserAssignedIdentities userAssigned;
    private final AmlTokenKeys keys;
    private final String issuer;
    private final String runtimeClientId;

    ManagedIdentityTokenController(EndpointEvents endpoints, SystemAssignedIdentities systemAssigned,
                                   UserAssignedIdentities userAssigned, AmlTokenKeys keys,
                                   @Value("${aegis.managed-identity.issuer}") String issuer,
                                   @Value("${aegis.managed-identity.runtime-client-id}") String runtimeClientId) {
        this.endpoints = endpoints;
        this.systemAssigned = systemAssigned;
        this.userAssigned = userAssigned;
        this.keys = keys;
        this.issuer = issuer;
        this.runtimeClientId = runtimeClientId;
    }

    record TokenRequest(String endpoint, String resource, String clientId) {
    }

    @PostMapping("/internal/managedIdentities/token")
    Map<String, Object> token(@RequestBody TokenRequest request, @AuthenticationPrincipal Jwt caller) {
        if (!runtimeClientId.equals(caller.getClaimAsString("azp"))) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Only the deployment runtime (client "
                    + runtimeClientId + ") obtains managed-identity tokens.");
        }
        if (request.endpoint() == null || request.resource() == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'endpoint' and 'resource' are required.");
        }
        if (!STORAGE_RESOURCES.contains(request.resource())) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Tokens are issued for resource "
                    + STORAGE_RESOURCES.get(0) + " (blob storage), not '" + request.resource() + "'.");
        }
        ManagedIdentity identity = identityOf(request.endpoint(), request.clientId());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant expiry = now.plus(VALIDITY);
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer(issuer).subject(identity.principalId())
                .audience(List.of(request.resource())).issuedAt(now).notBefore(now).expiresAt(expiry)
                .id(UUID.randomUUID().toString())
                .claim("oid", identity.principalId())
                .claim("appid", identity.clientId())
                .claim(IDENTITY_TYPE_CLAIM, identity.kind())
                .claim(IDENTITY_NAME_CLAIM, identity.id())
                .claim("xms_az_rid", request.endpoint()) // the resource it runs for
                .build();
        // Azure's MSI answer: expires_on in epoch seconds, as a string.
        return Map.of("access_token", keys.sign(claims), "expires_on", String.valueOf(expiry.getEpochSecond()),
                "resource", request.resource(), "token_type", "Bearer", "client_id", identity.clientId());
    }

    private ManagedIdentity identityOf(String endpointId, String clientId) {
        EndpointEvents.EndpointIdentity configured = endpoints.identityOf(endpointId).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "No endpoint " + endpointId + "."));
        // Not "system_assigned" alone: endpoints recorded before identity types were (type "none" by default)
        // still have the identity made with them, and an endpoint of type none has none.
        List<ManagedIdentity> candidates = configured.type().equals("user_assigned")
                ? configured.userAssignedIdentities().stream().map(userAssigned::managedIdentity)
                        .flatMap(Optional::stream).toList()
                : systemAssigned.of(endpointId).stream().toList();
        if (candidates.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Endpoint " + endpointId
                    + " has no managed identity" + (configured.type().equals("user_assigned")
                    ? " (its user-assigned identities no longer exist)." : "."));
        }
        if (clientId == null || clientId.isBlank()) {
            if (candidates.size() > 1) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Endpoint " + endpointId + " has "
                        + candidates.size() + " user-assigned identities: name one with clientid.");
            }
            return candidates.get(0);
        }
        return candidates.stream().filter(i -> i.clientId().equalsIgnoreCase(clientId.strip())).findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST, "No identity with client id "
                        + clientId + " is assigned to endpoint " + endpointId + "."));
    }
}
