package io.aegisml.edge.errors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Replaces Boot's default handler (HTML or its own JSON with a trace option) for anything thrown
 * while routing: no route, a bounded body overrun, an unreachable service, a bug.
 */
@Component
@Order(-2)
class JsonErrorHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(JsonErrorHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (exchange.getResponse().isCommitted()) {
            // Part of a proxied answer is already on the wire; all that is left is to drop the connection.
            return Mono.error(failure);
        }
        ErrorResponse known = knownCause(failure);
        HttpStatusCode status = known == null ? HttpStatus.INTERNAL_SERVER_ERROR : known.getStatusCode();
        String message = known instanceof ResponseStatusException e && e.getReason() != null ? e.getReason()
                : defaultMessage(status);
        if (known == null) {
            log.error("Unexpected failure at the edge", failure);
        } else if (status.is5xxServerError()) {
            log.warn("{} {}: {}", status.value(), exchange.getRequest().getPath(), failure.toString());
        }
        // Headers a service already sent (its Content-Length, say) describe a body we are not sending.
        exchange.getResponse().getHeaders().clear();
        return ApiErrors.write(exchange, status, message);
    }

    /** Netty and Reactor sometimes wrap the exception that says what went wrong; look inside. */
    private static ErrorResponse knownCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ErrorResponse response) {
                return response;
            }
        }
        return null;
    }

    private static String defaultMessage(HttpStatusCode status) {
        return switch (status.value()) {
            case 404 -> "No resource exists at this path.";
            case 405 -> "This method is not supported on this path.";
            case 500 -> "The edge failed to process the request; quote the request id when reporting it.";
            default -> HttpStatus.resolve(status.value()) == null ? "The request failed."
                    : HttpStatus.resolve(status.value()).getReasonPhrase() + ".";
        };
    }
}
