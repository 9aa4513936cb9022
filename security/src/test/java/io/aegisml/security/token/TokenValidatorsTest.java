package io.aegisml.security.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;

class TokenValidatorsTest {

    static final String ISSUER = "http://localhost:8180/realms/aegis";
    final TokenProperties properties = new TokenProperties(ISSUER, null, null, null, Duration.ofSeconds(5));
    final OAuth2TokenValidator<Jwt> validator = TokenValidators.of(properties);

    static Jwt.Builder valid() {
        Instant now = Instant.now();
        return Jwt.withTokenValue("t").header("alg", "RS256").issuer(ISSUER).audience(List.of("aegis-api"))
                .subject("user-1").issuedAt(now).expiresAt(now.plusSeconds(300));
    }

    @Test
    void acceptsATokenForUs() {
        assertThat(validator.validate(valid().build()).hasErrors()).isFalse();
    }

    @Test
    void refusesExpiredNotYetValidOtherIssuerOtherAudienceNoExpiryAndNoSubject() {
        Instant now = Instant.now();
        assertThat(validator.validate(valid().issuedAt(now.minusSeconds(600)).expiresAt(now.minusSeconds(10)).build())
                .hasErrors()).isTrue();
        assertThat(validator.validate(valid().notBefore(now.plusSeconds(60)).build()).hasErrors()).isTrue();
        assertThat(validator.validate(valid().issuer("http://localhost:8180/realms/master").build()).hasErrors()).isTrue();
        assertThat(validator.validate(valid().audience(List.of("account")).build()).hasErrors()).isTrue();
        assertThat(validator.validate(valid().claims(c -> c.remove("aud")).build()).hasErrors()).isTrue();
        assertThat(validator.validate(valid().claims(c -> c.remove("exp")).build()).hasErrors()).isTrue();
        assertThat(validator.validate(valid().claims(c -> c.remove("sub")).build()).hasErrors()).isTrue();
    }

    @Test
    void defaultsToRs256OnlyAndRejectsUnknownAlgorithms() {
        assertThat(TokenValidators.signatureAlgorithms(properties)).containsExactly(SignatureAlgorithm.RS256);
        TokenProperties none = new TokenProperties(ISSUER, null, null, List.of("none"), null);
        assertThatThrownBy(() -> TokenValidators.signatureAlgorithms(none)).isInstanceOf(NullPointerException.class);
    }
}
