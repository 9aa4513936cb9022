package io.aegisml.edge.routing;

import java.net.InetSocketAddress;
import org.springframework.beans.factory.annotation.Value;
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
 * and counts failed attempts by it. To scoring-service the edge also proves it is the edge ({@value #PROOF}, a secret
 * the two share, {@code AEGIS_EDGE_PROXY_SECRET}): on one host every local process calls from loopback too, and
 * without the proof its X-Forwarded-For would be believed as well. A caller's own proof header is always dropped.
 */
@Component
class ForwardedFor implements HttpHeadersFilter, Ordered {

    static final String PROOF = "X-Aegis-Edge-Proof";

    private final String proof;

    ForwardedFor(@Value("${aegis.edge.proxy-secret:}") String proof) {
        this.proof = proof;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        InetSocketAddress peer = exchange.getRequest().getRemoteAddress();
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(input);
        headers.remove("X-Forwarded-For");
        headers.remove("Forwarded");
        headers.remove(PROOF);
        if (peer != null && peer.getAddress() != null) {
            headers.set("X-Forwarded-For", peer.getAddress().getHostAddress());
        }
        org.springframework.cloud.gateway.route.Route route =
                exchange.getAttribute(org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (!proof.isEmpty() && route != null && "scoring".equals(route.getId())) {
            headers.set(PROOF, proof); // only to scoring-service, the one service that needs it
        }
        return headers;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after the gateway's forwarded-headers filters (order 0)
    }
}
