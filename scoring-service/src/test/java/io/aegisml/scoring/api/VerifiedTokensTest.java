package io.aegisml.scoring.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/** Which decodes reach the signature check, and which checks every hit still makes. */
class VerifiedTokensTest {

    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

    private final AtomicInteger verifications = new AtomicInteger();
    private final AtomicBoolean principalDeleted = new AtomicBoolean();
    private Instant now = T0;
    private Instant expiresAt = T0.plus(Duration.ofMinutes(10));

    private final JwtDecoder decoder = token -> {
        verifications.incrementAndGet();
        if (token.startsWith("bad")) {
            throw new JwtException("signature");
        }
        return Jwt.withTokenValue(token).header("alg", "RS256").subject("sp-1").issuedAt(T0.minusSeconds(60)).expiresAt(expiresAt).build();
    };
    private final VerifiedTokens tokens = new VerifiedTokens(decoder, jwt -> principalDeleted.get()
            ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The principal was deleted or disabled.", null))
            : OAuth2TokenValidatorResult.success(), new Clock() {
                @Override
                public Instant instant() {
                    return now;
                }

                @Override
                public ZoneOffset getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }
            });

    @Test
    void aTokenIsVerifiedOnceAndRememberedByItsText() {
        assertThat(tokens.decode("t-1").getSubject()).isEqualTo("sp-1");
        assertThat(tokens.decode("t-1").getSubject()).isEqualTo("sp-1");
        assertThat(verifications).hasValue(1);
        tokens.decode("t-2");
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aRefusedTokenIsNeverRemembered() {
        assertThatThrownBy(() -> tokens.decode("bad-1")).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> tokens.decode("bad-1")).isInstanceOf(JwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aRememberedTokenIsVerifiedAgainAfterAMinuteAndNeverPastItsExpiry() {
        tokens.decode("t-1");
        now = T0.plus(VerifiedTokens.MAX_AGE);
        tokens.decode("t-1");
        assertThat(verifications).hasValue(2);

        expiresAt = now.plusSeconds(5);
        tokens.decode("t-3");
        now = now.plusSeconds(5);
        tokens.decode("t-3");
        assertThat(verifications).hasValue(4);
    }

    /** Revocation within a second: the principal's liveness is checked on every hit, not only when verified. */
    @Test
    void aDeletedPrincipalsRememberedTokenIsRefusedAtOnce() {
        tokens.decode("t-1");
        principalDeleted.set(true);
        assertThatThrownBy(() -> tokens.decode("t-1")).isInstanceOf(JwtException.class).hasMessageContaining("deleted");
        assertThat(verifications).hasValue(1);
    }

    @Test
    void aFloodOfDistinctTokensDoesNotGrowWithoutBound() {
        for (int i = 0; i <= VerifiedTokens.MAX_TOKENS; i++) {
            tokens.decode("t-" + i);
        }
        tokens.decode("t-0");
        assertThat(verifications).hasValue(VerifiedTokens.MAX_TOKENS + 2); // cleared at the bound: t-0 verified again
    }
}
