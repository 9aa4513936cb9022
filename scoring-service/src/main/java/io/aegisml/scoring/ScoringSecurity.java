package io.aegisml.scoring;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The score paths authenticate themselves, by the endpoint's auth mode (a key is not a token), so
 * Spring Security lets them through to that check; so does the MSI endpoint (by MSI_SECRET); health is open, metrics need a token and
 * the platform's metrics role; anything else is refused (deny by default).
 */
@Configuration
class ScoringSecurity {

    /**
     * The score paths skip Spring Security's filter chain altogether: they authenticate in code (a key
     * is not a token), and on the hot path every filter counts. Request ids and JSON errors are plain
     * servlet filters and still apply.
     */
    @Bean
    org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer scoringPathsBypassTheChain() {
        return web -> web.ignoring().requestMatchers("/endpoints/**", "/msi/**");
    }

    @Bean
    SecurityFilterChain scoringFilterChain(HttpSecurity http, io.aegisml.security.rbac.RbacFilter rbac) throws Exception {
        // After authentication: the metrics' root-scope role (the score paths do not pass through this chain).
        http.addFilterAfter(rbac, org.springframework.security.web.access.intercept.AuthorizationFilter.class);
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/endpoints/**", "/msi/**").permitAll()
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/error").permitAll()
                        // A token, then the RbacFilter's root-scope check (Aegis.Insights/metrics/read).
                        .requestMatchers("/actuator/prometheus").authenticated()
                        .anyRequest().denyAll())
                .oauth2ResourceServer(rs -> rs.jwt(jwt -> { }).authenticationEntryPoint((req, res, e) -> {
                    res.setStatus(401);
                    res.setContentType("application/json");
                    res.getWriter().write(io.aegisml.security.web.ApiError.of("Unauthorized",
                            "A valid bearer token is required.").toJson());
                }))
                .exceptionHandling(ex -> ex.accessDeniedHandler((req, res, e) -> {
                    res.setStatus(404);
                    res.setContentType("application/json");
                    res.getWriter().write(io.aegisml.security.web.ApiError.of("NotFound",
                            "No operation " + req.getMethod() + " " + req.getRequestURI() + ".").toJson());
                }).authenticationEntryPoint((req, res, e) -> {
                    res.setStatus(404);
                    res.setContentType("application/json");
                    res.getWriter().write(io.aegisml.security.web.ApiError.of("NotFound",
                            "No operation " + req.getMethod() + " " + req.getRequestURI() + ".").toJson());
                }));
        return http.build();
    }
}
