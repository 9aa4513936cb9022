package io.aegisml.identity.managedidentity;

import io.aegisml.identity.storage.StorageAccess;
import io.aegisml.security.rbac.AccessDecision;
import io.aegisml.security.rbac.AccessDenials;
import io.aegisml.security.rbac.AccessView;
import io.aegisml.security.token.Callers;
import io.aegisml.security.web.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /internal/storage/sas} with a managed-identity token as bearer and
 * {@code {"account", "container"}}: a read-only SAS for that one container, short-lived, if the identity
 * holds the blob read action there or above (Storage Blob Data Reader, or a custom role). The token is
 * checked here (signature by identity-service's key, issuer, audience blob storage, expiry, identity not
 * deleted) since no Keycloak token is involved; a refusal names the identity, the action and the scope,
 * and is in the activity log like any other.
 */
@RestController
class StorageSasController {

    private static final Duration LONGEST = Duration.ofHours(1);

    private final StorageAccess storage;
    private final AccessView view;
    private final AccessDenials denials;
    private final ManagedIdentityTokens tokens;
    private final Duration validity;

    StorageSasController(StorageAccess storage, AccessView view, AccessDenials denials, ManagedIdentityTokens tokens,
                         @Value("${aegis.managed-identity.sas-validity}") Duration validity) {
        this.storage = storage;
        this.view = view;
        this.denials = denials;
        this.tokens = tokens;
        this.validity = validity;
    }

    record SasRequest(String account, String container, Integer expiresInSeconds) {
    }

    @PostMapping("/internal/storage/sas")
    ResponseEntity<Map<String, Object>> sas(@RequestBody(required = false) SasRequest body, HttpServletRequest request) {
        Jwt token = tokens.storageToken(request); // before anything else: without a token, 401 whatever the body
        if (body == null || body.account() == null || body.container() == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'account' and 'container' are required.");
        }
        Duration asked = validity;
        if (body.expiresInSeconds() != null) {
            if (body.expiresInSeconds() < 1 || body.expiresInSeconds() > LONGEST.toSeconds()) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'expiresInSeconds' must be between 1 and "
                        + LONGEST.toSeconds() + ".");
            }
            asked = Duration.ofSeconds(body.expiresInSeconds());
        }
        String correlationId = RequestIdFilter.correlationId(request);
        StorageAccess.SasOutcome outcome = storage.readOnlySas(body.account(), body.container(), token.getSubject(),
                Callers.actorOf(token), view.policy(), asked, correlationId);
        if (outcome instanceof StorageAccess.SasOutcome.Issued issued) {
            return ResponseEntity.ok(issued.body());
        }
        if (outcome instanceof StorageAccess.SasOutcome.NoSuchContainer missing) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, missing.message());
        }
        AccessDecision decision = ((StorageAccess.SasOutcome.Denied) outcome).decision();
        denials.record(decision, Callers.actorOf(token), request.getMethod(), request.getRequestURI(), correlationId);
        throw new ResponseStatusException(HttpStatus.FORBIDDEN, "The managed identity "
                + token.getClaimAsString(ManagedIdentityTokenController.IDENTITY_NAME_CLAIM) + " (principal "
                + token.getSubject() + ") does not have '" + decision.action() + "' on '" + decision.scope()
                + "' or any scope above it: assign it Storage Blob Data Reader (or a role with that data action) there.");
    }

}
