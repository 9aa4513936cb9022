package io.aegisml.identity.managedidentity;

import io.aegisml.identity.amltokens.AmlTokenKeys;
import io.aegisml.security.rbac.AccessView;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Checks a managed identity's token for blob storage, as the storage data plane would: signed by identity-service's
 * key, this issuer, an audience of blob storage, not expired, a managed identity's, and the identity not deleted.
 * No Keycloak token is involved, so Spring Security's resource server does not see these requests.
 */
@Component
class ManagedIdentityTokens {

    private final AmlTokenKeys keys;
    private final AccessView view;
    private final String issuer;
    private volatile NimbusJwtDecoder decoder;

    ManagedIdentityTokens(AmlTokenKeys keys, AccessView view, @Value("${aegis.managed-identity.issuer}") String issuer) {
        this.keys = keys;
        this.view = view;
        this.issuer = issuer;
    }

    /** The request's bearer token, checked; 401 otherwise, in our own words (never the decoder's). */
    Jwt storageToken(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized("A managed-identity token is required (Authorization: Bearer ...).");
        }
        try {
            Jwt jwt = decoder().decode(header.substring(7).strip());
            if (view.isDeleted(jwt.getSubject())) {
                throw unauthorized("The managed identity was deleted.");
            }
            return jwt;
        } catch (JwtException e) {
            // Our own words: the decoder's message names its internals.
            throw unauthorized("Invalid managed-identity token: not signed by this platform, expired, or not for "
                    + "blob storage.");
        }
    }

    private NimbusJwtDecoder decoder() {
        if (decoder == null) {
            NimbusJwtDecoder fresh = keys.decoder();
            fresh.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer),
                    jwt -> jwt.getAudience() != null && jwt.getAudience().stream()
                            .anyMatch(ManagedIdentityTokenController.STORAGE_RESOURCES::contains)
                            && jwt.hasClaim(ManagedIdentityTokenController.IDENTITY_TYPE_CLAIM)
                            ? OAuth2TokenValidatorResult.success()
                            : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                            "not a managed-identity token for blob storage", null))));
            decoder = fresh;
        }
        return decoder;
    }

    private static ResponseStatusException unauthorized(String message) {
        return new ResponseStatusException(HttpStatus.UNAUTHORIZED, message);
    }
}
