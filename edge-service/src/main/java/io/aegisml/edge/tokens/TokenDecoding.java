package io.aegisml.edge.tokens;

import io.aegisml.security.token.TokenProperties;
import io.aegisml.security.token.TokenValidators;
import io.netty.channel.ChannelOption;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

/**
 * The reactive twin of the security library's servlet decoder: keys from the JWKS, only the
 * configured asymmetric algorithms (so {@code alg: none} and HS256-with-the-public-key fail), and
 * the shared claim checks (expiry present and not passed, nbf, issuer, audience).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TokenProperties.class)
class TokenDecoding {

    /** An identity provider that hangs must not hang every request waiting for its keys. */
    private static final Duration JWKS_TIMEOUT = Duration.ofSeconds(5);

    @Bean
    ReactiveJwtDecoder jwtDecoder(TokenProperties properties) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwkSetUri())
                .jwsAlgorithms(algorithms -> algorithms.addAll(List.of(TokenValidators.signatureAlgorithms(properties))))
                .webClient(WebClient.builder().clientConnector(new ReactorClientHttpConnector(HttpClient.create()
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) JWKS_TIMEOUT.toMillis())
                        .responseTimeout(JWKS_TIMEOUT))).build())
                .build();
        decoder.setJwtValidator(TokenValidators.of(properties));
        // Failing to fetch the keys surfaces as a plain IllegalStateException, which would become a
        // 500. As a JwtException it becomes an AuthenticationServiceException, which Refusals answers
        // with 503: the token may be fine, the identity provider is what is missing.
        return token -> decoder.decode(token).onErrorMap(e -> !(e instanceof JwtException),
                e -> new JwtException("The token signing keys could not be obtained", e));
    }
}
