package io.aegisml.edge.tokens;

import static org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers.pathMatchers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * Two chains. {@code /api/**} needs a valid bearer token (the edge exposes no metrics over HTTP). Everything else is
 * open only where it must be — the data plane (scoring-service checks endpoint keys and tokens itself) and
 * health — and denied otherwise, answered as 404 since the edge serves nothing there.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class EdgeSecurity {

    /** The authority's public paths, as the edge routes them to identity-service (application.yml, route authority). */
    static final String[] AUTHORITY_PATHS = {"/*/oauth2/token", "/*/oauth2/v2.0/token", "/*/oauth2/devicecode",
        "/*/oauth2/v2.0/devicecode", "/*/oauth2/authorize", "/*/oauth2/v2.0/authorize", "/*/oauth2/logout",
        "/*/oauth2/v2.0/logout", "/*/v2.0/.well-known/openid-configuration", "/*/.well-known/openid-configuration",
        "/*/discovery/instance", "/*/discovery/keys", "/*/discovery/v2.0/keys", "/*/userrealm/*", "/*/UserRealm/*",
        "/metadata/endpoints"};

    @Bean
    @Order(1)
    SecurityWebFilterChain controlPlane(ServerHttpSecurity http) {
        return stateless(http)
                .securityMatcher(pathMatchers("/api/**"))
                .authorizeExchange(exchanges -> exchanges.anyExchange().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> { })
                        .authenticationEntryPoint(Refusals.unauthorized())
                        .authenticationFailureHandler(Refusals.unauthorizedOrUnavailable())
                        .accessDeniedHandler(Refusals.forbidden()))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(Refusals.unauthorized())
                        .accessDeniedHandler(Refusals.forbidden()))
                .build();
    }

    @Bean
    @Order(2)
    SecurityWebFilterChain everythingElse(ServerHttpSecurity http) {
        return stateless(http)
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/endpoints/**", "/actuator/health", "/actuator/health/**").permitAll()
                        // Azure AD's token and discovery paths: a token request is authenticated by its own form.
                        .pathMatchers(AUTHORITY_PATHS).permitAll()
                        .anyExchange().denyAll())
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(Refusals.notFound())
                        .accessDeniedHandler(Refusals.notFoundDenied()))
                .build();
    }

    /** No sessions, cookies, login pages or CSRF tokens: every call carries its own credential. */
    private static ServerHttpSecurity stateless(ServerHttpSecurity http) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                // HSTS is connections/StrictTransportFilter's: on every answer, and not for loopback names.
                .headers(headers -> headers.hsts(ServerHttpSecurity.HeaderSpec.HstsSpec::disable))
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance());
    }
}
