package io.aegisml.edge.errors;

import io.aegisml.edge.requestid.EdgeRequestIds;
import io.aegisml.security.web.ApiError;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Writes an {@link ApiError} response: the one way anything at the edge says no. */
public final class ApiErrors {

    private ApiErrors() {
    }

    public static Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String message) {
        return write(exchange, status, message, headers -> { });
    }

    public static Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String message,
                                   Consumer<HttpHeaders> extraHeaders) {
        // The id comes from the exchange, not the MDC that ApiError.of reads: on an event loop the
        // MDC belongs to whichever request ran last on the thread.
        String json = new ApiError(new ApiError.Body(ApiError.codeFor(status), message, EdgeRequestIds.of(exchange))).toJson();
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().setContentLength(body.length);
        extraHeaders.accept(response.getHeaders());
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
