package io.aegisml.security.token;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How access tokens are validated. Defaults match the local stack's Keycloak realm {@code aegis}.
 *
 * @param issuer     the only accepted {@code iss}
 * @param jwkSetUri  where the signing keys are published (JWKS)
 * @param audience   a value that must be in {@code aud}
 * @param algorithms the accepted signature algorithms: asymmetric only, so {@code none} and HS256
 *                   signed with a public key are refused
 * @param clockSkew  tolerance for {@code exp} and {@code nbf}
 */
@ConfigurationProperties("aegis.security.token")
public record TokenProperties(String issuer, String jwkSetUri, String audience, List<String> algorithms,
                              Duration clockSkew) {

    public TokenProperties {
        issuer = issuer == null ? "http://localhost:8180/realms/aegis" : issuer;
        jwkSetUri = jwkSetUri == null ? issuer + "/protocol/openid-connect/certs" : jwkSetUri;
        audience = audience == null ? "aegis-api" : audience;
        algorithms = algorithms == null || algorithms.isEmpty() ? List.of("RS256") : List.copyOf(algorithms);
        clockSkew = clockSkew == null ? Duration.ofSeconds(30) : clockSkew;
    }
}
