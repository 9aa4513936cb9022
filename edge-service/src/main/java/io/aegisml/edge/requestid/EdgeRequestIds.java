package io.aegisml.edge.requestid;

import org.springframework.web.server.ServerWebExchange;

/** The request id the edge chose for an exchange, for anything that answers on the edge's behalf. */
public final class EdgeRequestIds {

    /** An exchange attribute rather than a request header: error handlers see the original request. */
    static final String ATTRIBUTE = EdgeRequestIds.class.getName() + ".requestId";

    private EdgeRequestIds() {
    }

    public static String of(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }
}
