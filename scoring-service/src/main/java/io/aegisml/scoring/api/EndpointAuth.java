package io.aegisml.scoring.api;

import io.aegisml.events.Actor;
import io.aegisml.scoring.catalog.ServedEndpoint;
import io.aegisml.security.token.Callers;
import io.aegisml.security.rbac.AccessChecks;
import io.aegisml.security.rbac.Actions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Authenticates a score request the way its endpoint says ({@code auth_mode}), against in-memory
 * state only: a key is compared by its SHA-256 with the hashes published for the endpoint; an
 * {@code aad_token} is a Keycloak token whose principal holds score/action on the endpoint.
 */
@Component
class EndpointAuth {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EndpointAuth.class);

    private final VerifiedTokens tokens;
    private final VerifiedTokens amlTokens;
    private final AccessChecks access;

    private final io.aegisml.security.rbac.AccessDenials denials;

    EndpointAuth(JwtDecoder tokens, AccessChecks access, io.aegisml.security.rbac.AccessView view,
                 io.aegisml.security.rbac.AccessDenials denials,
                 @Value("${aegis.aml-token.jwk-set-uri}") String amlJwkSetUri,
                 @Value("${aegis.aml-token.issuer}") String amlIssuer,
                 @Value("${aegis.security.token.clock-skew:30s}") java.time.Duration clockSkew) {
        this.access = access;
        this.denials = denials;
        // What can change while a verified token is remembered, checked again on every hit.
        org.springframework.security.oauth2.core.OAuth2TokenValidator<Jwt> recheck =
                new org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator<>(
                        new org.springframework.security.oauth2.jwt.JwtTimestampValidator(clockSkew),
                        new io.aegisml.security.rbac.LivePrincipalValidator(view));
        this.tokens = new VerifiedTokens(tokens, recheck, java.time.Clock.systemUTC());
        // identity-service's own signing key, RS256 only; expiry, not-before and issuer checked here, and that
        // its principal was not deleted or disabled since (a token must not outlive its principal); the
        // audience (this endpoint) per request.
        NimbusJwtDecoder aml = NimbusJwtDecoder.withJwkSetUri(amlJwkSetUri).jwsAlgorithm(SignatureAlgorithm.RS256).build();
        aml.setJwtValidator(new org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator<>(
                new org.springframework.security.oauth2.jwt.JwtTimestampValidator(clockSkew),
                new org.springframework.security.oauth2.jwt.JwtIssuerValidator(amlIssuer),
                new io.aegisml.security.rbac.LivePrincipalValidator(view)));
        this.amlTokens = new VerifiedTokens(aml, recheck, java.time.Clock.systemUTC());
    }

    private final FailedAttempts failures = new FailedAttempts();

    /**
     * The caller, or a refusal: 401 for a missing or wrong credential, 429 once this client failed too
     * often on this endpoint (whatever it sends then). A key holder is known by the endpoint and key slot only.
     */
    Actor authenticate(ServedEndpoint endpoint, ScoreCall request) {
        String client = request.clientAddress();
        long wait = failures.retryAfterSeconds(endpoint.id(), client);
        if (wait > 0) {
            throw new ScoringFailure(HttpStatus.TOO_MANY_REQUESTS, "Too many failed authentication attempts on this "
                    + "endpoint from " + client + "; retry after " + wait + " s.", Map.of("Retry-After", String.valueOf(wait)), 0);
        }
        try {
            return check(endpoint, request);
        } catch (ScoringFailure failure) {
            if (failure.status() == HttpStatus.UNAUTHORIZED && failures.failed(endpoint.id(), client)) {
                log.warn("Endpoint {}: {} failed authentication attempts from {} within a minute; refusing it for the rest "
                        + "of the minute", endpoint.id(), FailedAttempts.LIMIT, client);
                denials.authenticationLimited(endpoint.id(), client, FailedAttempts.LIMIT,
                        FailedAttempts.WINDOW_MILLIS / 1000, request.correlationId());
            }
            throw failure;
        }
    }

    private Actor check(ServedEndpoint endpoint, ScoreCall request) {
        String authorization = request.header("Authorization");
        String credential = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        return switch (endpoint.authMode()) {
            case "key" -> {
                if (credential == null || credential.isEmpty()) {
                    throw unauthorized("This endpoint uses key authentication: send 'Authorization: Bearer <key>'.");
                }
                byte[] hash = sha256(credential);
                if (matches(hash, endpoint.primaryKeyHash())) {
                    yield new Actor(endpoint.id(), Actor.Kind.EndpointKey, "primary");
                }
                if (matches(hash, endpoint.secondaryKeyHash())) {
                    yield new Actor(endpoint.id(), Actor.Kind.EndpointKey, "secondary");
                }
                throw unauthorized("The key is not valid for this endpoint.");
            }
            case "aad_token" -> {
                if (credential == null || credential.isEmpty()) {
                    throw unauthorized("This endpoint uses aad_token authentication: send 'Authorization: Bearer <token>'.");
                }
                Jwt jwt;
                try {
                    jwt = tokens.decode(credential);
                } catch (JwtException e) {
                    throw unauthorized(invalidToken(e));
                }
                try {
                    access.require(jwt, Actions.ENDPOINTS_SCORE, endpoint.id(), request.method(), request.path(),
                            request.correlationId());
                } catch (ResponseStatusException e) {
                    throw new ScoringFailure(HttpStatus.FORBIDDEN, e.getReason());
                }
                yield Callers.actorOf(jwt);
            }
            case "aml_token" -> {
                if (credential == null || credential.isEmpty()) {
                    throw unauthorized("This endpoint uses aml_token authentication: get a token with POST "
                            + ".../onlineEndpoints/" + endpoint.name() + "/token and send 'Authorization: Bearer <token>'.");
                }
                Jwt jwt;
                try {
                    jwt = amlTokens.decode(credential);
                } catch (JwtException e) {
                    throw unauthorized(invalidToken(e));
                }
                if (jwt.getAudience() == null || !jwt.getAudience().contains(endpoint.id())) {
                    throw unauthorized("The token was issued for another endpoint.");
                }
                String kind = jwt.getClaimAsString("principal_kind");
                yield new Actor(jwt.getSubject(), kind != null && kind.matches("User|ServicePrincipal|ManagedIdentity")
                        ? Actor.Kind.valueOf(kind) : Actor.Kind.User, "aml_token");
            }
            default -> throw unauthorized("This endpoint's auth_mode " + endpoint.authMode() + " is not known.");
        };
    }

    /** What is wrong, in our words: the decoder's own message would echo its internals (and the token's claims). */
    private static String invalidToken(JwtException e) {
        String detail = String.valueOf(e.getMessage());
        if (detail.contains("expired")) {
            return "The token has expired.";
        }
        if (detail.contains("deleted or disabled")) {
            return "The token's principal was deleted or disabled.";
        }
        return "The token is not valid (malformed, wrongly signed, or from another issuer).";
    }

    private static boolean matches(byte[] hash, String expectedHex) {
        return expectedHex != null && MessageDigest.isEqual(hash, HexFormat.of().parseHex(expectedHex));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ScoringFailure unauthorized(String message) {
        return new ScoringFailure(HttpStatus.UNAUTHORIZED, message, java.util.Map.of("WWW-Authenticate", "Bearer"), 0);
    }
}
