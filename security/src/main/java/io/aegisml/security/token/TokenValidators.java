package io.aegisml.security.token;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/**
 * The claim checks every service applies, servlet or reactive alike: expiry and not-before (with
 * skew), an expiry and a subject that must be present, issuer, and audience. Signature and algorithm are checked
 * by the decoder, which only accepts {@link #signatureAlgorithms(TokenProperties)}.
 */
public final class TokenValidators {

    private TokenValidators() {
    }

    public static OAuth2TokenValidator<Jwt> of(TokenProperties properties) {
        return new DelegatingOAuth2TokenValidator<>(List.of(
                new JwtTimestampValidator(properties.clockSkew()),
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
                // Every change is attributed to the caller: a token without a subject names nobody.
                new JwtClaimValidator<String>(JwtClaimNames.SUB, sub -> sub != null && !sub.isBlank()),
                new JwtIssuerValidator(properties.issuer()),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        aud -> aud != null && aud.contains(properties.audience()))));
    }

    public static SignatureAlgorithm[] signatureAlgorithms(TokenProperties properties) {
        return properties.algorithms().stream().map(SignatureAlgorithm::from).map(Objects::requireNonNull)
                .toArray(SignatureAlgorithm[]::new);
    }
}
