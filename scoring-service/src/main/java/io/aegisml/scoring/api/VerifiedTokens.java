package io.aegisml.scoring.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * A decoder that remembers, for a while, which tokens it verified: checking an RS256 signature costs more than the
 * rest of a small model's request. Tokens are kept by the SHA-256 of their text (never the text itself), at most
 * {@link #MAX_TOKENS} of them, each until its {@code exp} and no longer than {@link #MAX_AGE} after it was verified
 * (so a signing key withdrawn from the key set stops being believed within that time, as the decoder's own key-set
 * cache allows anyway). What can change while a token is remembered is checked again on every hit: its lifetime
 * and that its principal was not deleted or disabled ({@code recheck}); the endpoint's audience and the caller's
 * role are the caller's checks, made on every request. Claims cannot change: the text, hence the signature, is the
 * same.
 */
final class VerifiedTokens {

    static final int MAX_TOKENS = 10_000;
    static final Duration MAX_AGE = Duration.ofSeconds(60);

    private record Verified(Jwt jwt, Instant until) {
    }

    private final JwtDecoder decoder;
    private final OAuth2TokenValidator<Jwt> recheck;
    private final Clock clock;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    VerifiedTokens(JwtDecoder decoder, OAuth2TokenValidator<Jwt> recheck, Clock clock) {
        this.decoder = decoder;
        this.recheck = recheck;
        this.clock = clock;
    }

    /** The token's claims, or the decoder's {@link org.springframework.security.oauth2.jwt.JwtException}. */
    Jwt decode(String token) {
        String key = sha256(token);
        Instant now = clock.instant();
        Verified known = verified.get(key);
        if (known != null && now.isBefore(known.until())) {
            OAuth2TokenValidatorResult result = recheck.validate(known.jwt());
            if (result.hasErrors()) {
                verified.remove(key);
                String why = result.getErrors().iterator().next().getDescription();
                throw new JwtValidationException(why == null ? "The token is no longer valid." : why, result.getErrors());
            }
            return known.jwt();
        }
        Jwt jwt = decoder.decode(token);
        Instant until = now.plus(MAX_AGE);
        if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isBefore(until)) {
            until = jwt.getExpiresAt();
        }
        if (verified.size() >= MAX_TOKENS) {
            verified.values().removeIf(entry -> !now.isBefore(entry.until()));
            if (verified.size() >= MAX_TOKENS) {
                verified.clear(); // a flood of distinct tokens: start again rather than grow
            }
        }
        verified.put(key, new Verified(jwt, until));
        return jwt;
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
