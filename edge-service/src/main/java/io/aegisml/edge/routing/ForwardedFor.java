package io.aegisml.edge.routing;

import java.net.InetSocketAddress;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Tells the services who called: {@code X-Forwarded-For} on every proxied request is the address the edge saw,
 * and only that. The gateway's own forwarded-headers filter drops what callers wrote (nothing trusted stands in
 * front of the edge: no trusted proxies are configured) but then adds nothing; this filter, run after it, adds the
 * caller's address. The services believe the header only from the edge: scoring-service decides allowed networks
 * and counts failed attempts by it.
 */
@Component
class ForwardedFor implements HttpHeadersFilter, Ordered {

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        InetSocketAddress peer = exchange.getRequest().getRemoteAddress();
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(input);
        headers.remove("X-Forwarded-For");
        headers.remove("Forwarded");
        if (peer != null && peer.getAddress() != null) {
            headers.set("X-Forwarded-For", peer.getAddress().getHostAddress());
        }
        return headers;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after the gateway's forwarded-headers filters (order 0)
    }
}
