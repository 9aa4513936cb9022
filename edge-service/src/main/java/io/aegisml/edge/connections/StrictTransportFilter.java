package io.aegisml.edge.connections;

import io.aegisml.security.network.StrictTransport;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * HSTS on every answer given over TLS, the edge's own refusals written before Spring Security's filters (413 for a
 * declared body over the limit) included: first of all filters, just before the answer is committed. The value is
 * {@link StrictTransport}'s (a year; none for loopback names). Spring Security's own HSTS writer is off.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class StrictTransportFilter implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getSslInfo() != null) {
            String value = StrictTransport.forHost(exchange.getRequest().getHeaders().getFirst("Host"));
            if (value != null) {
                exchange.getResponse().beforeCommit(() -> {
                    exchange.getResponse().getHeaders().set(StrictTransport.HEADER, value);
                    return Mono.empty();
                });
            }
        }
        return chain.filter(exchange);
    }
}
