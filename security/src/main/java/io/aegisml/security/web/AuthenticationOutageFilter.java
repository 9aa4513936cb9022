package io.aegisml.security.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * When tokens cannot be checked at all (the identity provider's keys are unreachable), Spring
 * Security rethrows; without this the caller would see a 500. It is our outage, not their fault:
 * 503 with a JSON body, as the edge answers.
 */
public class AuthenticationOutageFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AuthenticationOutageFilter.class);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (AuthenticationServiceException e) {
            log.warn("Cannot check tokens now: {}", e.getMessage());
            if (!response.isCommitted()) {
                ServletSecurityAutoConfiguration.writeError(response, HttpStatus.SERVICE_UNAVAILABLE,
                        "ServiceUnavailable", "Tokens cannot be checked right now; try again shortly.");
            }
        }
    }
}
