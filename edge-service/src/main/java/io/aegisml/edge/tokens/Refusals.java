package io.aegisml.edge.tokens;

import io.aegisml.edge.errors.ApiErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The JSON answers of the security chains: 401, 403, 503 when keys are unavailable, and 404. */
final class Refusals {

    private static final Logger log = LoggerFactory.getLogger(Refusals.class);

    private Refusals() {
    }

    /** 401 with {@code WWW-Authenticate: Bearer}; why the token failed goes to the log, not the caller. */
    static ServerAuthenticationEntryPoint unauthorized() {
        return (exchange, e) -> {
            boolean tokenPresented = e instanceof InvalidBearerTokenException;
            if (tokenPresented) {
                log.debug("Bearer token refused: {}", e.getMessage());
            }
            return ApiErrors.write(exchange, HttpStatus.UNAUTHORIZED,
                    tokenPresented ? "The bearer token is not valid." : "A valid bearer token is required.",
                    headers -> headers.set(HttpHeaders.WWW_AUTHENTICATE,
                            tokenPresented ? "Bearer error=\"invalid_token\"" : "Bearer"));
        };
    }

    /** A token that could not be checked because the keys could not be fetched is not the caller's fault. */
    static ServerAuthenticationFailureHandler unauthorizedOrUnavailable() {
        ServerAuthenticationEntryPoint unauthorized = unauthorized();
        return (filterExchange, e) -> {
            if (e instanceof AuthenticationServiceException) {
                log.warn("Could not check a bearer token: {}", e.getMessage());
                return ApiErrors.write(filterExchange.getExchange(), HttpStatus.SERVICE_UNAVAILABLE,
                        "The token signing keys are unavailable; retry later.");
            }
            return unauthorized.commence(filterExchange.getExchange(), e);
        };
    }

    static ServerAccessDeniedHandler forbidden() {
        return (exchange, e) -> ApiErrors.write(exchange, HttpStatus.FORBIDDEN,
                "The caller is not allowed to perform this operation.");
    }

    /** For paths the edge does not serve: denied, and said the way a missing page is. */
    static ServerAuthenticationEntryPoint notFound() {
        return (exchange, e) -> notFound(exchange);
    }

    static ServerAccessDeniedHandler notFoundDenied() {
        return (exchange, e) -> notFound(exchange);
    }

    private static Mono<Void> notFound(ServerWebExchange exchange) {
        return ApiErrors.write(exchange, HttpStatus.NOT_FOUND, "No resource exists at this path.");
    }
}
