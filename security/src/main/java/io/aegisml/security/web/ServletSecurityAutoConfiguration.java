package io.aegisml.security.web;

import io.aegisml.security.token.TokenProperties;
import io.aegisml.security.token.TokenValidators;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import io.aegisml.security.rbac.AccessView;
import io.aegisml.security.rbac.LivePrincipalValidator;
import io.aegisml.security.rbac.RbacFilter;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Every servlet service: only health and metrics are open; everything else needs a valid token
 * (deny by default). Failures answer with an {@link ApiError} body, never an HTML page.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(TokenProperties.class)
public class ServletSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(TokenProperties properties, ObjectProvider<AccessView> accessView) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri())
                .jwsAlgorithms(algs -> algs.addAll(java.util.List.of(TokenValidators.signatureAlgorithms(properties))))
                .build();
        AccessView view = accessView.getIfAvailable();
        decoder.setJwtValidator(view == null ? TokenValidators.of(properties)
                : new DelegatingOAuth2TokenValidator<>(TokenValidators.of(properties), new LivePrincipalValidator(view)));
        return decoder;
    }

    @Bean
    @ConditionalOnMissingBean
    SecurityFilterChain apiSecurity(HttpSecurity http, ObjectProvider<RbacFilter> rbac,
                                    @org.springframework.beans.factory.annotation.Value("${aegis.security.public-paths:}")
                                    String[] publicPaths) throws Exception {
        // Role checks run after Spring Security has authenticated the caller (deny by default).
        rbac.ifAvailable(filter -> http.addFilterAfter(filter, AuthorizationFilter.class));
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        // Metrics are not public: a token, and the root-scope role the RbacFilter checks.
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/v3/api-docs/**", "/error").permitAll()
                        // A service's own public documents (a JWK set), named in its configuration.
                        .requestMatchers(publicPaths).permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(rs -> rs
                        .jwt(jwt -> { })
                        .authenticationEntryPoint((req, res, e) -> writeError(res, HttpStatus.UNAUTHORIZED,
                                "Unauthorized", "A valid bearer token is required."))
                        .accessDeniedHandler((req, res, e) -> writeError(res, HttpStatus.FORBIDDEN,
                                "Forbidden", "The caller is not allowed to perform this operation.")))
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint((req, res, e) -> writeError(res, HttpStatus.UNAUTHORIZED,
                                "Unauthorized", "A valid bearer token is required."))
                        .accessDeniedHandler((req, res, e) -> writeError(res, HttpStatus.FORBIDDEN,
                                "Forbidden", "The caller is not allowed to perform this operation.")));
        return http.build();
    }

    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        // Before Spring Security, so that a 401 also carries x-request-id.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<CanonicalPathFilter> canonicalPathFilter() {
        FilterRegistrationBean<CanonicalPathFilter> registration = new FilterRegistrationBean<>(new CanonicalPathFilter());
        // Before Spring Security and routing: nothing behind it sees a second spelling of a resource id.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    @Bean
    FilterRegistrationBean<AuthenticationOutageFilter> authenticationOutageFilter() {
        FilterRegistrationBean<AuthenticationOutageFilter> registration =
                new FilterRegistrationBean<>(new AuthenticationOutageFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1); // around Spring Security's chain
        return registration;
    }

    @Bean
    ApiErrorAdvice apiErrorAdvice() {
        return new ApiErrorAdvice();
    }

    static void writeError(HttpServletResponse response, HttpStatus status, String code, String message)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.getWriter().write(ApiError.of(code, message).toJson());
    }
}
