package io.aegisml.edge.requestid;

import static io.aegisml.security.web.RequestIds.CLIENT_REQUEST_ID;
import static io.aegisml.security.web.RequestIds.CORRELATION_ID;
import static io.aegisml.security.web.RequestIds.REQUEST_ID;

import io.aegisml.security.web.RequestIds;
import java.util.UUID;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Chooses the request id (the client's if it is plain, else a new UUID) and the correlation id,
 * sends both downstream and returns the request id on every response. First of all filters, so a
 * 401 or 413 written by the edge itself carries the id too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIdFilter implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders incoming = exchange.getRequest().getHeaders();
        String requestId = plainOr(incoming.getFirst(REQUEST_ID), UUID.randomUUID().toString());
        String correlationId = plainOr(incoming.getFirst(CORRELATION_ID), requestId);
        String clientRequestId = incoming.getFirst(CLIENT_REQUEST_ID);
        boolean echoClientId = RequestIds.isAcceptable(clientRequestId);
        exchange.getAttributes().put(EdgeRequestIds.ATTRIBUTE, requestId);

        ServerHttpResponse response = exchange.getResponse();
        // At commit time and with set(): the proxied service answers with its own copy of these
        // headers, which the gateway adds to ours; clients expect exactly one value.
        response.beforeCommit(() -> {
            response.getHeaders().set(REQUEST_ID, requestId);
            if (echoClientId) {
                response.getHeaders().set(CLIENT_REQUEST_ID, clientRequestId);
            } else {
                response.getHeaders().remove(CLIENT_REQUEST_ID);
            }
            return Mono.empty();
        });

        ServerHttpRequest downstream = exchange.getRequest().mutate().headers(headers -> {
            headers.set(REQUEST_ID, requestId);
            headers.set(CORRELATION_ID, correlationId);
            if (!echoClientId) {
                headers.remove(CLIENT_REQUEST_ID);
            }
        }).build();
        return chain.filter(exchange.mutate().request(downstream).build());
    }

    /** A caller's id is used only if it is short and plain: it ends up in logs and headers. */
    private static String plainOr(String candidate, String fallback) {
        return RequestIds.isAcceptable(candidate) ? candidate : fallback;
    }
}
