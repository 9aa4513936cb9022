package io.aegisml.security.rbac;

import io.aegisml.security.web.ApiError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks every authenticated request against the caller's role assignments before any handler runs:
 * the action and scope come from the service's {@link OperationMap}; no match is a 404, a refusal a
 * 403 naming the missing action and scope, recorded in the activity log.
 */
public class RbacFilter extends OncePerRequestFilter {

    private final OperationMap operations;
    private final AccessChecks checks;

    public RbacFilter(OperationMap operations, AccessChecks checks) {
        this.operations = operations;
        this.checks = checks;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof Jwt caller)) {
            chain.doFilter(request, response); // public paths: health, metrics
            return;
        }
        Optional<OperationMap.Required> required = operations.required(request);
        if (required.isEmpty()) {
            write(response, 404, "NotFound", "No operation " + request.getMethod() + " " + request.getRequestURI() + ".");
            return;
        }
        if (!required.get().checkedByHandler()) {
            AccessDecision decision = checks.decide(caller, required.get().action(), required.get().scope());
            if (!decision.allowed()) {
                checks.deny(decision, caller, request);
                write(response, 403, "AuthorizationFailed", decision.denialMessage());
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static void write(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write(ApiError.of(code, message).toJson());
    }
}
