package io.aegisml.security.rbac;

import io.aegisml.security.token.Callers;
import io.aegisml.security.web.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.server.ResponseStatusException;

/** Checks a permission from inside a handler; a refusal is a 403 naming the action and scope, and is recorded. */
public class AccessChecks {

    private final AccessView view;
    private final AccessDenials denials;

    public AccessChecks(AccessView view, AccessDenials denials) {
        this.view = view;
        this.denials = denials;
    }

    public AccessDecision decide(Jwt caller, String action, String scope) {
        return view.policy().decide(caller.getSubject(), action, scope);
    }

    public void require(Jwt caller, String action, String scope, HttpServletRequest request) {
        require(caller, action, scope, request.getMethod(), request.getRequestURI(), RequestIdFilter.correlationId(request));
    }

    /** The same for a request that did not come through a servlet (the data plane's own listener). */
    public void require(Jwt caller, String action, String scope, String method, String path, String correlationId) {
        AccessDecision decision = decide(caller, action, scope);
        if (!decision.allowed()) {
            denials.record(decision, Callers.actorOf(caller), method, path, correlationId);
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, decision.denialMessage());
        }
    }

    /** Records the refusal and returns the 403 to throw. */
    public ResponseStatusException deny(AccessDecision decision, Jwt caller, HttpServletRequest request) {
        denials.record(decision, Callers.actorOf(caller), request.getMethod(), request.getRequestURI(),
                RequestIdFilter.correlationId(request));
        return new ResponseStatusException(HttpStatus.FORBIDDEN, decision.denialMessage());
    }

    public AccessPolicy policy() {
        return view.policy();
    }
}
